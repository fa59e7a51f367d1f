// Takes about 9 s on the emulator, and 56 s on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { describe, expect, it } from "vitest";
import { createTestStack } from "../helpers/pulumi";
import { useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

/** A Pulumi YAML program on the native provider: no SDK at all, the schema the plugin serves. */
describe("examples/yaml", { timeout: endToEndTimeout }, () => {
  const target = useTestTarget();

  it("manages an organization, a robot and a repository it pulls, and a Tenant: up, a no-change preview, destroy", async () => {
    const org = target.current.orgName("delivery");
    const test = await createTestStack("examples/yaml", {
      "quay:url": { value: target.current.url },
      "quay:token": { value: target.current.token, secret: true },
      orgName: { value: org },
    });
    try {
      const up = await test.stack.up();
      expect(up.summary.resourceChanges).toEqual({ create: 6 });
      expect(up.outputs.repository.value).toBe(`${org}/app`);
      const runbooks = (await target.current.ok("GET", `/repository/${org}-ops/runbooks/permissions/team/`)).body;
      expect(runbooks.permissions.oncall.role).toBe("write");
      expect(up.outputs.pullSecret.secret).toBe(true);
      const users = (await target.current.ok("GET", `/repository/${org}/app/permissions/user/`)).body.permissions;
      expect(users[`${org}+deployer`].role).toBe("read");
      expect((await test.stack.preview()).changeSummary).toEqual({ same: 6 });
      await test.stack.destroy();
      expect((await target.current.api("GET", `/organization/${org}`)).status).toBe(404);
      expect((await target.current.api("GET", `/organization/${org}-ops`)).status).toBe(404);
    } finally {
      await test.dispose();
    }
  });
});
