// Takes about 17 s on the emulator, and 78 s on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTestStack } from "../helpers/pulumi";
import { useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

const root = join(__dirname, "../..");

/** A Python program on the native provider: the Python SDK generated from schema.json, end to end. */
describe("examples/python", { timeout: endToEndTimeout }, () => {
  const target = useTestTarget();

  it("manages an organization with a team and a repository, and a Tenant: up, a no-change preview, destroy", async () => {
    const venv = process.env.PQ_PYTHON_VENV;
    if (!venv) throw new Error("PQ_PYTHON_VENV is not set: run the tests through `npm test` (PQ_PYTHON=1)");
    // The SDK as a user installs it (with its package metadata), beside the virtualenv's pulumi.
    const site = mkdtempSync(join(tmpdir(), "pulumi-quay-python-"));
    // From a copy: pip builds in the source directory, which must stay clean.
    const source = join(site, "source");
    cpSync(join(root, "sdk/python"), source, { recursive: true });
    execFileSync(join(venv, "bin/pip"), ["install", "--quiet", "--no-deps", "--target", join(site, "lib"), source]);
    const org = target.current.orgName("analytics");
    const research = target.current.orgName("research");
    const test = await createTestStack(
      "examples/python",
      {
        "quay:url": { value: target.current.url },
        "quay:token": { value: target.current.token, secret: true },
      },
      { analytics: org, research },
      { PULUMI_PYTHON_VIRTUALENV: venv, PYTHONPATH: join(site, "lib") },
    );
    try {
      const up = await test.stack.up();
      expect(up.summary.resourceChanges).toEqual({ create: 6 });
      expect(up.outputs.repository.value).toBe(`${org}/warehouse`);
      expect(up.outputs.notebooksRobot).toMatchObject({ value: `${research}+notebooks`, secret: true });
      const models = (await target.current.ok("GET", `/repository/${research}/models/permissions/team/`)).body;
      expect(models.permissions.scientists.role).toBe("write");
      const permissions = (await target.current.ok("GET", `/repository/${org}/warehouse/permissions/team/`)).body;
      expect(permissions.permissions.analysts.role).toBe("write");
      expect((await test.stack.preview()).changeSummary).toEqual({ same: 6 });
      await test.stack.destroy();
      expect((await target.current.api("GET", `/organization/${org}`)).status).toBe(404);
      expect((await target.current.api("GET", `/organization/${research}`)).status).toBe(404);
    } finally {
      await test.dispose();
      rmSync(site, { recursive: true, force: true });
    }
  });
});
