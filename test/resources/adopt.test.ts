import { beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider/runtime";
import { configFor, useEmulator } from "../helpers/emulator";

describe("adoption (quay:adopt)", () => {
  const emulator = useEmulator();
  const adopting = () => configFor(emulator.current, { "quay:adopt": "true" });
  const api = emulator.api;
  const adopt = async (kind: string, inputs: Record<string, unknown>) => {
    const checked = await runtime.check(kind, {}, inputs);
    expect(checked.failures).toEqual([]);
    return runtime.create(kind, adopting(), checked.inputs);
  };

  beforeAll(async () => {
    await emulator.seed.organization("legacy", "legacy@example.com");
    await api("PUT", "/organization/legacy/robots/ci", { description: "CI" });
    await api("PUT", "/organization/legacy/team/devs", { role: "creator" });
    await api("PUT", "/organization/legacy/team/devs/members/legacy+ci");
    await emulator.seed.repository("legacy", "api", { visibility: "private", description: "API" });
    await api("PUT", "/repository/legacy/api/permissions/team/devs", { role: "write" });
    await api("POST", "/organization/legacy/prototypes", { role: "read", delegate: { kind: "team", name: "devs" } });
  });

  it("takes over existing objects of every kind with no write, keeping the robot's token", async () => {
    const token = emulator.current.server.state.robots.get("legacy+ci")!.token;
    const writes = emulator.current.metrics().writes;
    await adopt("Organization", { name: "legacy", email: "legacy@example.com" });
    const robot = await adopt("Robot", { organization: "legacy", name: "ci", description: "CI" });
    expect(robot.outs.token).toBe(token);
    await adopt("Team", { organization: "legacy", name: "devs", role: "creator", members: ["legacy+ci"] });
    await adopt("Repository", { namespace: "legacy", name: "api", description: "API" });
    await adopt("RepositoryPermission", { repository: "legacy/api", team: "devs", role: "write" });
    const rule = await adopt("DefaultPermission", { organization: "legacy", delegateTeam: "devs", role: "read" });
    expect(rule.id).toMatch(/^legacy\/[0-9a-f-]{36}$/);
    expect(emulator.current.metrics().writes).toBe(writes);
  });

  it("sets in place what differs, so the run ends converged", async () => {
    const adopted = await adopt("Repository", { namespace: "legacy", name: "api", description: "Declared" });
    expect(adopted.outs.description).toBe("Declared");
    expect(emulator.current.server.state.repositories.get("legacy/api")?.description).toBe("Declared");
    const declared = { namespace: "legacy", name: "api", description: "Declared", visibility: "private" };
    expect((await runtime.diff("Repository", adopted.id, adopted.outs, declared)).changes).toBe(false);
  });

  it("refuses a difference that would need replacement, naming the fields, before any write", async () => {
    const writes = emulator.current.metrics().writes;
    await expect(adopt("Robot", { organization: "legacy", name: "ci", description: "Deploys" })).rejects.toThrow(
      'creating Robot "legacy+ci": cannot adopt Robot legacy+ci: it differs from the declaration in description (Quay has "CI", the program "Deploys"), which would replace it.',
    );
    expect(emulator.current.metrics().writes).toBe(writes);
  });

  it("creates what does not exist yet", async () => {
    const created = await adopt("Repository", { namespace: "legacy", name: "fresh" });
    expect(created.id).toBe("legacy/fresh");
    expect((await api("GET", "/repository/legacy/fresh")).status).toBe(200);
  });
});
