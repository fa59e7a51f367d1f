import { describe, expect, it } from "vitest";
import * as runtime from "../../provider/runtime";
import { configFor, quayApi, useEmulator } from "../helpers/emulator";

describe("creates whose answer is lost", () => {
  const emulator = useEmulator();
  const config = () => configFor(emulator.current, { "quay:maxRetries": "0" });
  const create = async (kind: string, inputs: Record<string, unknown>) => {
    const checked = await runtime.check(kind, {}, inputs);
    return runtime.create(kind, config(), checked.inputs);
  };
  const lose = (route: string, kind: "lost-response" | "503" | "drop" = "lost-response") =>
    emulator.current.server.setFaults({ rules: [{ route, kinds: [kind], rate: 1, limit: 1 }] });

  it("take over what Quay applied, with no duplicate and no error", async () => {
    lose("createOrganization");
    await expect(create("Organization", { name: "lost", email: "lost@example.com" })).resolves.toMatchObject({
      id: "lost",
    });
    lose("createOrganizationRobot");
    const robot = await create("Robot", { organization: "lost", name: "ci" });
    expect(robot.outs.token).toBe(emulator.current.server.state.robots.get("lost+ci")?.token);
    lose("createPrototype");
    await create("DefaultPermission", { organization: "lost", delegateUser: "lost+ci", role: "read" });
    expect(emulator.current.server.state.organizations.get("lost")?.prototypes).toHaveLength(1);
  });

  it("finish a create whose first step was applied and later steps never ran", async () => {
    lose("upsertTeam");
    const team = await create("Team", { organization: "lost", name: "devs", members: ["lost+ci"] });
    expect(team.outs.members).toEqual(["lost+ci"]);
    expect(emulator.current.server.state.organizations.get("lost")?.teams.get("devs")?.members).toEqual(
      new Set(["lost+ci"]),
    );
  });

  it("try again when Quay refused before acting (503 before the handler)", async () => {
    lose("createRepository", "503");
    await expect(create("Repository", { namespace: "lost", name: "api" })).resolves.toMatchObject({ id: "lost/api" });
    expect((await quayApi(emulator.current, "GET", "/repository/lost/api")).status).toBe(200);
  });

  it("try again when the connection closed before Quay read the request, as a server's idle close does", async () => {
    lose("createOrganizationRobot", "drop");
    const robot = await create("Robot", { organization: "lost", name: "deployer" });
    expect(robot.outs.token).toBe(emulator.current.server.state.robots.get("lost+deployer")?.token);
    expect([...emulator.current.server.state.robots.keys()].filter((name) => name.startsWith("lost+"))).toEqual([
      "lost+ci",
      "lost+deployer",
    ]);
    expect(emulator.current.metrics().faults.drop).toBe(1);
  });

  it("name the request whose answer was lost, not the lookup after it, when both fail", async () => {
    emulator.current.server.setFaults({
      rules: [
        { route: "createOrganization", kinds: ["lost-response"], rate: 1, limit: 1 },
        { route: "getOrganization", kinds: ["500"], rate: 1 },
      ],
    });
    const failure = create("Organization", { name: "unknown-fate" });
    await expect(failure).rejects.toThrow(/^creating Organization "unknown-fate": .*\(POST \/organization\/\)/);
    emulator.current.server.setFaults({});
  });
});
