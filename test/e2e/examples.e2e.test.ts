import { describe, expect, it } from "vitest";
import { createTestStack } from "../helpers/pulumi";
import { useTestTarget } from "../helpers/target";

/** The programs in examples/, type-checked and run as a user would: up, a no-change preview, destroy. */
const examples: Record<string, { organization: string; config: Record<string, { value: string; secret?: boolean }> }> =
  {
    "examples/quickstart": { organization: "platform", config: {} },
    "examples/organization": { organization: "payments", config: {} },
    // A sync trigger once set is never read back from Quay: refresh must keep it (it used to break refresh).
    "examples/mirror": {
      organization: "mirrors",
      config: { upstreamPassword: { value: "upstream-secret", secret: true }, syncTrigger: { value: "first" } },
    },
  };

describe("examples", { timeout: 240_000 }, () => {
  // Quay's garbage collectors free a deleted mirror's robot within a minute; a few seconds keep the test short.
  const target = useTestTarget({ gcDelaySeconds: 3 });

  it.each(Object.keys(examples))("%s runs up, refreshes and previews no changes, and destroys", async (program) => {
    const { organization, config } = examples[program];
    const org = target.current.orgName(organization);
    const test = await createTestStack(
      program,
      {
        "quay:url": { value: target.current.url },
        "quay:token": { value: target.current.token, secret: true },
        ...config,
      },
      { [organization]: org },
    );
    try {
      const up = await test.stack.up();
      expect(up.summary.result).toBe("succeeded");
      const refresh = await test.stack.refresh();
      expect(refresh.summary.result).toBe("succeeded");
      const preview = await test.stack.preview();
      expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
      const destroy = await test.stack.destroy();
      expect(destroy.summary.result).toBe("succeeded");
      expect((await target.current.api("GET", `/organization/${org}`)).status).toBe(404);
    } finally {
      await test.dispose();
    }
  });
});
