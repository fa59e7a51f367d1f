import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notificationsOf } from "../../emulator/handlers/notifications";
import { quayApi, useEmulator } from "../helpers/emulator";
import { createTestStack, type TestStack } from "../helpers/pulumi";

const root = join(__dirname, "../..");

describe("bring an existing registry under management: export, then adopt", { timeout: 300_000 }, () => {
  const emulator = useEmulator();
  const api = async (method: string, path: string, body?: unknown) => {
    const reply = await quayApi(emulator.current, method, path, body);
    expect(reply.status, `${method} ${path}`).toBeLessThan(300);
    return reply;
  };
  const state = () => emulator.current.server.state;
  let programDir: string;
  let test: TestStack;
  let robotToken: string;
  let objects = 0;
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    // A hand-made organization, built through the API (not through Pulumi).
    await emulator.seed.organization("legacy", "registry@example.com");
    for (const robot of ["ci", "deploy", "puller", "scanner"]) {
      await api("PUT", `/organization/legacy/robots/${robot}`, { description: `The ${robot} robot` });
    }
    await api("PUT", "/organization/legacy/team/devs", { role: "creator", description: "Developers" });
    await api("PUT", "/organization/legacy/team/ops", { role: "admin" });
    await api("PUT", "/organization/legacy/team/readers", { role: "member" });
    await api("PUT", "/organization/legacy/team/qa", { role: "member", description: "Quality" });
    for (const [team, member] of [
      ["devs", "legacy+ci"],
      ["devs", "legacy+deploy"],
      ["ops", "admin"],
      ["qa", "legacy+scanner"],
    ]) {
      await api("PUT", `/organization/legacy/team/${team}/members/${member}`);
    }
    await api("POST", "/organization/legacy/prototypes", { role: "read", delegate: { kind: "team", name: "readers" } });
    await api("POST", "/organization/legacy/prototypes", {
      role: "write",
      delegate: { kind: "user", name: "legacy+ci" },
    });
    await api("POST", "/organization/legacy/prototypes", {
      role: "admin",
      delegate: { kind: "team", name: "ops" },
      activating_user: { name: "admin" },
    });
    const repositories = [
      "api",
      "web",
      "jobs/worker",
      "jobs/cron",
      "docs",
      "tools/cli",
      "tools/lint",
      "base/alpine",
      "base/debian",
      "mirror/nginx",
      "mirror/redis",
      "archive",
    ];
    for (const [index, name] of repositories.entries()) {
      await api("POST", "/repository", {
        namespace: "legacy",
        repository: name,
        visibility: index % 3 === 0 ? "public" : "private",
        description: name === "api" ? "The API" : "",
      });
      await api("PUT", `/repository/legacy/${name}/permissions/team/devs`, { role: index < 8 ? "write" : "read" });
      if (index % 2 === 0)
        await api("PUT", `/repository/legacy/${name}/permissions/user/legacy+deploy`, { role: "read" });
    }
    await api("PUT", "/repository/legacy/archive/changestate", { state: "READ_ONLY" });
    for (const [repository, title] of [
      ["api", "API pushes"],
      ["web", "Web pushes"],
      ["docs", "Docs pushes"],
    ]) {
      await api("POST", `/repository/legacy/${repository}/notification/`, {
        event: "repo_push",
        method: "webhook",
        config: { url: `https://hooks.example.com/${repository}` },
        eventConfig: {},
        title,
      });
    }
    await api("POST", "/repository/legacy/api/notification/", {
      event: "vulnerability_found",
      method: "slack",
      config: { url: "https://hooks.slack.example.com/services/T0/B0/X" },
      eventConfig: { level: 1 },
    });
    for (const [name, upstream, username] of [
      ["mirror/nginx", "docker.io/library/nginx", "reader"],
      ["mirror/redis", "docker.io/library/redis", undefined],
    ] as const) {
      await api("POST", `/repository/legacy/${name}/mirror`, {
        external_reference: upstream,
        sync_interval: 3600,
        sync_start_date: "2026-01-01T00:00:00Z",
        root_rule: { rule_kind: "tag_glob_csv", rule_value: ["latest", "1.*"] },
        robot_username: "legacy+puller",
        skopeo_timeout_interval: 300,
        ...(username ? { external_registry_username: username, external_registry_password: "upstream-secret" } : {}),
      });
    }
    const dump = state().dump() as {
      repositories: { userRoles: object; teamRoles: object; notifications?: object; mirror?: { config?: unknown } }[];
    };
    objects =
      1 +
      4 +
      4 +
      3 +
      dump.repositories.reduce(
        (sum, repository) =>
          sum +
          1 +
          Object.keys(repository.userRoles).length +
          Object.keys(repository.teamRoles).length +
          Object.keys(repository.notifications ?? {}).length +
          (repository.mirror?.config ? 1 : 0),
        0,
      );
    robotToken = state().robots.get("legacy+ci")!.token;
  }, 60_000);
  afterAll(() => test?.dispose());

  it(`builds an organization of at least 50 objects`, () => {
    expect(objects).toBeGreaterThanOrEqual(50);
  });

  it("exports it to a program with GET requests only", async () => {
    mkdirSync(join(root, ".e2e"), { recursive: true });
    programDir = join(mkdtempSync(join(root, ".e2e", "export-")), "program");
    const before = emulator.current.metrics().writes;
    // Asynchronously: the emulator answers from this very process.
    const { stdout: output } = await promisify(execFile)(
      process.execPath,
      [join(root, "dist/cli/pulumi-quay.js"), "export", "--org", "legacy", "--out", programDir],
      { env: { ...process.env, QUAY_URL: emulator.current.url, QUAY_TOKEN: emulator.current.token } },
    );
    for (const count of [
      "12 repositories",
      "4 robots",
      "4 teams",
      "3 default permissions",
      "4 repository notifications",
    ]) {
      expect(output).toContain(count);
    }
    expect(emulator.current.metrics().writes).toBe(before);
    const program = readFileSync(join(programDir, "index.ts"), "utf8");
    expect(program).toContain("team: legacyDevsTeam.name");
    expect(program).toContain("robot: legacyPullerRobot.fullName");
    expect(program).not.toContain('"owners"');
    expect(program).not.toContain("upstream-secret");
  });

  it("writes every secret as a config placeholder, and the user sets them from Quay", async () => {
    const program = readFileSync(join(programDir, "index.ts"), "utf8");
    // The header names each key and what it holds: a mirror password, and each notification's config.
    const keys = [...program.matchAll(/^\/\/ {3}pulumi config set --secret (\w+) <(\w+) of (\w+) "(.+)"/gm)];
    expect(keys.map((key) => key[2]).sort()).toEqual(["config", "config", "config", "config", "password"]);
    for (const [, key, field, , label] of keys) {
      expect(program).toMatch(new RegExp(`config\\.requireSecret(Object<Record<string, unknown>>)?\\("${key}"\\)`));
      if (field === "password") {
        secrets[key] = "upstream-secret";
        continue;
      }
      const [title, repository] = label.split(" on ");
      const notification = [...notificationsOf(state(), state().repositories.get(repository)!).values()].find(
        (candidate) => (candidate.title ?? `${candidate.event} by ${candidate.method}`) === title,
      )!;
      expect(program).not.toContain(String(notification.config.url));
      secrets[key] = JSON.stringify(notification.config);
    }
  });

  it("adopts everything with no write to Quay, keeping the robot tokens", async () => {
    test = await createTestStack(relative(root, programDir), {
      "quay:url": { value: emulator.current.url },
      "quay:token": { value: emulator.current.token, secret: true },
      "quay:adopt": { value: "true" },
      ...Object.fromEntries(Object.entries(secrets).map(([key, value]) => [key, { value, secret: true }])),
    });
    const before = emulator.current.metrics().writes;
    const result = await test.stack.up();
    // Every object, and the stack itself.
    expect(result.summary.resourceChanges?.create).toBe(objects + 1);
    expect(emulator.current.metrics().writes).toBe(before);
    expect(state().robots.get("legacy+ci")!.token).toBe(robotToken);
  });

  it("then previews no changes, with adoption turned off again", async () => {
    await test.stack.removeConfig("quay:adopt");
    const preview = await test.stack.preview();
    expect(preview.changeSummary).toEqual({ same: objects + 1 });
  });

  it("previews an edit to the generated program as exactly that change, and applies it", async () => {
    const file = join(test.dir, "index.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace('description: "The API"', 'description: "The API, v2"'));
    const preview = await test.stack.preview({ diff: true });
    if (preview.changeSummary.replace) console.log(preview.stdout);
    expect(preview.changeSummary).toEqual({ same: objects, update: 1 });
    await test.stack.up();
    expect(state().repositories.get("legacy/api")?.description).toBe("The API, v2");
    expect((await test.stack.preview()).changeSummary).toEqual({ same: objects + 1 });
  });
});
