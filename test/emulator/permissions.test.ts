import { beforeAll, describe, expect, it } from "vitest";
import { addUser, useEmulator } from "../helpers/emulator";

describe("emulator: repository permissions and prototypes (docs/quay-behavior.md §6–7)", () => {
  const emulator = useEmulator();
  const api = emulator.api;
  const repo = "/repository/perms/app";

  beforeAll(async () => {
    await emulator.seed.organization("perms");
    await emulator.seed.repository("perms", "app");
    await api("PUT", "/organization/perms/team/readers", { role: "member" });
    await api("PUT", "/organization/perms/robots/ci");
    await addUser(emulator.current, "bob");
  });

  it("reads a missing user or team permission as 400 {message}, not 404 (§0.2)", async () => {
    expect(await api("GET", `${repo}/permissions/user/bob`)).toMatchObject({
      status: 400,
      body: { message: "User does not have permission for repo." },
    });
    expect((await api("GET", `${repo}/permissions/team/readers`)).body).toEqual({
      message: "Team does not have permission for repo.",
    });
  });

  it("upserts user, robot and team roles with PUT", async () => {
    expect((await api("PUT", `${repo}/permissions/user/perms+ci`, { role: "write" })).body).toMatchObject({
      role: "write",
      name: "perms+ci",
      is_robot: true,
      is_org_member: true,
    });
    expect((await api("PUT", `${repo}/permissions/user/perms+ci`, { role: "read" })).body.role).toBe("read");
    expect((await api("PUT", `${repo}/permissions/team/readers`, { role: "read" })).body).toMatchObject({
      role: "read",
      name: "readers",
    });
    expect((await api("GET", `${repo}/permissions/team/readers`)).body).toEqual({ role: "read" });
  });

  it("rejects unknown users and teams, other namespaces' robots and the namespace owner", async () => {
    expect((await api("PUT", `${repo}/permissions/user/nobody`, { role: "read" })).body.detail).toBe(
      "Invalid username: nobody",
    );
    expect((await api("PUT", `${repo}/permissions/team/ghosts`, { role: "read" })).body.detail).toBe(
      "No team ghosts in organization perms",
    );
    expect((await api("PUT", `${repo}/permissions/user/perms`, { role: "read" })).body.detail).toBe(
      "Namespace owner must always be admin.",
    );
    await api("PUT", "/user/robots/mine");
    expect((await api("PUT", `${repo}/permissions/user/admin+mine`, { role: "read" })).body.detail).toBe(
      "Cannot add robot admin+mine under namespace perms",
    );
  });

  it("answers deleting an absent permission with 400 ApiError, and lists a missing repository as empty", async () => {
    expect((await api("DELETE", `${repo}/permissions/user/bob`)).body).toMatchObject({
      detail: "User does not have permission for repo.",
      status: 400,
    });
    expect((await api("GET", "/repository/perms/none/permissions/user/")).body).toEqual({ permissions: {} });
  });

  it("creates prototypes with 200, accepts duplicates, updates the role and has no single GET (§0.14)", async () => {
    const body = { role: "write", delegate: { kind: "user", name: "perms+ci" } };
    const first = await api("POST", "/organization/perms/prototypes", body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      role: "write",
      activating_user: null,
      delegate: { name: "perms+ci", kind: "user", is_robot: true },
    });
    expect((await api("POST", "/organization/perms/prototypes", body)).status).toBe(200);
    expect((await api("GET", "/organization/perms/prototypes")).body.prototypes).toHaveLength(2);
    expect((await api("PUT", `/organization/perms/prototypes/${first.body.id}`, { role: "admin" })).body.role).toBe(
      "admin",
    );
    // No GET for one prototype: Quay redirects to the slash URL, which does not exist (§V.1).
    expect((await api("GET", `/organization/perms/prototypes/${first.body.id}`)).status).toBe(308);
    expect((await api("DELETE", `/organization/perms/prototypes/${first.body.id}`)).status).toBe(204);
    expect((await api("DELETE", `/organization/perms/prototypes/${first.body.id}`)).status).toBe(404);
  });

  it("leaks the tuple repr for an unknown delegate team (§7)", async () => {
    const reply = await api("POST", "/organization/perms/prototypes", {
      role: "read",
      delegate: { kind: "team", name: "ghosts" },
    });
    expect(reply.body).toEqual({ message: "('Team does not exist: %s/%s', 'perms', 'ghosts')" });
    const activating = await api("POST", "/organization/perms/prototypes", {
      role: "read",
      delegate: { kind: "team", name: "readers" },
      activating_user: { name: "nobody" },
    });
    expect(activating.body.detail).toBe("Unknown activating user");
  });
});
