// Takes about 1.8 min on the emulator, and 3.0 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { type Declaration, declare, pulumiCli, useDeclaredStacks } from "../helpers/declared";
import type { TestStack } from "../helpers/pulumi";
import { emulatorOnly, useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

const root = join(__dirname, "../..");
const pack = join(root, "policy");

/** The output of a `pulumi` command that must fail, stdout and stderr. */
async function failingCli(test: TestStack, args: string[]): Promise<string> {
  return pulumiCli(test, args).then(
    (stdout) => expect.unreachable(`the command succeeded:\n${stdout}`),
    (error: { stdout: string; stderr: string }) => `${error.stdout}\n${error.stderr}`,
  );
}

/**
 * The registry policy pack (`policy/`, `pulumi preview --policy-pack node_modules/pulumi-quay/policy`) as
 * a pull request meets it, in both modes, and `pulumi-quay audit` on a registry made by hand.
 */
describe("the registry policy", { timeout: endToEndTimeout }, () => {
  const target = useTestTarget();
  const stack = useDeclaredStacks(target);

  const violating = (org: string): Declaration[] => [
    { kind: "Organization", name: "org", args: { name: org } },
    { kind: "Robot", name: "ci", args: { organization: "@org.name", name: "ci" } },
    { kind: "Repository", name: "site", args: { namespace: "@org.name", name: "site", visibility: "public" } },
    {
      kind: "RepositoryPermission",
      name: "ci-admin",
      args: { repository: `${org}/site`, user: `${org}+ci`, role: "admin" },
    },
  ];
  const compliant = (org: string): Declaration[] => [
    { kind: "Organization", name: "org", args: { name: org } },
    { kind: "Robot", name: "ci", args: { organization: "@org.name", name: "ci" } },
    { kind: "Repository", name: "site", args: { namespace: "@org.name", name: "site" } },
    {
      kind: "RepositoryPermission",
      name: "ci-write",
      args: { repository: `${org}/site`, user: `${org}+ci`, role: "write" },
    },
    { kind: "AutoPrunePolicy", name: "prune", args: { organization: "@org.name", keepNewest: 50 } },
    { kind: "TagImmutabilityPolicy", name: "releases", args: { organization: "@org.name", tagPattern: "^v[0-9].*" } },
  ];

  it.each(["dynamic", "native"])(
    "fails the preview of a violating program, naming rule, resource and field, and passes a compliant one (%s)",
    async (mode) => {
      const org = target.current.orgName(`policy-${mode}`);
      const test = await stack({ native: String(mode === "native") });
      await declare(test, violating(org));
      const failed = await failingCli(test, ["preview", "--policy-pack", pack]);
      expect(failed).toMatch(/\[mandatory\]\s+repository-not-public\s+\(.*Repository: site\)/);
      expect(failed).toContain(`repository ${org}/site is public (visibility "public") and not in allowPublic`);
      expect(failed).toMatch(/\[mandatory\]\s+robot-not-admin\s+\(.*RepositoryPermission: ci-admin\)/);
      expect(failed).toContain(`robot ${org}+ci has role admin on repository ${org}/site`);
      await declare(test, compliant(org));
      const passed = await pulumiCli(test, ["preview", "--policy-pack", pack]);
      expect(passed).not.toContain("[mandatory]");
      // Quotas need a superuser: the advisory rule says the organization has none, and does not fail.
      expect(passed).toMatch(/\[advisory\]\s+organization-has-quota-and-prune-rules/);
    },
  );

  it("names a Tenant's object by its path, takes the pack's configuration, and says what it cannot judge yet", async () => {
    const org = target.current.orgName("policy-tenant");
    const test = await stack({ native: "true" });
    await declare(test, [
      {
        kind: "Tenant",
        name: "tenant",
        args: {
          name: org,
          robots: { ci: {} },
          repositories: { site: { visibility: "public", robots: { ci: "write" } } },
        },
      },
    ]);
    const failed = await failingCli(test, ["preview", "--policy-pack", pack]);
    expect(failed).toContain(`repositories.site: repository ${org}/site is public`);
    const config = join(test.dir, "policy-config.json");
    writeFileSync(config, JSON.stringify({ "repository-not-public": { allowPublic: [`${org}/site`] } }));
    // As the CI example runs it: the flags of its preview step, with this pack and this configuration.
    const workflow = readFileSync(join(root, "examples/ci/registry-preview.yml"), "utf8");
    const step = /pulumi preview (.+?) \\\n\s+(.+?) 2>&1/.exec(workflow);
    expect(step).not.toBeNull();
    const flags = `${step![1]} ${step![2]}`
      .split(/\s+/)
      .map((flag) => (flag === "node_modules/pulumi-quay/policy" ? pack : flag === "policy.json" ? config : flag));
    const stackAt = flags.indexOf("--stack");
    flags.splice(stackAt, 2);
    expect(flags).toEqual(["--non-interactive", "--policy-pack", pack, "--policy-pack-config", config]);
    const allowed = await pulumiCli(test, ["preview", ...flags.filter((flag) => flag !== "--non-interactive")]);
    expect(allowed).not.toContain("[mandatory]");
    // A value the preview cannot know (here one Quay makes when it creates the robot): the rule that reads it
    // says it cannot run yet, and fails nothing.
    await declare(test, [
      { kind: "Organization", name: "org", args: { name: org } },
      { kind: "Robot", name: "ci", args: { organization: "@org.name", name: "ci" } },
      { kind: "Repository", name: "site", args: { namespace: "@org.name", name: "site", visibility: "@ci.token" } },
    ]);
    const unknown = await pulumiCli(test, ["preview", "--policy-pack", pack]);
    expect(unknown).toMatch(/can't run policy 'repository-not-public'.*during preview/);
    expect(unknown).not.toContain("[mandatory]");
  });

  it("analyzes a deployed stack's state with `pulumi policy analyze`", async () => {
    const org = target.current.orgName("policy-analyze");
    const test = await stack();
    await declare(test, [
      { kind: "Organization", name: "org", args: { name: org } },
      { kind: "Repository", name: "site", args: { namespace: "@org.name", name: "site", visibility: "public" } },
    ]);
    await test.stack.up();
    const analyzed = await failingCli(test, ["policy", "analyze", "--policy-pack", pack]);
    expect(analyzed).toMatch(/repository-not-public/);
    expect(analyzed).toContain(`repository ${org}/site is public`);
    await test.stack.destroy();
  });

  emulatorOnly("audits what a Quay holds with the same rules, with GET requests only", "metrics", async () => {
    const org = target.current.orgName("policy-audit");
    const api = target.current.ok;
    await api("POST", "/organization/", { name: org, email: `${org}@example.com` });
    await api("PUT", `/organization/${org}/robots/deployer`, { description: "" });
    await api("POST", "/repository", { namespace: org, repository: "open", visibility: "public", description: "" });
    await api("PUT", `/repository/${org}/open/permissions/user/${org}+deployer`, { role: "admin" });
    const before = (await target.current.controls!.metrics()).writes;
    const audit = (args: string[]) =>
      promisify(execFile)(process.execPath, [join(root, "dist/cli/pulumi-quay.js"), "audit", "--org", org, ...args], {
        env: { ...process.env, QUAY_URL: target.current.url, QUAY_TOKEN: target.current.token },
      });
    const failed = await audit(["--json"]).then(
      () => expect.unreachable("audit found no mandatory violation"),
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed.code).toBe(1);
    const report = JSON.parse(failed.stdout) as {
      violations: { rule: string; enforcementLevel: string; where: string }[];
    };
    expect(report.violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: "repository-not-public",
          enforcementLevel: "mandatory",
          where: `Repository ${org}/open`,
        }),
        expect.objectContaining({ rule: "robot-not-admin", enforcementLevel: "mandatory" }),
        expect.objectContaining({ rule: "organization-has-quota-and-prune-rules", enforcementLevel: "advisory" }),
      ]),
    );
    expect(failed.stdout).not.toContain(target.current.token);
    expect((await target.current.controls!.metrics()).writes).toBe(before);
    const config = join(root, ".e2e", `audit-${org}.json`);
    writeFileSync(config, JSON.stringify({ "repository-not-public": "disabled", "robot-not-admin": "advisory" }));
    const passed = await audit(["--config", config]);
    expect(passed.stdout).toMatch(/advisory\s+robot-not-admin/);
    expect(passed.stdout).not.toContain("repository-not-public");
  });
});
