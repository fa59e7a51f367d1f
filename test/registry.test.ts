import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { handlers } from "../emulator/server";
import { routes } from "../provider/quay/routes";
import { resources } from "../provider/registry";
import { metaOf } from "../provider/resources/_shared/define";
import * as runtime from "../provider/runtime";

const root = join(__dirname, "..");

describe("registry consistency", () => {
  it.each(resources.map((definition) => [definition.kind, definition] as const))(
    "%s describes every property, has an example, an id format and notes",
    (_kind, definition) => {
      for (const [name, schema] of Object.entries({ ...definition.inputs.shape, ...definition.outputs.shape })) {
        expect(metaOf(schema).description, `${definition.kind}.${name}`).toMatch(/\S{3}/);
      }
      expect(definition.example).toContain(`new quay.${definition.kind}(`);
      expect(definition.id.format).toMatch(/^<.+>$/);
      expect(definition.routes.length).toBeGreaterThan(0);
    },
  );

  it("gives every declared route an emulator handler", () => {
    const missing = Object.keys(routes).filter((key) => !handlers[key]);
    expect(missing).toEqual([]);
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
