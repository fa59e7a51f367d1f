import { beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

describe("DefaultPermission", () => {
  const emulator = useEmulator();
  const kind = lifecycle("DefaultPermission", emulator);
  const api = emulator.api;
  const prototypes = async () => (await api("GET", "/organization/acme/prototypes")).body.prototypes;

  beforeAll(async () => {
    await emulator.seed.organization("acme");
    await api("PUT", "/organization/acme/team/readers", { role: "member" });
  });

  it("rejects bad input at check", async () => {
    expect(await kind.failures({ organization: "acme", role: "all", delegateTeam: "Bad Team" })).toEqual({
      role: "must be read, write or admin",
      delegateTeam: expect.stringMatching(/^must be lowercase letters and digits/),
    });
    expect(await kind.failures({ organization: "acme", role: "read" })).toEqual({
      delegateUser: "set exactly one of delegateUser and delegateTeam",
    });
    expect(await kind.failures({ role: "read", delegateTeam: "readers" })).toEqual({
      organization: "is required and must be a string",
    });
  });

  it("creates a rule that Quay applies to new repositories, and converges", async () => {
    const inputs = { organization: "acme", role: "read", delegateTeam: "readers" };
    const created = await kind.create(inputs);
    expect(created.id).toBe(`acme/${created.outs.prototypeId}`);
    await emulator.seed.repository("acme", "new");
    expect((await api("GET", "/repository/acme/new/permissions/team/readers")).body).toEqual({ role: "read" });
    await kind.expectConverged(created, inputs);
  });

  it("updates the role in place and replaces on another delegate", async () => {
    const inputs = { organization: "acme", role: "read", delegateUser: "admin", activatingUser: "admin" };
    const created = await kind.create(inputs);
    const news = { ...inputs, role: "write" };
    await kind.update(created, news);
    expect(
      (await prototypes()).find((prototype: { id: string }) => prototype.id === created.outs.prototypeId).role,
    ).toBe("write");
    expect(await kind.diff(created, { ...news, delegateUser: "acme+ci" })).toMatchObject({
      replaces: ["delegateUser"],
    });
  });

  it("makes no duplicate when the answer to its create is lost (Quay accepts duplicates)", async () => {
    const inputs = { organization: "acme", role: "admin", delegateTeam: "readers", activatingUser: "admin" };
    const before = (await prototypes()).length;
    emulator.current.server.setFaults({
      rules: [{ route: "createPrototype", kinds: ["lost-response"], rate: 1, limit: 1 }],
    });
    const created = await kind.create(inputs);
    emulator.current.server.setFaults({});
    expect((await prototypes()).length).toBe(before + 1);
    await kind.expectConverged(created, inputs);
  });

  it("sees out-of-band changes and deletion, and deletes idempotently", async () => {
    const created = await kind.create({ organization: "acme", role: "read", delegateUser: "admin" });
    const path = `/organization/acme/prototypes/${created.outs.prototypeId}`;
    await api("PUT", path, { role: "admin" });
    expect((await kind.read(created)).props?.role).toBe("admin");
    await api("DELETE", path);
    expect(await kind.read(created)).toEqual({});
    await kind.delete(created);
  });
});
