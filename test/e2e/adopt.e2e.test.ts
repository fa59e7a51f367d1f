// Takes about 2.0 min on the emulator, and 6.5 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLegacyOrganization } from "../helpers/legacy-organization";
import { createTestStack, type TestStack } from "../helpers/pulumi";
import { emulatorOnly, useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

const root = join(__dirname, "../..");

interface Notification {
  title: string | null;
  event: string;
  method: string;
  config: Record<string, unknown>;
}

describe("bring an existing registry under management: export, then adopt", { timeout: endToEndTimeout }, () => {
  // Quay's garbage collectors free a deleted mirror's robot within a minute; here, a few requests later.
  const target = useTestTarget({ gcAfterRequests: 5 });
  const api = (method: string, path: string, body?: unknown) => target.current.ok(method, path, body);
  /** Writes to Quay during each step, when the emulator counts them. */
  const writes: Record<string, number> = {};
  async function counting<T>(step: string, action: () => Promise<T>): Promise<T> {
    const controls = target.current.controls;
    const before = (await controls?.metrics())?.writes ?? 0;
    const result = await action();
    if (controls) writes[step] = (await controls.metrics()).writes - before;
    return result;
  }
  let org: string;
  let programDir: string;
  let test: TestStack;
  let robotToken: string;
  let objects = 0;
  /** Roles Quay gave by itself: the creator's on each repository, the mirror robot's; no composite declares them. */
  let quaysOwn = 0;
  const secrets: Record<string, string> = {};
  // A hand-made organization, built through the API (not through Pulumi).
  beforeAll(async () => {
    org = target.current.orgName("legacy");
    ({ objects, quaysOwn, robotToken } = await buildLegacyOrganization(target.current, org));
  }, endToEndTimeout);
  afterAll(async () => {
    await test?.stack.destroy().catch(() => undefined);
    await test?.dispose();
  }, endToEndTimeout);
  it(`builds an organization of at least 50 objects`, () => {
    expect(objects).toBeGreaterThanOrEqual(50);
  });

  it("exports it to a program", async () => {
    mkdirSync(join(root, ".e2e"), { recursive: true });
    programDir = join(mkdtempSync(join(root, ".e2e", "export-")), "program");
    // Asynchronously: the emulator answers from this very process.
    const { stdout: output } = await counting("export", () =>
      promisify(execFile)(
        process.execPath,
        [join(root, "dist/cli/pulumi-quay.js"), "export", "--org", org, "--out", programDir],
        { env: { ...process.env, QUAY_URL: target.current.url, QUAY_TOKEN: target.current.token } },
      ),
    );
    for (const count of [
      "12 repositories",
      "4 robots",
      "4 teams",
      "3 default permissions",
      "4 repository notifications",
      "1 quota",
      "2 auto prune policies",
      "1 oauth application",
    ]) {
      expect(output).toContain(count);
    }
    const program = readFileSync(join(programDir, "index.ts"), "utf8");
    const variable = org.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
    expect(program).toContain(`team: ${variable}DevsTeam.name`);
    expect(program).toContain(`robot: ${variable}PullerRobot.fullName`);
    expect(program).not.toContain('"owners"');
    expect(program).not.toContain("upstream-secret");
  });

  emulatorOnly("exported with GET requests only", "metrics", async () => {
    expect(writes.export).toBe(0);
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
      const listed: Notification[] = (await api("GET", `/repository/${repository}/notification/`)).body.notifications;
      const notification = listed.find(
        (candidate) => (candidate.title ?? `${candidate.event} by ${candidate.method}`) === title,
      )!;
      expect(program).not.toContain(String(notification.config.url));
      secrets[key] = JSON.stringify(notification.config);
    }
  });

  it("adopts everything, keeping the robot tokens", async () => {
    test = await createTestStack(relative(root, programDir), {
      "quay:url": { value: target.current.url },
      "quay:token": { value: target.current.token, secret: true },
      "quay:adopt": { value: "true" },
      ...Object.fromEntries(Object.entries(secrets).map(([key, value]) => [key, { value, secret: true }])),
    });
    const result = await counting("adopt", () => test.stack.up());
    // Every object, and the stack itself.
    expect(result.summary.resourceChanges?.create).toBe(objects + 1);
    expect((await api("GET", `/organization/${org}/robots/ci`)).body.token).toBe(robotToken);
  });

  emulatorOnly("adopted with no write to Quay", "metrics", async () => {
    expect(writes.adopt).toBe(0);
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
    expect((await api("GET", `/repository/${org}/api`)).body.description).toBe("The API, v2");
    expect((await test.stack.preview()).changeSummary).toEqual({ same: objects + 1 });
  });

  describe.each([
    ["Tenant", "--tenant"],
    ["OrganizationBlueprint", "--blueprint"],
  ])("as one %s", (kind, flag) => {
    let compositeDir: string;
    let compositeStack: TestStack;
    // A Tenant is one resource; a blueprint a component with a child per object. Both leave Quay's own roles out.
    const declared = () => (kind === "Tenant" ? 1 : objects - quaysOwn - 1 + 1);

    it("exports the organization in one declaration, with what it cannot hold beside it", async () => {
      compositeDir = join(mkdtempSync(join(root, ".e2e", "export-")), "program");
      const args = ["export", "--org", org, flag, "--out", compositeDir];
      const { stdout } = await promisify(execFile)(process.execPath, [join(root, "dist/cli/pulumi-quay.js"), ...args], {
        env: { ...process.env, QUAY_URL: target.current.url, QUAY_TOKEN: target.current.token },
      });
      const program = readFileSync(join(compositeDir, "index.ts"), "utf8");
      expect(program.match(new RegExp(`new quay\\.${kind}\\(`, "g"))).toHaveLength(1);
      expect(program).toContain('devs: "write"');
      expect(program).toContain("deploy: {");
      // Notifications and mirrors are part of it; the OAuth application stays a resource of its own.
      expect(program).toMatch(/mirror: \{[^}]*robot: "puller"/s);
      expect(program).toMatch(/notifications: \{/);
      expect(program).toContain("new quay.OAuthApplication(");
      expect(program).not.toContain("new quay.Team(");
      expect(program).not.toContain("upstream-secret");
      expect(program).not.toContain("hooks.example.com");
      // Each secret the composite holds is a config placeholder the user sets.
      for (const [, key] of stdout.matchAll(/pulumi config set --secret (\w+) </g)) expect(program).toContain(key);
    });

    it("adopts it, with the secrets set from what Quay holds, then previews no changes", async () => {
      const program = readFileSync(join(compositeDir, "index.ts"), "utf8");
      // The header names each key and the path of the secret it holds: a mirror password, notification configs.
      const keys = [...program.matchAll(/^\/\/ {3}pulumi config set --secret (\w+) <(\S+) of /gm)];
      expect(keys).toHaveLength(5);
      const values: Record<string, { value: string; secret: boolean }> = {};
      const segment = String.raw`(?:\.(\w+)|\["([^"]+)"\])`;
      for (const [, key, path] of keys) {
        const match = new RegExp(
          `^repositories${segment}\\.(?:mirror\\.password|notifications${segment}\\.config)$`,
        ).exec(path);
        expect(match).not.toBeNull();
        const [, plainRepository, quotedRepository, plainKey, quotedKey] = match!;
        const repository = `${org}/${plainRepository ?? quotedRepository}`;
        if (path.endsWith(".password")) {
          values[key] = { value: "upstream-secret", secret: true };
          continue;
        }
        const listed: Notification[] = (await api("GET", `/repository/${repository}/notification/`)).body.notifications;
        const wanted = plainKey ?? quotedKey;
        const found = listed.find((candidate) => {
          const name = candidate.title ?? `${candidate.event}-${candidate.method}`;
          return (
            name
              .replace(/[^a-z0-9]+/gi, "-")
              .replace(/^-+|-+$/g, "")
              .toLowerCase() === wanted.replace(/-\d+$/, "")
          );
        })!;
        values[key] = { value: JSON.stringify(found.config), secret: true };
      }
      compositeStack = await createTestStack(relative(root, compositeDir), {
        "quay:url": { value: target.current.url },
        "quay:token": { value: target.current.token, secret: true },
        "quay:adopt": { value: "true" },
        ...values,
      });
      const result = await counting(kind, () => compositeStack.stack.up());
      // The composite's resources, the OAuth application beside it and the stack.
      expect(result.summary.resourceChanges?.create).toBe(declared() + 2);
      await compositeStack.stack.removeConfig("quay:adopt");
      expect((await compositeStack.stack.preview()).changeSummary).toEqual({ same: declared() + 2 });
      expect((await api("GET", `/organization/${org}/robots/ci`)).body.token).toBe(robotToken);
    });

    emulatorOnly("adopted it with no write to Quay", "metrics", async () => {
      expect(writes[kind]).toBe(0);
    });

    afterAll(() => compositeStack?.dispose());
  });
});
