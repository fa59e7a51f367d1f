// Takes about 2.0 min on the emulator, and 7.4 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { type Declaration, declare, pulumiCli, useDeclaredStacks } from "../helpers/declared";
import { kindsNotSeeded, seedEveryKind } from "../helpers/every-kind";
import type { TestStack } from "../helpers/pulumi";
import { emulatorOnly, useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

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
describe("native provider", { timeout: endToEndTimeout }, () => {
  const target = useTestTarget({ gcAfterRequests: 5, features: { superusersFullAccess: true } });
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
    }, endToEndTimeout);

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
    const seeded = await seedEveryKind(target.current, "native-import");
    expect(kindsNotSeeded(seeded)).toEqual([]);
    const test = await stack({ native: "true" });
    await declare(test, []);
    const file = join(test.dir, "import.json");
    writeFileSync(
      file,
      JSON.stringify({ resources: seeded.map(({ kind, name, id }) => ({ type: `quay:index:${kind}`, name, id })) }),
    );
    await pulumiCli(test, ["import", "--file", file, "--yes", "--generate-code=false", "--skip-preview"]);
    const exported = (await test.stack.exportStack()).deployment as { resources: { type: string }[] };
    expect(exported.resources.filter((resource) => resource.type.startsWith("quay:index:"))).toHaveLength(
      seeded.length,
    );
    await declare(
      test,
      seeded.map(({ kind, name, args }) => ({ kind, name, args })),
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
