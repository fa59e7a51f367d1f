// Takes about 4.3 min on the emulator, and 9.4 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { beforeAll, describe, expect, it } from "vitest";
import { type Declaration, declare, failing, pulumiCli, useDeclaredStacks } from "../helpers/declared";
import type { TestStack } from "../helpers/pulumi";
import { emulatorOnly, useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

/** A mistake in a program must never cost data: what a user meets when a rename, destroy or run goes wrong. */
describe("fail safe", { timeout: endToEndTimeout }, () => {
  // Quay's garbage collectors free a deleted org name within a minute; here, a few requests later.
  const target = useTestTarget({ gcAfterRequests: 5 });
  const exists = async (path: string) => (await target.current.api("GET", path)).status === 200;
  const stack = useDeclaredStacks(target);
  /** A repository made by hand, as in the Quay UI. */
  const handMadeRepository = (namespace: string, repository: string) =>
    target.current.ok("POST", "/repository", { namespace, repository, visibility: "private", description: "" });

  describe("a rename creates the new object first: when that fails, nothing was deleted", () => {
    let test: TestStack;
    let org: string;
    const declaration = (names: { org?: string; repository?: string; team?: string; robot?: string }) =>
      [
        { kind: "Organization", name: "org", args: { name: names.org ?? org } },
        { kind: "Repository", name: "app", args: { namespace: "@org.name", name: names.repository ?? "app" } },
        { kind: "Team", name: "devs", args: { organization: "@org.name", name: names.team ?? "devs" } },
        { kind: "Robot", name: "ci", args: { organization: "@org.name", name: names.robot ?? "ci" } },
      ] satisfies Declaration[];

    beforeAll(async () => {
      org = target.current.orgName("renames");
      test = await stack();
      await declare(test, declaration({}));
      await test.stack.up();
      // Names already taken in Quay, made by hand.
      await handMadeRepository(org, "taken");
      await target.current.ok("PUT", `/organization/${org}/team/taken-team`, { role: "member" });
      await target.current.ok("PUT", `/organization/${org}/robots/taken-bot`, { description: "" });
      await target.current.ok("POST", "/organization/", { name: target.current.orgName("renames-taken") });
    }, endToEndTimeout);

    it.each([
      ["Repository", { repository: "taken" }, "/repository/{org}/app", /Repository already exists/],
      ["Team", { team: "taken-team" }, "/organization/{org}/team/devs/members", /already exists/],
      ["Robot", { robot: "taken-bot" }, "/organization/{org}/robots/ci", /Existing robot with name/],
    ] as const)("%s renamed to a taken name: up fails, the old one stays", async (_kind, rename, path, reason) => {
      await declare(test, declaration(rename));
      expect(await failing(test.stack.up())).toMatch(reason);
      expect(await exists(path.replace("{org}", org))).toBe(true);
      await declare(test, declaration({}));
      expect((await test.stack.preview()).changeSummary).toEqual({ same: 5 });
    });

    it("Organization renamed to a taken name: up fails, the old one stays with all it holds", async () => {
      await declare(test, declaration({ org: target.current.orgName("renames-taken") }));
      expect(await failing(test.stack.up())).toMatch(/already exists/);
      for (const path of [`/organization/${org}`, `/repository/${org}/app`, `/repository/${org}/taken`]) {
        expect(await exists(path)).toBe(true);
      }
      await declare(test, declaration({}));
      expect((await test.stack.preview()).changeSummary).toEqual({ same: 5 });
    });

    it("renamed to free names, each is created, then the old one deleted", async () => {
      await declare(test, declaration({ repository: "app2", team: "devs2", robot: "ci2" }));
      const up = await test.stack.up();
      expect(up.summary.resourceChanges).toMatchObject({ replace: 3 });
      expect(await exists(`/repository/${org}/app2`)).toBe(true);
      expect(await exists(`/repository/${org}/app`)).toBe(false);
      expect(await exists(`/organization/${org}/robots/ci2`)).toBe(true);
      expect(await exists(`/organization/${org}/robots/ci`)).toBe(false);
    });

    it("an organization renamed while it holds what the stack does not manage is created anew, and the old one kept", async () => {
      const renamed = target.current.orgName("renamed");
      await declare(test, declaration({ org: renamed, repository: "app2", team: "devs2", robot: "ci2" }));
      const text = await failing(test.stack.up());
      expect(text).toContain(
        `it still holds repository ${org}/taken, robot ${org}+taken-bot, team taken-team, which deleting it would delete too; nothing was deleted.`,
      );
      expect(await exists(`/repository/${renamed}/app2`)).toBe(true);
      expect(await exists(`/repository/${org}/taken`)).toBe(true);
      // The user moves what they want to keep, and the next run finishes the rename.
      await target.current.ok("DELETE", `/repository/${org}/taken`);
      await target.current.ok("DELETE", `/organization/${org}/team/taken-team`);
      await target.current.ok("DELETE", `/organization/${org}/robots/taken-bot`);
      await test.stack.up();
      expect(await exists(`/organization/${org}`)).toBe(false);
      expect((await test.stack.preview()).changeSummary).toEqual({ same: 5 });
    });
  });

  describe("destroy never takes what the stack does not manage, unless told to", () => {
    let test: TestStack;
    let org: string;
    const declaration = (forceOrg: boolean, forceRepository = false): Declaration[] => [
      { kind: "Organization", name: "org", args: { name: org, forceDelete: forceOrg } },
      { kind: "Repository", name: "app", args: { namespace: "@org.name", name: "app", forceDelete: forceRepository } },
    ];

    beforeAll(async () => {
      org = target.current.orgName("guarded");
      test = await stack();
      await declare(test, declaration(false));
      await test.stack.up();
      await handMadeRepository(org, "by-hand");
    }, endToEndTimeout);

    it("refuses to destroy an organization holding a repository made by hand, naming it", async () => {
      const text = await failing(test.stack.destroy());
      expect(text).toContain(`it still holds repository ${org}/by-hand`);
      expect(text).toContain("forceDelete: true");
      expect(await exists(`/repository/${org}/by-hand`)).toBe(true);
      expect(await exists(`/organization/${org}`)).toBe(true);
    });

    it("reports the refusal once, on the organization, as `pulumi destroy` shows it, with no stack trace", async () => {
      const run = await pulumiCli(test, ["destroy", "--yes", "--skip-preview"]).then(
        () => expect.unreachable("the destroy succeeded"),
        (error: { stdout: string; stderr: string }) => `${error.stdout}\n${error.stderr}`,
      );
      // The diagnostics name it once, on the organization; the stack says only that the update failed.
      const diagnostics = run.slice(run.indexOf("Diagnostics:"), run.indexOf("Resources:"));
      expect(diagnostics.split(`it still holds repository ${org}/by-hand`)).toHaveLength(2);
      const stackLines = run.split("\n").filter((line) => line.includes("pulumi:pulumi:Stack"));
      expect(stackLines.join("\n")).not.toContain("it still holds");
      expect(run).not.toMatch(/\.[jt]s:\d+:\d+/);
      expect(run).not.toMatch(/Error: .*Error: /);
    });

    it("destroys it with forceDelete recorded by an up", async () => {
      await declare(test, declaration(true));
      await test.stack.up();
      await test.stack.destroy();
      expect(await exists(`/organization/${org}`)).toBe(false);
      expect(await exists(`/repository/${org}/by-hand`)).toBe(false);
    });

    emulatorOnly("refuses to delete a repository holding images until forceDelete", "image pushes", async () => {
      const kept = target.current.orgName("images");
      org = kept;
      await declare(test, declaration(true));
      await test.stack.up();
      await target.current.controls!.pushTag(`${kept}/app`, "v1");
      expect(await failing(test.stack.destroy())).toContain("it still holds tag v1");
      expect(await exists(`/repository/${kept}/app`)).toBe(true);
      await declare(test, declaration(true, true));
      await test.stack.up();
      await test.stack.destroy();
      expect(await exists(`/organization/${kept}`)).toBe(false);
    });
  });

  describe("a robot replaced to change its description keeps its grants", () => {
    it("stays in the teams that list it and keeps its roles, with a new token", async () => {
      const org = target.current.orgName("regranted");
      const test = await stack();
      const declaration = (description: string): Declaration[] => [
        { kind: "Organization", name: "org", args: { name: org } },
        { kind: "Robot", name: "ci", args: { organization: "@org.name", name: "ci", description } },
        { kind: "Team", name: "devs", args: { organization: "@org.name", name: "devs", members: ["@ci.fullName"] } },
        { kind: "Repository", name: "app", args: { namespace: "@org.name", name: "app" } },
      ];
      await declare(test, declaration("first"));
      await test.stack.up();
      await target.current.ok("PUT", `/repository/${org}/app/permissions/user/${org}+ci`, { role: "write" });
      const token = (await target.current.ok("GET", `/organization/${org}/robots/ci`)).body.token;
      await declare(test, declaration("second"));
      const up = await test.stack.up();
      expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
      const robot = (await target.current.ok("GET", `/organization/${org}/robots/ci`)).body;
      expect(robot).toMatchObject({ description: "second" });
      expect(robot.token).not.toBe(token);
      const members = (await target.current.ok("GET", `/organization/${org}/team/devs/members`)).body.members;
      expect(members.map((member: { name: string }) => member.name)).toContain(`${org}+ci`);
      const role = await target.current.ok("GET", `/repository/${org}/app/permissions/user/${org}+ci`);
      expect(role.body).toMatchObject({ role: "write" });
      await test.stack.refresh();
      expect((await test.stack.preview()).changeSummary).toEqual({ same: 5 });
    });
  });

  describe("a create that fails half-way keeps what it made", () => {
    it("records the object Quay created, and the next up finishes it in place", async () => {
      const org = target.current.orgName("halfway");
      const test = await stack();
      const team = (members: string[]): Declaration[] => [
        { kind: "Organization", name: "org", args: { name: org } },
        { kind: "Team", name: "devs", args: { organization: "@org.name", name: "devs", members } },
      ];
      await declare(test, team(["nobody-of-that-name"]));
      expect(await failing(test.stack.up())).toContain(
        `Team ${org}/devs exists in Quay, but its create did not finish`,
      );
      expect(await exists(`/organization/${org}/team/devs/members`)).toBe(true);
      // The user fixes the program: the next run updates the team it made instead of failing on its name.
      await declare(test, team([]));
      const up = await test.stack.up();
      expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
      expect((await test.stack.preview()).changeSummary).toEqual({ same: 3 });
    });

    it("and refresh and destroy still work on what it recorded", async () => {
      const org = target.current.orgName("halfway-destroyed");
      const test = await stack();
      await declare(test, [
        { kind: "Organization", name: "org", args: { name: org } },
        {
          kind: "Team",
          name: "devs",
          args: { organization: "@org.name", name: "devs", members: ["nobody-of-that-name"] },
        },
      ]);
      expect(await failing(test.stack.up())).toContain("its create did not finish");
      await test.stack.refresh();
      await test.stack.destroy();
      expect(await exists(`/organization/${org}`)).toBe(false);
    });

    it("and so for a Tenant, whose failed object is named by its path", async () => {
      const org = target.current.orgName("halfway-tenant");
      const test = await stack();
      await declare(test, [
        { kind: "Tenant", name: "tenant", args: { name: org, teams: { devs: { members: ["nobody-of-that-name"] } } } },
      ]);
      expect(await failing(test.stack.up())).toContain("teams.devs");
      expect(await exists(`/organization/${org}`)).toBe(true);
      await test.stack.refresh();
      await test.stack.destroy();
      expect(await exists(`/organization/${org}`)).toBe(false);
    });
  });

  describe("after a run that stopped half-way, the documented recovery converges in one run", () => {
    it("including a permission that a default permission applied with another role", async () => {
      const org = target.current.orgName("recovered");
      const test = await stack();
      const base: Declaration[] = [
        { kind: "Organization", name: "org", args: { name: org } },
        { kind: "Team", name: "readers", args: { organization: "@org.name", name: "readers" } },
        {
          kind: "DefaultPermission",
          name: "readers-read",
          args: { organization: "@org.name", delegateTeam: "@readers.name", role: "read" },
        },
      ];
      await declare(test, base);
      await test.stack.up();
      // The run that stopped: Quay created the repository (and applied the default permission, read),
      // but the state never recorded it, and the declared write permission was never granted.
      const repository = { kind: "Repository", name: "app", args: { namespace: "@org.name", name: "app" } };
      await declare(test, [...base, repository]);
      await test.stack.up();
      const deployment = (await test.stack.exportStack()).deployment as { resources: { urn: string }[] };
      const urn = deployment.resources.find((resource) => resource.urn.endsWith("::app"))!.urn;
      await pulumiCli(test, ["state", "delete", urn, "--yes"]);
      const permission = {
        kind: "RepositoryPermission",
        name: "readers-write",
        args: { repository: "@app.fullName", team: "@readers.name", role: "write" },
      };
      await declare(test, [...base, repository, permission]);
      // The README's steps: refresh clearing pending creates, then an up that adopts what exists.
      await pulumiCli(test, ["refresh", "--clear-pending-creates", "--yes"]);
      await pulumiCli(test, ["up", "--yes", "--skip-preview"], { QUAY_ADOPT: "true" });
      expect((await test.stack.preview()).changeSummary).toEqual({ same: 6 });
      const teams = (await target.current.ok("GET", `/repository/${org}/app/permissions/team/`)).body.permissions;
      expect(teams.readers.role).toBe("write");
    });
  });
});
