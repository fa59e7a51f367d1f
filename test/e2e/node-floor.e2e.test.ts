// Takes about 46 s on the emulator, and 2.2 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { declare } from "../helpers/declared";
import { createTestStack } from "../helpers/pulumi";
import { useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

/**
 * The oldest Node.js the package supports (`engines` in package.json) runs a TypeScript program in both modes:
 * the program, the dynamic providers and the native plugin all on it.
 */
describe("on the oldest Node.js the package supports", { timeout: endToEndTimeout }, () => {
  const target = useTestTarget();
  const floor = process.env.PQ_FLOOR_NODE;
  if (!floor) throw new Error("PQ_FLOOR_NODE is not set: run the tests through `npm test` (PQ_TEST=1)");

  it.each(["dynamic", "native"])("runs up, a no-change preview and destroy in %s mode", async (mode) => {
    const org = target.current.orgName(`floor-${mode}`);
    const test = await createTestStack(
      "declared",
      {
        "quay:url": { value: target.current.url },
        "quay:token": { value: target.current.token, secret: true },
        native: { value: String(mode === "native") },
      },
      {},
      { PATH: `${dirname(floor)}:${process.env.PATH}`, PULUMI_QUAY_NODE: floor },
    );
    try {
      await declare(test, [
        { kind: "Organization", name: "org", args: { name: org } },
        { kind: "Robot", name: "ci", args: { organization: "@org.name", name: "ci" } },
        {
          kind: "Tenant",
          name: "tenant",
          args: { name: `${org}-tenant`, teams: { devs: { robots: ["ci"] } }, robots: { ci: {} } },
        },
      ]);
      const up = await test.stack.up();
      expect(up.summary.resourceChanges).toEqual({ create: 4 });
      expect(up.stdout + up.stderr).not.toMatch(/Unsupported engine|SyntaxError/);
      expect((await test.stack.preview()).changeSummary).toEqual({ same: 4 });
      await test.stack.destroy();
    } finally {
      await test.dispose();
    }
  });

  it("is the version package.json states", async () => {
    const { execFileSync } = await import("node:child_process");
    const version = execFileSync(floor!, ["--version"]).toString().trim();
    const { readFileSync } = await import("node:fs");
    const stated = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")).engines.node;
    expect(stated).toBe(`>=${version.slice(1)}`);
  });
});
