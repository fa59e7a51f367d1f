import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { unservedRoutes } from "../emulator/router";
import { kinds, routeTable } from "../provider/catalog";
import { metaOf } from "../provider/resources/_shared/define";
import { referencedKinds } from "../provider/resources/_shared/references";
import { organizationHolds } from "../provider/resources/organization";
import { robotGrantsKept } from "../provider/resources/robot.grants";
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
    // Every route the provider declares is served by an emulator rule of the same method and path, and
    // every rule the emulator declares can be reached (no more specific rule takes its requests).
    expect(unservedRoutes(Object.values(routeTable))).toEqual({ withoutHandler: [], withoutRoute: [] });
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

describe("the lists of kinds beside the catalog", () => {
  const inputSchema = (definition: (typeof kinds)[number]) =>
    JSON.stringify(z.toJSONSchema(definition.inputs, { io: "input", unrepresentable: "any" }));
  const livesIn = (kind: string, seen = new Set<string>()): boolean => {
    const definition = kinds.find((candidate) => candidate.kind === kind);
    if (!definition || seen.has(kind)) return false;
    const referenced = referencedKinds(definition);
    return referenced.includes("Organization") || referenced.some((other) => livesIn(other, new Set([...seen, kind])));
  };

  it("say what an organization's delete does to every kind that lives in an organization", () => {
    const living = kinds.filter((definition) => livesIn(definition.kind)).map((definition) => definition.kind);
    expect(Object.keys(organizationHolds).sort()).toEqual(living.sort());
  });

  it("say what a replaced robot keeps of every kind that names a robot", () => {
    const naming = kinds
      .filter((definition) => inputSchema(definition).includes('"references":"Robot.fullName"'))
      .map((definition) => definition.kind);
    expect(Object.keys(robotGrantsKept).sort()).toEqual(naming.sort());
  });
});
