import { beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

describe("RepositoryPermission", () => {
  const emulator = useEmulator();
  const kind = lifecycle("RepositoryPermission", emulator);
  const api = emulator.api;

  beforeAll(async () => {
    await emulator.seed.organization("acme");
    await emulator.seed.repository("acme", "team/app");
    await api("PUT", "/organization/acme/team/devs", { role: "member" });
    await api("PUT", "/organization/acme/robots/ci");
  });

  it("rejects bad input at check, including a subject that is neither or both", async () => {
    expect(await kind.failures({ repository: "no-slash", user: "acme+ci", role: "owner" })).toEqual({
      repository: "must be <namespace>/<name>, e.g. acme/api or acme/team/app",
      role: "must be read, write or admin",
    });
    expect(await kind.failures({ repository: "acme/team/app", role: "read" })).toEqual({
      user: "set exactly one of user and team",
    });
    expect(await kind.failures({ repository: "acme/team/app", user: "acme+ci", team: "devs", role: "read" })).toEqual({
      user: "set exactly one of user and team",
    });
  });

  it("grants a robot a role on a nested repository, updates it in place, and converges", async () => {
    const inputs = { repository: "acme/team/app", user: "acme+ci", role: "write" };
    const created = await kind.create(inputs);
    expect(created.id).toBe("user/acme+ci/acme/team/app");
    await kind.expectConverged(created, inputs);
    const news = { ...inputs, role: "admin" };
    expect(await kind.diff(created, news)).toMatchObject({ changes: true, replaces: [] });
    await kind.update(created, news);
    expect((await api("GET", "/repository/acme/team/app/permissions/user/acme+ci")).body.role).toBe("admin");
    expect(await kind.diff(created, { ...news, user: "admin" })).toMatchObject({ replaces: ["user"] });
  });

  it("grants a team, sees out-of-band changes and removal, and deletes idempotently", async () => {
    const inputs = { repository: "acme/team/app", team: "devs", role: "read" };
    const created = await kind.create(inputs);
    await api("PUT", "/repository/acme/team/app/permissions/team/devs", { role: "write" });
    expect((await kind.read(created)).props?.role).toBe("write");
    await api("DELETE", "/repository/acme/team/app/permissions/team/devs");
    expect(await kind.read(created)).toEqual({});
    await kind.delete(created);
  });

  it("reports Quay's refusal of an unknown team with the call that failed", async () => {
    await expect(kind.create({ repository: "acme/team/app", team: "ghosts", role: "read" })).rejects.toThrow(
      'creating RepositoryPermission "team ghosts on acme/team/app": No team ghosts in organization acme (HTTP 400 PUT /repository/acme/team/app/permissions/team/ghosts)',
    );
  });
});
