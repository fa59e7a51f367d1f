import { beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider/runtime";
import { configFor, useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

const github = "https://token.actions.githubusercontent.com";

describe("Robot federation", () => {
  const emulator = useEmulator();
  const kind = lifecycle("Robot", emulator);
  const api = emulator.api;
  const pairs = async (robot: string) => (await api("GET", `/organization/acme/robots/${robot}/federation`)).body;

  beforeAll(async () => {
    await emulator.seed.organization("acme");
  });

  it("rejects a pair that is not an issuer URL and a subject, naming the field", async () => {
    expect(
      await kind.failures({ organization: "acme", name: "ci", federation: [{ issuer: "github", subject: "" }] }),
    ).toEqual({
      "federation.0.issuer": "must be an http:// or https:// URL",
      "federation.0.subject": "must not be empty",
    });
  });

  it("creates a robot with its pairs, in any order, and converges", async () => {
    const federation = [
      { issuer: github, subject: "repo:acme/web:ref:refs/heads/main" },
      { issuer: github, subject: "repo:acme/api:ref:refs/heads/main" },
    ];
    const inputs = { organization: "acme", name: "keyless", federation };
    const created = await kind.create(inputs);
    expect(await pairs("keyless")).toHaveLength(2);
    await kind.expectConverged(created, inputs);
    await kind.expectConverged(created, { ...inputs, federation: [...federation].reverse() });
  });

  it("replaces the list in place, sees pairs changed by hand, and leaves them alone when unset", async () => {
    const inputs = { organization: "acme", name: "moving", federation: [{ issuer: github, subject: "a" }] };
    const created = await kind.create(inputs);
    const news = {
      ...inputs,
      federation: [{ issuer: "https://gitlab.example.com", subject: "project_path:acme/app" }],
    };
    expect(await kind.diff(created, news)).toMatchObject({ changes: true, replaces: [] });
    const updated = await kind.update(created, news);
    expect(updated.outs.token).toBe(created.outs.token);
    expect(await pairs("moving")).toEqual(news.federation);
    await api("POST", "/organization/acme/robots/moving/federation", []);
    expect((await kind.read(updated)).props?.federation).toEqual([]);
    const unmanaged = await kind.create({ organization: "acme", name: "plain" });
    await api("POST", "/organization/acme/robots/plain/federation", [{ issuer: github, subject: "x" }]);
    await kind.expectConverged(unmanaged, { organization: "acme", name: "plain" });
  });
});

describe("Robot federation on Quay 3.12", () => {
  const emulator = useEmulator({ version: "3.12" });

  it("names the release it needs, and records the robot it made so the next run finishes in place", async () => {
    await emulator.seed.organization("acme");
    const config = configFor(emulator.current);
    const inputs = { organization: "acme", name: "keyless", description: "" };
    const failure = (await runtime
      .create("Robot", config, { ...inputs, federation: [{ issuer: github, subject: "s" }] })
      .then(
        () => undefined,
        (error: unknown) => error,
      )) as Error & { id?: string; properties?: Record<string, unknown> };
    expect(failure.message).toContain("this Quay does not serve the API route: it needs Quay 3.13 or later");
    // The engine records these as a resource that exists but did not finish (ErrorResourceInitFailed).
    expect(failure.id).toBe("acme+keyless");
    expect(failure.properties).toMatchObject({
      fullName: "acme+keyless",
      token: expect.stringMatching(/^[A-Z0-9]{64}$/),
    });
    // The user drops federation; the next up updates the recorded robot instead of failing on its name.
    const diff = await runtime.diff("Robot", failure.id!, failure.properties!, inputs, config);
    expect(diff).toMatchObject({ replaces: [] });
    await runtime.update("Robot", config, failure.id!, failure.properties!, inputs);
    expect((await emulator.api("GET", "/organization/acme/robots/keyless")).status).toBe(200);
  });
});
