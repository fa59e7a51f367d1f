// Takes about 4.4 min on the emulator, and 7.3 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Declaration, declare, failing, pulumiCli, useDeclaredStacks } from "../helpers/declared";
import type { TestStack } from "../helpers/pulumi";
import { emulatorOnly, useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

/** One step of `pulumi preview --json`. */
interface PreviewStep {
  op: string;
  urn: string;
  detailedDiff?: Record<string, { kind: string }>;
}

/** The steps of `pulumi preview --json` that change something. */
async function changes(test: TestStack): Promise<PreviewStep[]> {
  const output = await pulumiCli(test, ["preview", "--json", "--show-secrets=false"]);
  return (JSON.parse(output) as { steps: PreviewStep[] }).steps.filter((step) => step.op !== "same");
}

/**
 * A whole organization as one `Tenant` resource, through the real Pulumi CLI, in a TypeScript program, in
 * both modes: one resource for many objects, diffs a reviewer reads, refresh and destroy.
 */
describe.each(["dynamic", "native"])("Tenant in %s mode", { timeout: endToEndTimeout }, (mode) => {
  const target = useTestTarget({ features: { superusersFullAccess: true } });
  const stack = useDeclaredStacks(target);
  let test: TestStack;
  let org: string;
  const tenant = (shape: Record<string, unknown> = {}): Declaration[] => [
    {
      kind: "Tenant",
      name: "checkout",
      args: {
        name: org,
        teams: { developers: { role: "creator", robots: ["ci"] }, auditors: {} },
        robots: { ci: { description: "Pushes from CI" }, cluster: {}, mirror: {} },
        repositories: {
          api: {
            teams: { developers: "write", auditors: "read" },
            robots: { cluster: "read" },
            prunePolicies: { "keep-50": { keepNewest: 50 } },
          },
          "upstream/nginx": {
            mirror: {
              externalReference: "docker.io/library/nginx",
              robot: "mirror",
              tagPatterns: ["1.*"],
              username: "reader",
              password: "secret:mirrorPassword",
            },
          },
        },
        defaultPermissions: { "auditors-read": { team: "auditors", role: "read" } },
        quota: { limit: "500 GiB", limits: [{ type: "Reject", thresholdPercent: 100 }] },
        ...shape,
      },
    },
  ];

  /** The edit a reviewer sees: a robot added to a team, a new robot, a team and its grants gone. */
  const edited = (): Declaration[] =>
    tenant({
      teams: { developers: { role: "creator", robots: ["ci", "cluster"] } },
      robots: { ci: { description: "Pushes from CI" }, cluster: {}, mirror: {}, deployer: {} },
      repositories: {
        api: {
          teams: { developers: "write" },
          robots: { cluster: "read" },
          prunePolicies: { "keep-50": { keepNewest: 50 } },
        },
        "upstream/nginx": (tenant()[0].args.repositories as Record<string, unknown>)["upstream/nginx"],
      },
      defaultPermissions: {},
    });

  beforeAll(async () => {
    org = target.current.orgName(`tenant-${mode}`);
    test = await stack(mode === "native" ? { native: "true" } : {});
    await test.stack.setConfig("mirrorPassword", { value: "mirror-pass-1", secret: true });
    await declare(test, tenant());
  }, endToEndTimeout);

  it("creates the organization and everything in it as one resource", async () => {
    const result = await test.stack.up();
    expect(result.summary.resourceChanges).toEqual({ create: 2 });
    const api = target.current.api;
    expect((await api("GET", `/organization/${org}/team/developers/members`)).body.members).toEqual([
      expect.objectContaining({ name: `${org}+ci` }),
    ]);
    expect((await api("GET", `/repository/${org}/api/permissions/team/`)).body.permissions).toMatchObject({
      developers: { role: "write" },
      auditors: { role: "read" },
    });
    expect((await api("GET", `/repository/${org}/upstream/nginx/mirror`)).body.robot_username).toBe(`${org}+mirror`);
  });

  it("keeps every secret out of the state in clear", async () => {
    const state = readFileSync(join(test.dir, ".state/.pulumi/stacks/e2e-declared/e2e.json"), "utf8");
    expect(state).not.toContain("mirror-pass-1");
    const token = (await target.current.api("GET", `/organization/${org}/robots/ci`)).body.token as string;
    expect(state).not.toContain(token);
  });

  emulatorOnly("calls Quay zero times for a no-change preview", "metrics", async () => {
    const before = (await target.current.controls!.metrics()).total;
    expect((await test.stack.preview()).changeSummary).toEqual({ same: 2 });
    expect((await target.current.controls!.metrics()).total - before).toBe(0);
  });

  it("previews a change as the objects and fields it touches", async () => {
    await declare(test, edited());
    const steps = await changes(test);
    expect(steps).toHaveLength(1);
    expect(steps[0].op).toBe("update");
    if (mode === "native") {
      expect(steps[0].detailedDiff).toEqual({
        "teams.developers.robots": { kind: "update", inputDiff: true },
        "teams.auditors": { kind: "delete", inputDiff: true },
        "robots.deployer": { kind: "add", inputDiff: true },
        "repositories.api.teams.auditors": { kind: "delete", inputDiff: true },
        'defaultPermissions["auditors-read"]': { kind: "delete", inputDiff: true },
      });
    }
    const preview = await test.stack.preview({ diff: true });
    expect(preview.stdout).toContain("deployer");
    expect(preview.stdout).not.toContain("mirror-pass-1");
  });

  it("applies only what changed, keeping the robots' tokens", async () => {
    const token = (await target.current.api("GET", `/organization/${org}/robots/ci`)).body.token;
    const result = await test.stack.up();
    expect(result.summary.resourceChanges).toEqual({ update: 1, same: 1 });
    expect((await target.current.api("GET", `/organization/${org}/robots/ci`)).body.token).toBe(token);
    expect((await target.current.api("GET", `/organization/${org}`)).body.teams.auditors).toBeUndefined();
    expect((await test.stack.preview()).changeSummary).toEqual({ same: 2 });
  });

  it("shows a hand-made change at refresh, and the next up puts it back", async () => {
    await target.current.ok("PUT", `/repository/${org}/api/permissions/team/developers`, { role: "admin" });
    const refresh = await test.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    const up = await test.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    const roles = await target.current.api("GET", `/repository/${org}/api/permissions/team/`);
    expect(roles.body.permissions.developers.role).toBe("write");
  });

  it("refuses to destroy an organization that holds what the stack did not make, and destroys it once told to", async () => {
    await target.current.ok("PUT", `/organization/${org}/robots/handmade`);
    expect(await failing(test.stack.destroy())).toMatch(/robot .*handmade/);
    expect((await target.current.api("GET", `/organization/${org}`)).status).toBe(200);
    await declare(
      test,
      edited().map((declaration) => ({ ...declaration, args: { ...declaration.args, forceDelete: true } })),
    );
    await test.stack.up();
    await test.stack.destroy();
    expect((await target.current.api("GET", `/organization/${org}`)).status).not.toBe(200);
  });
});

describe("Tenant import (native mode)", { timeout: endToEndTimeout }, () => {
  const target = useTestTarget();
  const stack = useDeclaredStacks(target);

  it("takes over a hand-made organization whole with pulumi import, with no write, and its program previews no change", async () => {
    const org = target.current.orgName("tenant-import");
    const ok = target.current.ok;
    await ok("POST", "/organization/", { name: org, email: `${org}@example.com` });
    await ok("PUT", `/organization/${org}/robots/ci`, { description: "CI" });
    await ok("PUT", `/organization/${org}/team/devs`, { role: "creator", description: "Developers" });
    await ok("PUT", `/organization/${org}/team/devs/members/${org}+ci`);
    await ok("POST", "/repository", { namespace: org, repository: "api", visibility: "private", description: "API" });
    await ok("PUT", `/repository/${org}/api/permissions/team/devs`, { role: "write" });
    await ok("POST", `/organization/${org}/prototypes`, { role: "read", delegate: { kind: "team", name: "devs" } });
    const test = await stack({ native: "true" });
    await declare(test, []);
    const before = (await target.current.controls?.metrics())?.writes;
    await pulumiCli(test, ["import", "quay:index:Tenant", "legacy", org, "--yes", "--generate-code=false"]);
    if (before !== undefined) expect((await target.current.controls!.metrics()).writes).toBe(before);
    const state = await test.stack.exportStack();
    const imported = (state.deployment.resources as { type: string; inputs: Record<string, unknown> }[]).find(
      (resource) => resource.type === "quay:index:Tenant",
    )!;
    expect(imported.inputs).toMatchObject({
      name: org,
      email: `${org}@example.com`,
      robots: { ci: { description: "CI" } },
      teams: { devs: { role: "creator", description: "Developers", robots: ["ci"] } },
      repositories: { api: { description: "API", teams: { devs: "write" } } },
    });
    await declare(test, [
      {
        kind: "Tenant",
        name: "legacy",
        args: {
          name: org,
          email: `${org}@example.com`,
          robots: { ci: { description: "CI" } },
          teams: { devs: { role: "creator", description: "Developers", members: [], robots: ["ci"] } },
          repositories: { api: { description: "API", teams: { devs: "write" } } },
          defaultPermissions: { "devs-read": { team: "devs", role: "read" } },
        },
      },
    ]);
    expect((await test.stack.preview()).changeSummary).toEqual({ same: 2 });
  });
});
