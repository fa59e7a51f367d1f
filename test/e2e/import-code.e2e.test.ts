// Takes about 1.7 min on the emulator, and 2.9 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { declare, pulumiCli, useDeclaredStacks } from "../helpers/declared";
import { kindsNotSeeded, type SeededObject, seedEveryKind } from "../helpers/every-kind";
import { createTestStack } from "../helpers/pulumi";
import { useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

const root = join(__dirname, "../..");

/**
 * The import file of `seeded`, and of a Tenant: of the organization the seed mirrors into (its robot), which no
 * Organization of the seed declares (a Tenant declares its organization: the two would be one object twice).
 */
function importFile(seeded: readonly SeededObject[]): string {
  const organization = seeded.find((object) => object.kind === "OrganizationMirror")!.id;
  const resources = [
    ...seeded.map(({ kind, name, id }) => ({ type: `quay:index:${kind}`, name, id })),
    { type: "quay:index:Tenant", name: "whole", id: organization },
  ];
  return JSON.stringify({ resources });
}

/**
 * `pulumi import --out` in native mode writes the program that declares what it imported, for every kind and
 * the Tenant, in TypeScript and in Python; that program then previews no change. Imports are protected, as
 * Pulumi makes them; the tests lift that to clean up.
 */
describe("pulumi import --out", { timeout: endToEndTimeout }, () => {
  const target = useTestTarget({ features: { superusersFullAccess: true } });
  const stack = useDeclaredStacks(target);
  const site = mkdtempSync(join(tmpdir(), "pulumi-quay-import-"));
  afterAll(() => rmSync(site, { recursive: true, force: true }));

  it("writes TypeScript that compiles with Pulumi's template tsconfig and previews no change", async () => {
    const seeded = await seedEveryKind(target.current, "import-ts");
    expect(kindsNotSeeded(seeded)).toEqual([]);
    const test = await stack({ native: "true" });
    await declare(test, []);
    writeFileSync(join(test.dir, "import.json"), importFile(seeded));
    const out = join(site, "index.ts");
    await pulumiCli(test, ["import", "--file", join(test.dir, "import.json"), "--yes", "--skip-preview", "--out", out]);
    const program = readFileSync(out, "utf8");
    expect(program).toContain('import * as quay from "pulumi-quay/native";');
    for (const kind of [...new Set(seeded.map((object) => object.kind)), "Tenant"]) {
      expect(program).toContain(`new quay.${kind}(`);
    }
    // Pulumi writes what the import read, a notification's config too (the README says so; `export` writes placeholders).
    expect(program).toContain("hooks.example.com/x");
    // The generated program, as it is, instead of the fixture's.
    writeFileSync(join(test.dir, "index.ts"), program);
    const preview = await test.stack.preview();
    expect(preview.changeSummary).toEqual({ same: seeded.length + 2 });
    await pulumiCli(test, ["state", "unprotect", "--all", "--yes"]);
  });

  it("writes Python that previews no change", async () => {
    const venv = process.env.PQ_PYTHON_VENV;
    if (!venv) throw new Error("PQ_PYTHON_VENV is not set: run the tests through `npm test` (PQ_PYTHON=1)");
    const source = join(site, "python-source");
    cpSync(join(root, "sdk/python"), source, { recursive: true });
    execFileSync(join(venv, "bin/pip"), ["install", "--quiet", "--no-deps", "--target", join(site, "lib"), source]);
    const seeded = await seedEveryKind(target.current, "import-py");
    const test = await createTestStack(
      "examples/python",
      {
        "quay:url": { value: target.current.url },
        "quay:token": { value: target.current.token, secret: true },
      },
      {},
      { PULUMI_PYTHON_VIRTUALENV: venv, PYTHONPATH: join(site, "lib") },
    );
    try {
      writeFileSync(join(test.dir, "__main__.py"), "");
      writeFileSync(join(test.dir, "import.json"), importFile(seeded));
      const out = join(site, "__main__.py");
      await pulumiCli(test, [
        "import",
        "--file",
        join(test.dir, "import.json"),
        "--yes",
        "--skip-preview",
        "--out",
        out,
      ]);
      const program = readFileSync(out, "utf8");
      expect(program).toContain("import pulumi_quay as quay");
      expect(program).toContain("quay.Tenant(");
      writeFileSync(join(test.dir, "__main__.py"), program);
      const preview = await test.stack.preview();
      expect(preview.changeSummary).toEqual({ same: seeded.length + 2 });
      await pulumiCli(test, ["state", "unprotect", "--all", "--yes"]);
      await test.stack.destroy().catch(() => undefined);
    } finally {
      await test.dispose();
    }
  });
});
