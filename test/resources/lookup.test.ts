import { beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider/runtime";
import { configFor, useEmulator } from "../helpers/emulator";

describe("lookups", () => {
  const emulator = useEmulator();
  const config = () => configFor(emulator.current);

  beforeAll(async () => {
    await emulator.seed.organization("acme", "acme@example.com");
    await emulator.seed.robot("acme", "ci", "Builds");
    await emulator.seed.repository("acme", "team/app", { description: "The app" });
    await emulator.seed.team("acme", "devs", "creator", ["acme+ci"]);
    await emulator.api("POST", "/organization/acme/robots/ci/federation", [
      { issuer: "https://token.actions.githubusercontent.com", subject: "repo:acme/app:ref:refs/heads/main" },
    ]);
  });

  it("read an organization, a nested repository, a team and a robot with its token, with GET requests only", async () => {
    emulator.current.server.resetMetrics();
    expect(await runtime.lookup("Organization", { name: "acme" }, config())).toMatchObject({
      id: "acme",
      email: "acme@example.com",
    });
    expect(await runtime.lookup("Repository", { namespace: "acme", name: "team/app" }, config())).toMatchObject({
      fullName: "acme/team/app",
      description: "The app",
      visibility: "private",
    });
    expect(await runtime.lookup("Team", { organization: "acme", name: "devs" }, config())).toMatchObject({
      role: "creator",
      members: ["acme+ci"],
    });
    const robot = await runtime.lookup("Robot", { organization: "acme", name: "ci" }, config());
    expect(robot).toMatchObject({
      fullName: "acme+ci",
      description: "Builds",
      federation: [
        { issuer: "https://token.actions.githubusercontent.com", subject: "repo:acme/app:ref:refs/heads/main" },
      ],
      token: expect.stringMatching(/^[A-Z0-9]{64}$/),
    });
    expect(emulator.current.metrics().writes).toBe(0);
  });

  it("fail naming the object when Quay has none", async () => {
    await expect(runtime.lookup("Robot", { organization: "acme", name: "ghost" }, config())).rejects.toThrow(
      'looking up Robot "acme+ghost": Quay has no Robot "acme+ghost" (or the token cannot see it)',
    );
    // Quay answers 403 about an organization that does not exist (yet: a program's own, say).
    await expect(runtime.lookup("Robot", { organization: "nowhere", name: "ci" }, config())).rejects.toThrow(
      /^looking up Robot "nowhere\+ci": Quay has no Robot "nowhere\+ci" \(or the token cannot see it\): Quay refused/,
    );
  });
});
