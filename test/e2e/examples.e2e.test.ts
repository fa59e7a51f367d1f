// Takes about 2.2 min on the emulator, and 7.7 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { describe, expect, it } from "vitest";
import { createTestStack } from "../helpers/pulumi";
import { type TestTarget, useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

/** An example, the organization it creates (renamed on a real Quay), and what must exist before it. */
interface Example {
  organization?: string;
  config?: Record<string, { value: string; secret?: boolean }>;
  setup?: (target: TestTarget) => Promise<Record<string, { value: string }>>;
}

/** The programs in examples/, type-checked and run as a user would: up, refresh, a no-change preview, destroy. */
const examples: Record<string, Example> = {
  "examples/quickstart": { organization: "platform" },
  "examples/organization": { organization: "payments" },
  // A sync trigger once set is never read back from Quay: refresh must keep it (it used to break refresh).
  "examples/mirror": {
    organization: "mirrors",
    config: { upstreamPassword: { value: "upstream-secret", secret: true }, syncTrigger: { value: "first" } },
  },
  "examples/tenant": {
    organization: "checkout",
    config: { deployHook: { value: "https://hooks.example.com/quay/hook-token", secret: true } },
  },
  "examples/blueprint": { organization: "storefront" },
  // Lookups read what another team made: make it first, by hand.
  "examples/lookup": {
    setup: async (target) => {
      const platform = target.orgName("shared-platform");
      await target.ok("POST", "/organization/", { name: platform });
      await target.ok("PUT", `/organization/${platform}/robots/puller`, { description: "Pulls" });
      await target.ok("POST", "/repository", {
        namespace: platform,
        repository: "base/alpine",
        visibility: "public",
        description: "",
      });
      return { platformOrganization: { value: platform } };
    },
  },
};

describe("examples", { timeout: endToEndTimeout }, () => {
  // Quay's garbage collectors free a deleted mirror's robot within a minute; here, a few requests later.
  // Quotas need a superuser with full access.
  const target = useTestTarget({ gcAfterRequests: 5, features: { superusersFullAccess: true } });

  it.each(Object.keys(examples))("%s runs up, refreshes and previews no changes, and destroys", async (program) => {
    const { organization, config = {}, setup } = examples[program];
    const org = organization === undefined ? undefined : target.current.orgName(organization);
    const extra = setup ? await setup(target.current) : {};
    const test = await createTestStack(
      program,
      {
        "quay:url": { value: target.current.url },
        "quay:token": { value: target.current.token, secret: true },
        ...config,
        ...extra,
      },
      organization === undefined || org === undefined ? {} : { [organization]: org },
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
      if (org !== undefined) expect((await target.current.api("GET", `/organization/${org}`)).status).toBe(404);
    } finally {
      await test.dispose();
    }
  });

  it("examples/lookup reads the robot's token as a secret and creates nothing", async () => {
    const setup = examples["examples/lookup"].setup!;
    const extra = await setup({ ...target.current, orgName: (base) => target.current.orgName(`${base}-2`) });
    const test = await createTestStack("examples/lookup", {
      "quay:url": { value: target.current.url },
      "quay:token": { value: target.current.token, secret: true },
      ...extra,
    });
    try {
      const up = await test.stack.up();
      expect(up.summary.resourceChanges).toEqual({ create: 1 });
      expect(up.outputs.pullSecret).toMatchObject({ secret: true });
      // The organization's name as this run made it (a real Quay's carries the run's prefix).
      const platform = String((extra.platformOrganization as { value: string }).value);
      expect(String(up.outputs.baseImage.value).endsWith(`/${platform}/base/alpine`)).toBe(true);
    } finally {
      await test.dispose();
    }
  });
});
