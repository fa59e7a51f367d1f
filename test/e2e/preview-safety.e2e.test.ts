// Takes about 1.7 min on the emulator, and 2.9 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { type Declaration, declare, failing, useDeclaredStacks } from "../helpers/declared";
import { useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

/** Mistakes a preview can catch with no API call, secrets that never show, and moves between Quays. */
describe("preview catches mistakes, and nothing prints a secret", { timeout: endToEndTimeout }, () => {
  // Quay's garbage collectors free a deleted mirror's robot within a minute; here, a few requests later.
  const target = useTestTarget({ gcAfterRequests: 5 });
  let other: Emulator | undefined;
  afterAll(async () => {
    await other?.stop();
  });
  // Registered after the hook above, so its stacks are destroyed before the second Quay stops.
  const stack = useDeclaredStacks(target);

  it("stops a program that declares one object twice, naming both resources, before any change", async () => {
    const org = target.current.orgName("twice");
    const test = await stack({ "alias:url": target.current.url });
    await declare(test, [
      { kind: "Organization", name: "org", args: { name: org } },
      { kind: "Repository", name: "app", args: { namespace: "@org.name", name: "app" } },
      { kind: "Repository", name: "app-again", args: { namespace: "@org.name", name: "app" } },
    ]);
    const text = await failing(test.stack.preview());
    expect(text).toContain(`The resources "app" and "app-again" both declare Repository "${org}/app"`);
    // Another connection naming the same Quay is the same Quay.
    await declare(test, [
      { kind: "Organization", name: "org", args: { name: org } },
      { kind: "Organization", name: "org-alias", args: { name: org, connection: "alias" } },
    ]);
    expect(await failing(test.stack.preview())).toContain(
      `The resources "org" and "org-alias" both declare Organization`,
    );
    expect((await target.current.api("GET", `/organization/${org}`)).status).toBe(404);
    // An up that skips the preview creates the object once and never registers the second declaration.
    expect(await failing(test.stack.up())).toContain("both declare Organization");
    const resources = (await test.stack.exportStack()).deployment.resources as { urn: string }[];
    expect(resources.filter((resource) => resource.urn.includes("quay:Organization"))).toHaveLength(1);
  });

  it("fails the preview on missing or invalid connection settings, naming the setting", async () => {
    const test = await stack({ "quay:maxConcurrency": "0" });
    await declare(test, [{ kind: "Organization", name: "org", args: { name: target.current.orgName("unset") } }]);
    expect(await failing(test.stack.preview())).toMatch(/"quay:maxConcurrency" must be/);
    await test.stack.removeConfig("quay:maxConcurrency");
    await declare(test, [
      { kind: "Organization", name: "org", args: { name: target.current.orgName("unset"), connection: "nowhere" } },
    ]);
    expect(await failing(test.stack.preview())).toContain('Quay connection setting "nowhere:url" is not set');
  });

  it("never shows a secret: not in a failed check, nor in the state at rest", async () => {
    const org = target.current.orgName("secrets");
    const password = "upstream-pa55word-never-shown";
    const test = await stack();
    await test.stack.setConfig("upstreamPassword", { value: password, secret: true });
    await test.stack.setConfig("hookUrl", {
      value: "https://hooks.example.com/push?key=hook-s3cret-key",
      secret: true,
    });
    const mirror = (username?: string): Declaration => ({
      kind: "RepositoryMirror",
      name: "mirror",
      args: {
        repository: "@nginx.fullName",
        externalReference: "docker.io/library/nginx",
        robot: "@puller.fullName",
        tagPatterns: ["latest"],
        password: "secret:upstreamPassword",
        ...(username ? { username } : {}),
      },
    });
    const base: Declaration[] = [
      { kind: "Organization", name: "org", args: { name: org } },
      { kind: "Robot", name: "puller", args: { organization: "@org.name", name: "puller" } },
      { kind: "Repository", name: "nginx", args: { namespace: "@org.name", name: "nginx" } },
      {
        kind: "RepositoryNotification",
        name: "pushes",
        args: {
          repository: "@nginx.fullName",
          event: "repo_push",
          method: "webhook",
          config: { url: "secret:hookUrl" },
        },
      },
    ];
    await declare(test, [...base, mirror()]);
    const text = await failing(test.stack.preview());
    expect(text).toContain("password needs username");
    expect(text).not.toContain(password);
    await declare(test, [...base, mirror("reader")]);
    const up = await test.stack.up();
    expect(up.stdout).not.toContain(password);
    const robotToken = (await target.current.ok("GET", `/organization/${org}/robots/puller`)).body.token;
    const state = readFileSync(join(test.dir, ".state/.pulumi/stacks/e2e-declared/e2e.json"), "utf8");
    for (const secret of [password, robotToken, "hook-s3cret-key", target.current.token]) {
      expect(state).not.toContain(secret);
    }
  });

  it("moves an object to another Quay by replacing it, and stops when a connection's URL changes under it", async () => {
    other = await startEmulator();
    const org = target.current.orgName("moving");
    const test = await stack({ "other:url": other.url, "alias:url": other.url });
    await test.stack.setConfig("other:token", { value: other.token, secret: true });
    await test.stack.setConfig("alias:token", { value: other.token, secret: true });
    const declaration = (connection?: string): Declaration[] => [
      { kind: "Organization", name: "org", args: { name: org, ...(connection ? { connection } : {}) } },
    ];
    await declare(test, declaration());
    await test.stack.up();
    // Another Quay: created there first, then deleted here.
    await declare(test, declaration("other"));
    expect((await test.stack.preview()).changeSummary).toEqual({ same: 1, replace: 1 });
    await test.stack.up();
    expect((await target.current.api("GET", `/organization/${org}`)).status).toBe(404);
    expect(other.server.state.organizations.has(org)).toBe(true);
    // Another namespace naming the same Quay: only the state changes.
    await declare(test, declaration("alias"));
    const writes = other.metrics().writes;
    expect((await test.stack.up()).summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(other.metrics().writes).toBe(writes);
    // The URL of the connection in use now names another Quay: the preview stops, nothing moves silently.
    await test.stack.setConfig("alias:url", { value: target.current.url });
    const text = await failing(test.stack.preview());
    expect(text).toContain(`lives in the Quay at ${new URL(other.url).origin}, but alias:url now names`);
    await test.stack.setConfig("alias:url", { value: other.url });
  });
});
