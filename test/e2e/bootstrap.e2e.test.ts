// Takes about 11 s on the emulator, and 25 s on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { quayApi } from "../helpers/emulator";
import { createTestStack } from "../helpers/pulumi";
import { endToEndTimeout } from "../helpers/timeouts";

const root = join(__dirname, "../..");

/** Runs `pulumi-quay bootstrap ARGS` with `password` on standard input; resolves to its output and exit code. */
function bootstrap(args: string[], password: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [join(root, "dist/cli/pulumi-quay.js"), "bootstrap", ...args],
      { env: { ...process.env, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(`${password}\n`);
  });
}

/** The first token of a fresh Quay, from `pulumi-quay bootstrap`, against an emulator started empty. */
describe("pulumi-quay bootstrap", { timeout: endToEndTimeout }, () => {
  let quay: Emulator;
  beforeAll(async () => {
    quay = await startEmulator({ empty: true });
  });
  afterAll(() => quay.stop());

  it("makes the first user of an empty Quay and prints its token once, a superuser's with every scope", async () => {
    const made = await bootstrap(
      ["--url", quay.url, "--username", "admin", "--email", "admin@example.com"],
      "first-pass-1",
    );
    expect(made.code).toBe(0);
    const token = made.stdout.trim();
    expect(token).toMatch(/^\w{20,}$/);
    expect(made.stderr).not.toContain(token);
    expect(made.stderr).not.toContain("first-pass-1");
    // Quay expires this first token after 9000 s: the command says so, and how to get a lasting one.
    expect(made.stderr).toContain("Quay expires this token after 2.5 hours");
    const me = await quayApi({ url: quay.url, token }, "GET", "/user/");
    expect(me.body).toMatchObject({ username: "admin", super_user: true });
  });

  it("refuses a Quay that already has users, and a password given as an argument", async () => {
    const again = await bootstrap(["--url", quay.url, "--username", "someone"], "second-pass-2");
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      "this Quay already has users: bootstrap makes the first user of an empty database only",
    );
    const argument = await bootstrap(["--url", quay.url, "--username", "x", "--password", "p4ssword"], "");
    expect(argument.code).toBe(2);
    expect(argument.stderr).toContain("the password is never an argument");
  });

  it("stores the token as the stack's secret quay:token, never shown, and the stack uses it", async () => {
    const fresh = await startEmulator({ empty: true });
    const test = await createTestStack("organization", { orgName: { value: "bootstrapped" } });
    try {
      // A stack that is not there: refused before Quay's one first user is spent.
      const nowhere = await bootstrap(
        ["--url", fresh.url, "--username", "admin", "--stack-config", "--stack", "missing", "--cwd", test.dir],
        "third-pass-3",
        { ...test.env, PULUMI_QUAY_PULUMI: test.pulumi },
      );
      expect(nowhere.code).toBe(2);
      expect(nowhere.stderr).toContain("no Pulumi stack to store the token in");
      expect(fresh.server.state.users.size).toBe(0);
      const made = await bootstrap(
        ["--url", fresh.url, "--username", "admin", "--stack-config", "--stack", "e2e", "--cwd", test.dir],
        "third-pass-3",
        { ...test.env, PULUMI_QUAY_PULUMI: test.pulumi },
      );
      expect(made.code).toBe(0);
      expect(made.stdout).toBe("");
      const token = [...fresh.server.state.tokens.keys()][0];
      const stackFile = readFileSync(join(test.dir, "Pulumi.e2e.yaml"), "utf8");
      expect(stackFile).toContain("secure:");
      expect(stackFile).not.toContain(token);
      const { stdout } = await promisify(execFile)(test.pulumi, ["config", "get", "quay:token", "--stack", "e2e"], {
        cwd: test.dir,
        env: { ...process.env, ...test.env },
      });
      expect(stdout.trim()).toBe(token);
      const up = await test.stack.up();
      expect(up.summary.resourceChanges).toEqual({ create: 2 });
      await test.stack.destroy();
    } finally {
      await test.dispose();
      await fresh.stop();
    }
  });
});
