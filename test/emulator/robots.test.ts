import { beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator";

describe("emulator: robots (docs/quay-behavior.md §10)", () => {
  const emulator = useEmulator();
  const api = emulator.api;

  beforeAll(async () => {
    await emulator.seed.organization("bots");
  });

  it("creates with 201 and a 64-character token; metadata null in the reply but {} later (§0.12)", async () => {
    const created = await api("PUT", "/organization/bots/robots/deployer", { description: "Deploys" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "bots+deployer", description: "Deploys", unstructured_metadata: null });
    expect(created.body.token).toMatch(/^[A-Z0-9]{64}$/);
    expect(created.body.created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} -0000$/);
    const read = await api("GET", "/organization/bots/robots/deployer");
    expect(read.body).toMatchObject({ unstructured_metadata: {}, token: created.body.token });
  });

  it("is create-only: a second PUT is 400 'Existing robot' (§0.12)", async () => {
    const again = await api("PUT", "/organization/bots/robots/deployer", { description: "Other" });
    expect(again).toMatchObject({ status: 400, body: { detail: "Existing robot with name: bots+deployer" } });
  });

  it("answers a missing robot with 400 {message} on read, regenerate and delete (§0.2)", async () => {
    for (const [method, path] of [
      ["GET", "/organization/bots/robots/ghost"],
      ["POST", "/organization/bots/robots/ghost/regenerate"],
      ["DELETE", "/organization/bots/robots/ghost"],
    ]) {
      expect(await api(method, path)).toMatchObject({
        status: 400,
        body: { message: "Could not find robot with specified username" },
      });
    }
  });

  it("deletes the default permissions that delegate to a deleted robot, as Quay does", async () => {
    await api("PUT", "/organization/bots/robots/delegate", { description: "" });
    const made = await api("POST", "/organization/bots/prototypes", {
      role: "read",
      delegate: { kind: "user", name: "bots+delegate" },
    });
    expect(made.status).toBe(200);
    expect((await api("DELETE", "/organization/bots/robots/delegate")).status).toBe(204);
    const listed = (await api("GET", "/organization/bots/prototypes")).body.prototypes as { id: string }[];
    expect(listed.map((prototype) => prototype.id)).not.toContain(made.body.id);
  });

  it("regenerates the token, and the old one is gone", async () => {
    const before = (await api("GET", "/organization/bots/robots/deployer")).body.token;
    const after = (await api("POST", "/organization/bots/robots/deployer/regenerate")).body.token;
    expect(after).not.toBe(before);
    expect((await api("GET", "/organization/bots/robots/deployer")).body.token).toBe(after);
  });

  it("lists robots with tokens for admins, and permissions on request", async () => {
    await emulator.seed.repository("bots", "app");
    await api("PUT", "/repository/bots/app/permissions/user/bots+deployer", { role: "write" });
    const list = await api("GET", "/organization/bots/robots?permissions=true");
    expect(list.body.robots).toEqual([
      expect.objectContaining({ name: "bots+deployer", teams: [], repositories: ["app"], token: expect.any(String) }),
    ]);
    expect((await api("GET", "/organization/bots/robots/deployer/permissions")).body).toEqual({
      permissions: [{ repository: { name: "app", is_public: false }, role: "write" }],
    });
  });

  it("rejects an invalid short name with the rule", async () => {
    expect((await api("PUT", "/organization/bots/robots/Bad!")).body.detail).toBe(
      "The name for the robot 'Bad!' is invalid: Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$",
    );
  });

  it("serves user robots under /user/robots", async () => {
    expect((await api("PUT", "/user/robots/personal")).body.name).toBe("admin+personal");
    expect((await api("GET", "/user/robots")).body.robots.map((robot: { name: string }) => robot.name)).toEqual([
      "admin+personal",
    ]);
    expect((await api("DELETE", "/user/robots/personal")).status).toBe(204);
  });
});
