// Takes about 2.1 min on the emulator, and 5.2 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { describe, expect, it } from "vitest";
import { type Declaration, declare, failing, useDeclaredStacks } from "../helpers/declared";
import { emulatorOnly, useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

/**
 * What a preview catches before a pull request is merged: names the program writes that neither Quay nor
 * the program has, a token Quay refuses, a URL that answers nothing. Each is asked of Quay with GET
 * requests only; a no-op preview of a program that names nothing it does not declare asks nothing.
 */
describe("checks at preview", { timeout: endToEndTimeout }, () => {
  const target = useTestTarget();
  const stack = useDeclaredStacks(target);
  const writes = async () => (await target.current.controls?.metrics())?.writes;

  const organization = (org: string): Declaration => ({ kind: "Organization", name: "org", args: { name: org } });

  it("stops a preview that names a user, a team or a namespace Quay does not have, naming each", async () => {
    const org = target.current.orgName("checks");
    const test = await stack();
    const before = await writes();
    const cases: [Declaration, string][] = [
      [
        { kind: "Team", name: "devs", args: { organization: "@org.name", name: "devs", members: ["ghost-of-devs"] } },
        'members names "ghost-of-devs", a user Quay does not have',
      ],
      [
        { kind: "TeamMember", name: "member", args: { organization: org, team: "owners", member: `${org}+ghost` } },
        `member names "${org}+ghost", a robot Quay does not have`,
      ],
      [
        {
          kind: "RepositoryPermission",
          name: "grant",
          args: { repository: `${org}/app`, team: "ghosts", role: "read" },
        },
        'team names "ghosts", a team of organization',
      ],
      [
        { kind: "Repository", name: "app", args: { namespace: "no-such-namespace", name: "app" } },
        'namespace names "no-such-namespace", an organization (or a user\'s namespace) Quay does not have',
      ],
    ];
    for (const [declaration, message] of cases) {
      await declare(test, [organization(org), declaration]);
      const text = await failing(test.stack.preview());
      expect(text).toContain(`The resource "${declaration.name}" refers to what neither Quay nor this program has`);
      expect(text).toContain(message);
      expect(text).toContain("quay:previewChecks false");
    }
    if (before !== undefined) expect(await writes()).toBe(before);
  });

  it("names each missing member of a Tenant by its path", async () => {
    const org = target.current.orgName("checks-tenant");
    const test = await stack();
    await declare(test, [
      {
        kind: "Tenant",
        name: "tenant",
        args: {
          name: org,
          robots: { ci: {} },
          teams: { devs: { members: [target.current.user, "ghost-in-tenant"], robots: ["ci"] } },
          repositories: { app: { users: { "ghost-reader": "read" }, robots: { ci: "write" } } },
        },
      },
    ]);
    const text = await failing(test.stack.preview());
    expect(text).toContain('teams.devs.members names "ghost-in-tenant", a user Quay does not have');
    expect(text).toContain('repositories.app.users.ghost-reader names "ghost-reader", a user Quay does not have');
    expect(text).not.toContain(`"${target.current.user}"`);
  });

  it("takes what the program declares, even written as plain names, and can be turned off", async () => {
    const org = target.current.orgName("checks-declared");
    const test = await stack();
    const declared: Declaration[] = [
      organization(org),
      { kind: "Robot", name: "ci", args: { organization: "@org.name", name: "ci" } },
      { kind: "Team", name: "devs", args: { organization: org, name: "devs", members: [`${org}+ci`] } },
      { kind: "Repository", name: "app", args: { namespace: org, name: "app" } },
      { kind: "RepositoryPermission", name: "grant", args: { repository: `${org}/app`, team: "devs", role: "read" } },
      // Quay makes an organization's `owners` team with it.
      { kind: "TeamMember", name: "owner", args: { organization: org, team: "owners", member: target.current.user } },
    ];
    await declare(test, declared);
    // The stack itself is one more to create.
    expect((await test.stack.preview()).changeSummary).toEqual({ create: 7 });
    await declare(test, [
      organization(org),
      { kind: "Team", name: "devs", args: { organization: "@org.name", name: "devs", members: ["ghost-ignored"] } },
    ]);
    await test.stack.setConfig("quay:previewChecks", { value: "false" });
    expect((await test.stack.preview()).changeSummary).toEqual({ create: 3 });
  });

  emulatorOnly(
    "asks each name once, with GET requests only, and nothing when nothing is named",
    "metrics",
    async () => {
      const controls = target.current.controls!;
      const org = target.current.orgName("checks-cost");
      const test = await stack();
      const member = (name: string): Declaration => ({
        kind: "TeamMember",
        name: `member-${name}`,
        args: { organization: "@org.name", team: "@devs.name", member: target.current.user },
      });
      await declare(test, [
        organization(org),
        { kind: "Team", name: "devs", args: { organization: "@org.name", name: "devs" } },
        { kind: "Team", name: "ops", args: { organization: "@org.name", name: "ops", members: [target.current.user] } },
        member("a"),
      ]);
      await test.stack.up();
      let before = await controls.metrics();
      expect((await test.stack.preview()).changeSummary).toEqual({ same: 5 });
      let after = await controls.metrics();
      expect(after.writes - before.writes).toBe(0);
      // One user named twice: asked once.
      expect(after.total - before.total).toBe(1);

      await declare(test, [
        organization(org),
        { kind: "Team", name: "devs", args: { organization: "@org.name", name: "devs" } },
      ]);
      await test.stack.up();
      before = await controls.metrics();
      expect((await test.stack.preview()).changeSummary).toEqual({ same: 3 });
      after = await controls.metrics();
      expect(after.total - before.total).toBe(0);
    },
  );

  it("stops a preview with something to create when Quay refuses the token, and when the URL answers nothing", async () => {
    const org = target.current.orgName("checks-connection");
    const test = await stack({ "quay:maxRetries": "1" });
    await declare(test, [organization(org)]);
    await test.stack.setConfig("quay:token", { value: "not-a-token-quay-knows", secret: true });
    const refused = await failing(test.stack.preview());
    expect(refused).toContain("does not accept the token: check quay:token");
    expect(refused).not.toContain("not-a-token-quay-knows");
    await test.stack.setConfig("quay:token", { value: target.current.token, secret: true });
    await test.stack.setConfig("quay:url", { value: "http://127.0.0.1:9" });
    const unreachable = await failing(test.stack.preview());
    expect(unreachable).toContain("cannot reach Quay at http://127.0.0.1:9: check quay:url");
  });

  it("checks the same in the native mode", async () => {
    const org = target.current.orgName("checks-native");
    const test = await stack({ native: "true", "quay:maxRetries": "1" });
    await declare(test, [
      organization(org),
      { kind: "Team", name: "devs", args: { organization: "@org.name", name: "devs", members: ["ghost-native"] } },
    ]);
    expect(await failing(test.stack.preview())).toContain('members names "ghost-native", a user Quay does not have');
    await declare(test, [organization(org)]);
    await test.stack.setConfig("quay:token", { value: "not-a-token-quay-knows", secret: true });
    const refused = await failing(test.stack.preview());
    expect(refused).toContain("does not accept the token: check quay:token");
    expect(refused).not.toContain("not-a-token-quay-knows");
  });
});
