import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { type Declaration, declare, pulumiCli, useDeclaredStacks } from "../helpers/declared";
import type { TestStack } from "../helpers/pulumi";
import { emulatorOnly, useTestTarget } from "../helpers/target";

/** One step of `pulumi preview --json`. */
interface PreviewStep {
  op: string;
  urn: string;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, { kind: string }>;
}

async function previewSteps(test: TestStack): Promise<PreviewStep[]> {
  const output = await pulumiCli(test, ["preview", "--json"]);
  return (JSON.parse(output) as { steps: PreviewStep[] }).steps.filter((step) => step.op !== "same");
}

/** The native provider (`pulumi-quay/native` and the `pulumi-resource-quay` plugin) through the Pulumi CLI. */
describe("native provider", { timeout: 600_000 }, () => {
  const target = useTestTarget({ gcDelaySeconds: 3, features: { superusersFullAccess: true } });
  let other: Emulator | undefined;
  afterAll(async () => {
    await other?.stop();
  });
  const stack = useDeclaredStacks(target);

  describe("field-level diffs", () => {
    let test: TestStack;
    let org: string;
    const declaration = (team: string, description: string): Declaration[] => [
      { kind: "Organization", name: "org", args: { name: org } },
      { kind: "Team", name: "devs", args: { organization: "@org.name", name: team, description } },
      { kind: "Robot", name: "ci", args: { organization: "@org.name", name: "ci", tokenRotation: "secret:rotation" } },
    ];

    beforeAll(async () => {
      org = target.current.orgName("native-diff");
      test = await stack({ native: "true" });
      await test.stack.setConfig("rotation", { value: "first", secret: true });
      await declare(test, declaration("devs", "Developers"));
      await test.stack.up();
    }, 120_000);

    it("shows the changed fields of an update and of a replacement in preview --json", async () => {
      await declare(test, declaration("devs", "Build and push"));
      const [update] = await previewSteps(test);
      expect(update).toMatchObject({ op: "update", diffReasons: ["description"] });
      expect(update.detailedDiff).toEqual({ description: { kind: "update", inputDiff: true } });
      await declare(test, declaration("developers", "Build and push"));
      const [replace] = await previewSteps(test);
      expect(replace).toMatchObject({ op: "replace", replaceReasons: ["name"] });
      expect(replace.detailedDiff).toMatchObject({ name: { kind: "update-replace" }, description: { kind: "update" } });
    });

    it("names a secret input that changes, without its value", async () => {
      await declare(test, declaration("devs", "Developers"));
      await test.stack.setConfig("rotation", { value: "second-value", secret: true });
      const output = await pulumiCli(test, ["preview", "--json", "--show-secrets=false"]);
      const steps = (JSON.parse(output) as { steps: PreviewStep[] }).steps.filter((step) => step.op !== "same");
      expect(steps).toEqual([expect.objectContaining({ op: "update", diffReasons: ["tokenRotation"] })]);
      expect(output).not.toContain("second-value");
    });
  });

  it("imports every kind by id, and a program declaring them previews no changes", async () => {
    const org = target.current.orgName("native-import");
    const cache = target.current.orgName("native-import-cache");
    const mirror = target.current.orgName("native-import-mirror");
    const user = target.current.orgName("native-import-user");
    const api = target.current.ok;
    await api("POST", "/organization/", { name: org, email: `${org}@example.com` });
    await api("PUT", `/organization/${org}/robots/ci`, { description: "CI" });
    await api("PUT", `/organization/${org}/team/devs`, { role: "creator", description: "Developers" });
    await api("PUT", `/organization/${org}/team/devs/members/${org}+ci`);
    await api("PUT", `/organization/${org}/team/readers`, { role: "member" });
    await api("PUT", `/organization/${org}/team/readers/members/${org}+ci`);
    await api("POST", "/repository", { namespace: org, repository: "app", visibility: "private", description: "App" });
    await api("PUT", `/repository/${org}/app/permissions/team/devs`, { role: "write" });
    const prototype = (
      await api("POST", `/organization/${org}/prototypes`, {
        role: "read",
        delegate: { kind: "team", name: "readers" },
      })
    ).body.id;
    const notification = (
      await api("POST", `/repository/${org}/app/notification/`, {
        event: "repo_push",
        method: "webhook",
        config: { url: "https://hooks.example.com/x" },
        eventConfig: {},
        title: "Pushes",
      })
    ).body.uuid;
    await api("POST", `/repository/${org}/app/mirror`, {
      external_reference: "docker.io/library/nginx",
      sync_interval: 3600,
      sync_start_date: "2026-01-01T00:00:00Z",
      root_rule: { rule_kind: "tag_glob_csv", rule_value: ["latest"] },
      robot_username: `${org}+ci`,
      skopeo_timeout_interval: 300,
    });
    await api("POST", `/organization/${org}/quota`, { limit_bytes: 10 * 1024 ** 3 });
    const prune = (await api("POST", `/organization/${org}/autoprunepolicy/`, { method: "number_of_tags", value: 50 }))
      .body.uuid;
    const immutability = (await api("POST", `/organization/${org}/immutabilitypolicy/`, { tagPattern: "v.*" })).body
      .uuid;
    const clientId = (await api("POST", `/organization/${org}/applications`, { name: "Portal" })).body.client_id;
    await api("POST", "/organization/", { name: cache });
    await api("POST", `/organization/${cache}/proxycache`, { upstream_registry: "quay.io" });
    await api("POST", "/organization/", { name: mirror });
    await api("PUT", `/organization/${mirror}/robots/puller`, { description: "" });
    await api("POST", `/organization/${mirror}/mirror`, {
      external_registry_type: "quay",
      external_registry_url: "https://quay.io",
      external_namespace: "prometheus",
      robot_username: `${mirror}+puller`,
      visibility: "private",
      sync_interval: 86400,
      sync_start_date: "2026-01-01T00:00:00Z",
    });
    await api("POST", "/superuser/users/", { username: user, email: `${user}@example.com` });
    await api("POST", "/messages", {
      message: { content: `Import ${org}`, media_type: "text/markdown", severity: "info" },
    });
    const message = ((await api("GET", "/messages")).body.messages as { uuid: string; content: string }[]).find(
      (entry) => entry.content === `Import ${org}`,
    )!.uuid;

    const imports: [string, string, string, Record<string, unknown>][] = [
      ["Organization", "org", org, { name: org, email: `${org}@example.com` }],
      ["Robot", "ci", `${org}+ci`, { organization: org, name: "ci", description: "CI" }],
      [
        "Team",
        "devs",
        `${org}/devs`,
        { organization: org, name: "devs", role: "creator", description: "Developers", members: [`${org}+ci`] },
      ],
      ["TeamMember", "reader", `${org}/readers/${org}+ci`, { organization: org, team: "readers", member: `${org}+ci` }],
      ["Repository", "app", `${org}/app`, { namespace: org, name: "app", description: "App", state: "MIRROR" }],
      [
        "RepositoryPermission",
        "devs-write",
        `team/devs/${org}/app`,
        { repository: `${org}/app`, team: "devs", role: "write" },
      ],
      [
        "DefaultPermission",
        "readers-read",
        `${org}/${prototype}`,
        { organization: org, delegateTeam: "readers", role: "read" },
      ],
      [
        "RepositoryNotification",
        "pushes",
        `${org}/app/${notification}`,
        {
          repository: `${org}/app`,
          event: "repo_push",
          method: "webhook",
          config: { url: "https://hooks.example.com/x" },
          title: "Pushes",
        },
      ],
      [
        "RepositoryMirror",
        "nginx",
        `${org}/app`,
        {
          repository: `${org}/app`,
          externalReference: "docker.io/library/nginx",
          robot: `${org}+ci`,
          tagPatterns: ["latest"],
          syncIntervalSeconds: 3600,
        },
      ],
      ["Quota", "quota", org, { organization: org, limit: "10 GiB" }],
      ["AutoPrunePolicy", "keep-50", `${org}/${prune}`, { organization: org, keepNewest: 50 }],
      ["TagImmutabilityPolicy", "versions", `${org}/${immutability}`, { organization: org, tagPattern: "v.*" }],
      ["OAuthApplication", "portal", `${org}/${clientId}`, { organization: org, name: "Portal" }],
      ["ProxyCache", "cache", cache, { organization: cache, upstreamRegistry: "quay.io" }],
      [
        "OrganizationMirror",
        "upstream",
        mirror,
        {
          organization: mirror,
          registryType: "quay",
          registryUrl: "https://quay.io",
          namespace: "prometheus",
          robot: `${mirror}+puller`,
        },
      ],
      ["User", "user", user, { username: user, email: `${user}@example.com` }],
      ["GlobalMessage", "notice", message, { content: `Import ${org}` }],
    ];
    const test = await stack({ native: "true" });
    await declare(test, []);
    const file = join(test.dir, "import.json");
    writeFileSync(
      file,
      JSON.stringify({ resources: imports.map(([kind, name, id]) => ({ type: `quay:index:${kind}`, name, id })) }),
    );
    await pulumiCli(test, ["import", "--file", file, "--yes", "--generate-code=false", "--skip-preview"]);
    const exported = (await test.stack.exportStack()).deployment as { resources: { type: string }[] };
    expect(exported.resources.filter((resource) => resource.type.startsWith("quay:index:"))).toHaveLength(17);
    await declare(
      test,
      imports.map(([kind, name, , args]) => ({ kind, name, args })),
    );
    expect(await previewSteps(test)).toEqual([]);
  });

  it("manages a second Quay through an explicit Provider resource", async () => {
    other = await startEmulator();
    const org = target.current.orgName("native-explicit");
    const test = await stack({ native: "true", providerUrl: other.url });
    await test.stack.setConfig("providerToken", { value: other.token, secret: true });
    await declare(test, [
      { kind: "Organization", name: "here", args: { name: org } },
      { kind: "Organization", name: "there", args: { name: "elsewhere" }, provider: true },
    ]);
    await test.stack.up();
    expect((await target.current.api("GET", `/organization/${org}`)).status).toBe(200);
    expect(other.server.state.organizations.has("elsewhere")).toBe(true);
    await test.stack.destroy();
    expect(other.server.state.organizations.has("elsewhere")).toBe(false);
  });

  it("previews a Provider whose URL is not known yet, then uses it", async () => {
    const org = target.current.orgName("native-unknown-url");
    const test = await stack({ native: "true", providerUrl: "@here.quayUrl" });
    await test.stack.setConfig("providerToken", { value: target.current.token, secret: true });
    await declare(test, [
      { kind: "Organization", name: "here", args: { name: org } },
      { kind: "Repository", name: "app", args: { namespace: "@here.name", name: "app" }, provider: true },
    ]);
    expect((await test.stack.preview()).changeSummary).toEqual({ create: 4 });
    await test.stack.up();
    expect((await target.current.api("GET", `/repository/${org}/app`)).status).toBe(200);
  });

  emulatorOnly("refreshes with one list per parent, as the dynamic mode does", "metrics", async () => {
    const org = target.current.orgName("native-refresh");
    const test = await stack({ native: "true" });
    const names = ["alpha", "beta", "gamma", "delta"];
    await declare(test, [
      { kind: "Organization", name: "org", args: { name: org } },
      ...names.map((name) => ({ kind: "Repository", name, args: { namespace: "@org.name", name } })),
      ...names.map((name) => ({ kind: "Team", name: `team-${name}`, args: { organization: "@org.name", name } })),
    ]);
    await test.stack.up();
    const controls = target.current.controls!;
    const before = (await controls.metrics()).total;
    await test.stack.refresh();
    expect((await controls.metrics()).total - before).toBeLessThanOrEqual(3);
  });

  it("takes over a dynamic-mode stack without recreating anything", async () => {
    const org = target.current.orgName("native-migration");
    const test = await stack();
    const declaration: Declaration[] = [
      { kind: "Organization", name: "org", args: { name: org } },
      { kind: "Team", name: "devs", args: { organization: "@org.name", name: "devs" } },
      { kind: "Robot", name: "ci", args: { organization: "@org.name", name: "ci" } },
      { kind: "Repository", name: "app", args: { namespace: "@org.name", name: "app" } },
    ];
    await declare(test, declaration);
    await test.stack.up();
    const token = (await target.current.ok("GET", `/organization/${org}/robots/ci`)).body.token;
    await test.stack.setConfig("native", { value: "true" });
    expect((await previewSteps(test)).map((step) => step.op)).not.toContain("replace");
    const up = await test.stack.up();
    expect(up.summary.resourceChanges?.create ?? 0).toBe(0);
    expect(up.summary.resourceChanges?.delete ?? 0).toBe(0);
    expect((await target.current.ok("GET", `/organization/${org}/robots/ci`)).body.token).toBe(token);
    expect(await previewSteps(test)).toEqual([]);
  });
});
