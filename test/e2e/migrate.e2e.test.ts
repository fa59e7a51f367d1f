// Takes about 75 s on the emulator, and 4.5 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { describe, expect, it } from "vitest";
import { type Declaration, declare, useDeclaredStacks } from "../helpers/declared";
import type { TestStack } from "../helpers/pulumi";
import { useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

/**
 * Moving a stack to the Tenant form without recreating anything in Quay (robots keep their tokens), with the
 * steps of the README's "Move a stack to a Tenant": retain the old resources, declare the Tenant and adopt.
 */
describe("moving a stack to a Tenant", { timeout: endToEndTimeout }, () => {
  const target = useTestTarget({ gcAfterRequests: 5 });
  const stack = useDeclaredStacks(target);

  /** The Tenant declaring what the old program did. */
  const tenantOf = (org: string): Declaration[] => [
    {
      kind: "Tenant",
      name: "tenant",
      args: {
        name: org,
        teams: { developers: { role: "creator", robots: ["ci"] } },
        robots: { ci: { description: "Pushes from CI" } },
        repositories: { api: { description: "The API", teams: { developers: "write" }, robots: { ci: "write" } } },
      },
    },
  ];

  /** The README's steps; resolves to the writes each made to Quay (when the target counts them). */
  async function move(test: TestStack, org: string): Promise<{ retained: number; adopted: number } | undefined> {
    const writes = async () => (await target.current.controls?.metrics())?.writes;
    const before = await writes();
    await test.stack.setConfig("retainOnDelete", { value: "true" });
    const retain = await test.stack.up();
    expect(retain.summary.result).toBe("succeeded");
    const retained = await writes();
    await test.stack.setAllConfig({ retainOnDelete: { value: "false" }, "quay:adopt": { value: "true" } });
    await declare(test, tenantOf(org));
    const adopt = await test.stack.up();
    expect(adopt.summary.resourceChanges).toMatchObject({ create: 1 });
    const adopted = await writes();
    await test.stack.removeConfig("quay:adopt");
    expect((await test.stack.preview()).changeSummary).toEqual({ same: 2 });
    return before === undefined ? undefined : { retained: retained! - before, adopted: adopted! - retained! };
  }

  it("takes over a stack of per-object resources, writing nothing to Quay", async () => {
    const org = target.current.orgName("move-objects");
    const test = await stack();
    await declare(test, [
      { kind: "Organization", name: "org", args: { name: org } },
      { kind: "Robot", name: "ci", args: { organization: "@org.name", name: "ci", description: "Pushes from CI" } },
      {
        kind: "Team",
        name: "developers",
        args: { organization: "@org.name", name: "developers", role: "creator", members: ["@ci.fullName"] },
      },
      { kind: "Repository", name: "api", args: { namespace: "@org.name", name: "api", description: "The API" } },
      {
        kind: "RepositoryPermission",
        name: "dev-api",
        args: { repository: "@api.fullName", team: "@developers.name", role: "write" },
      },
      {
        kind: "RepositoryPermission",
        name: "ci-api",
        args: { repository: "@api.fullName", user: "@ci.fullName", role: "write" },
      },
    ]);
    await test.stack.up();
    const token = (await target.current.ok("GET", `/organization/${org}/robots/ci`)).body.token;
    const writes = await move(test, org);
    if (writes) expect(writes).toEqual({ retained: 0, adopted: 0 });
    expect((await target.current.ok("GET", `/organization/${org}/robots/ci`)).body.token).toBe(token);
    const roles = await target.current.ok("GET", `/repository/${org}/api/permissions/team/`);
    expect(roles.body.permissions.developers.role).toBe("write");
    const state = await test.stack.exportStack();
    const types = (state.deployment.resources as { type: string }[]).map((resource) => resource.type);
    expect(types.filter((type) => type.includes("quay"))).toEqual(["pulumi-nodejs:dynamic/quay:Tenant"]);
  });

  it("takes over a stack of an OrganizationBlueprint, and the next edit goes through the Tenant", async () => {
    const org = target.current.orgName("move-blueprint");
    const test = await stack();
    await declare(test, [{ ...tenantOf(org)[0], kind: "OrganizationBlueprint", name: "blueprint" }]);
    await test.stack.up();
    const token = (await target.current.ok("GET", `/organization/${org}/robots/ci`)).body.token;
    const writes = await move(test, org);
    if (writes) expect(writes).toEqual({ retained: 0, adopted: 0 });
    expect((await target.current.ok("GET", `/organization/${org}/robots/ci`)).body.token).toBe(token);
    const [tenant] = tenantOf(org);
    const repositories = tenant.args.repositories as Record<string, Record<string, unknown>>;
    await declare(test, [
      {
        ...tenant,
        args: { ...tenant.args, repositories: { api: { ...repositories.api, teams: { developers: "admin" } } } },
      },
    ]);
    expect((await test.stack.up()).summary.resourceChanges).toEqual({ update: 1, same: 1 });
    const roles = await target.current.ok("GET", `/repository/${org}/api/permissions/team/`);
    expect(roles.body.permissions.developers.role).toBe("admin");
  });
});
