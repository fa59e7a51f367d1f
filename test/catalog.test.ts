import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unservedRoutes } from "../emulator/router";
import { kinds, routeTable } from "../provider/catalog";
import { metaOf } from "../provider/resources/_shared/define";
import * as runtime from "../provider/runtime";

const root = join(__dirname, "..");

describe("the catalog of kinds", () => {
  it.each(kinds.map((definition) => [definition.kind, definition] as const))(
    "%s describes every property and has an example, an id format, a natural key, routes and a valid sample",
    async (_kind, definition) => {
      for (const [name, schema] of Object.entries({ ...definition.inputs.shape, ...definition.outputs.shape })) {
        expect(metaOf(schema).description, `${definition.kind}.${name}`).toMatch(/\S{3}/);
      }
      expect(definition.example).toContain(`new quay.${definition.kind}(`);
      expect(definition.id.format).toMatch(/^<.+>$/);
      for (const key of definition.naturalKey) expect(Object.keys(definition.inputs.shape)).toContain(key);
      expect(Object.keys(definition.routes).length).toBeGreaterThan(0);
      expect((await runtime.check(definition.kind, {}, definition.sample)).failures).toEqual([]);
    },
  );

  it("has one kind per file in provider/resources/", () => {
    const files = readdirSync(join(root, "provider/resources")).filter((name) => /^[a-z-]+\.ts$/.test(name));
    expect(files.filter((name) => name !== "index.ts")).toHaveLength(kinds.length);
  });

  it("gives every route an emulator handler, and every handler a route", () => {
    expect(unservedRoutes()).toEqual({ withoutHandler: [], withoutRoute: [] });
    expect(Object.keys(routeTable).length).toBeGreaterThan(30);
  });

  it("keeps the runtime's compatibility contract", () => {
    for (const name of ["check", "diff", "create", "read", "update", "deleteResource"]) {
      expect(typeof (runtime as Record<string, unknown>)[name], name).toBe("function");
    }
  });

  it("has generated files that match `npm run gen`", () => {
    expect(() =>
      execFileSync(process.execPath, [join(root, "dist/scripts/gen.js"), "--check"], { stdio: "pipe" }),
    ).not.toThrow();
  });
});
