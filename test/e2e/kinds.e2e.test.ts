// Takes about 71 s on the emulator, and 3.0 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { afterAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { type Declaration, declare, useDeclaredStacks } from "../helpers/declared";
import { useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

/** The kinds no example runs, through the Pulumi CLI: up, a no-change preview and refresh, an edit, destroy. */
describe("more kinds with the real Pulumi CLI", { timeout: endToEndTimeout }, () => {
  const target = useTestTarget({ gcAfterRequests: 5 });
  let ldap: Emulator | undefined;
  afterAll(async () => {
    await ldap?.stop();
  });
  const stack = useDeclaredStacks(target);

  it("ProxyCache, OrganizationMirror, Robot federation, User and GlobalMessage", async () => {
    const cache = target.current.orgName("kinds-cache");
    const mirror = target.current.orgName("kinds-mirror");
    const user = target.current.orgName("kinds-user");
    const test = await stack();
    await test.stack.setConfig("hubToken", { value: "hub-s3cret", secret: true });
    await test.stack.setConfig("userPassword", { value: "correct-horse", secret: true });
    const declaration = (edited: boolean): Declaration[] => [
      { kind: "Organization", name: "cache", args: { name: cache } },
      {
        kind: "ProxyCache",
        name: "hub",
        args: {
          organization: "@cache.name",
          upstreamRegistry: "docker.io",
          username: "puller",
          password: "secret:hubToken",
          expirationSeconds: edited ? 7200 : 3600,
        },
      },
      { kind: "Organization", name: "mirror", args: { name: mirror } },
      {
        kind: "Robot",
        name: "puller",
        args: {
          organization: "@mirror.name",
          name: "puller",
          federation: [
            { issuer: "https://token.actions.githubusercontent.com", subject: edited ? "repo:a/b" : "repo:a/c" },
          ],
        },
      },
      {
        kind: "OrganizationMirror",
        name: "upstream",
        args: {
          organization: "@mirror.name",
          registryType: "quay",
          registryUrl: "https://quay.io",
          namespace: "prometheus",
          robot: "@puller.fullName",
          repositoryFilters: edited ? ["node-*", "alertmanager"] : ["node-*"],
        },
      },
      {
        kind: "User",
        name: "user",
        args: { username: user, email: `${user}@example.com`, password: "secret:userPassword", enabled: !edited },
      },
      {
        kind: "GlobalMessage",
        name: "notice",
        args: { content: `Maintenance for ${user}`, severity: edited ? "warning" : "info" },
      },
    ];
    await declare(test, declaration(false));
    const up = await test.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 8 });
    expect((await test.stack.preview()).changeSummary).toEqual({ same: 8 });
    await test.stack.refresh();
    expect((await test.stack.preview()).changeSummary).toEqual({ same: 8 });
    await declare(test, declaration(true));
    const edit = await test.stack.up();
    // Quay cannot update a proxy cache or a message: those two are replaced.
    expect(edit.summary.resourceChanges).toEqual({ same: 3, update: 3, replace: 2 });
    expect((await target.current.ok("GET", `/organization/${mirror}/mirror`)).body.repository_filters).toEqual([
      "node-*",
      "alertmanager",
    ]);
    expect((await target.current.ok("GET", `/superuser/users/${user}`)).body.enabled).toBe(false);
    expect((await test.stack.preview()).changeSummary).toEqual({ same: 8 });
    await test.stack.destroy();
    for (const org of [cache, mirror])
      expect((await target.current.api("GET", `/organization/${org}`)).status).toBe(404);
  });

  it("Team syncing with an LDAP group, on a Quay with LDAP authentication", async () => {
    ldap = await startEmulator({ authentication: "LDAP", features: { teamSyncing: true } });
    const test = await stack({ "quay:url": ldap.url });
    await test.stack.setConfig("quay:token", { value: ldap.token, secret: true });
    const declaration = (group: string): Declaration[] => [
      { kind: "Organization", name: "org", args: { name: "synced" } },
      { kind: "Team", name: "devs", args: { organization: "@org.name", name: "devs", syncGroup: group } },
    ];
    await declare(test, declaration("cn=devs,ou=groups"));
    await test.stack.up();
    const members = async () => (await fetchJson(ldap!, "/organization/synced/team/devs/members")).synced;
    expect(await members()).toMatchObject({ service: "ldap", config: { group_dn: "cn=devs,ou=groups" } });
    await declare(test, declaration(""));
    expect((await test.stack.up()).summary.resourceChanges).toEqual({ same: 2, update: 1 });
    expect(await members()).toBeUndefined();
    expect((await test.stack.preview()).changeSummary).toEqual({ same: 3 });
  });
});

async function fetchJson(emulator: Emulator, path: string): Promise<any> {
  const response = await fetch(`${emulator.url}/api/v1${path}`, {
    headers: { authorization: `Bearer ${emulator.token}` },
  });
  return response.json();
}
