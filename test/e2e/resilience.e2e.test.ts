// Takes about 2.6 min on the emulator, and 3.0 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { execFile, spawn } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator";
import { mirrorOf } from "../../emulator/handlers/mirrors";
import { notificationsOf } from "../../emulator/handlers/notifications";
import { useEmulator } from "../helpers/emulator";
import { createTestStack, type TestStack } from "../helpers/pulumi";
import { endToEndTimeout } from "../helpers/timeouts";

/** Kills what a killed `pulumi` leaves running in `dir` (its language host and provider process). */
function killProcessesIn(dir: string): void {
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) === dir) process.kill(Number(pid), "SIGKILL");
    } catch {
      // Gone already, or not ours to read.
    }
  }
}

/** Resource counts by kind in the stack's state (the stack itself left out). */
async function stateCounts(test: TestStack): Promise<Record<string, number>> {
  const deployment = (await test.stack.exportStack()).deployment as { resources: { type: string }[] };
  const counts: Record<string, number> = {};
  for (const { type } of deployment.resources) {
    const kind = type.split(":").at(-1)!;
    if (type.startsWith("pulumi-nodejs:dynamic/quay:")) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** The same counts, from what the emulator holds for `org`: every object once, nothing more. */
function quayCounts(emulator: Emulator, org: string): Record<string, number> {
  const state = emulator.server.state;
  const organization = state.organizations.get(org);
  const repositories = [...state.repositories.values()].filter((repository) => repository.namespace === org);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const counts: Record<string, number> = {
    Organization: organization ? 1 : 0,
    Team: (organization?.teams.size ?? 1) - 1,
    Robot: [...state.robots.values()].filter((robot) => robot.namespace === org).length,
    Repository: repositories.length,
    // Declared: each team writes its repository, each robot reads (or, for a mirror, writes) it.
    // Read roles of teams come from default permissions as Quay applies them, and are not counted.
    RepositoryPermission: sum(
      repositories.map(
        (repository) =>
          [...repository.teamRoles.values()].filter((role) => role === "write").length +
          [...repository.userRoles.keys()].filter((name) => name.includes("+")).length,
      ),
    ),
    RepositoryNotification: sum(repositories.map((repository) => notificationsOf(state, repository).size)),
    DefaultPermission: organization?.prototypes.length ?? 0,
    RepositoryMirror: repositories.filter((repository) => mirrorOf(state, repository).config).length,
  };
  return Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0));
}

/**
 * The README's recovery ("When a run is interrupted"), step by step: unlock; while the stack will not load,
 * restore the previous checkpoint, then the last finished update's, then start a fresh stack; drop the
 * interrupted creates; adopt what Quay made meanwhile. Resolves to the restoring steps it needed.
 */
async function recoverAsDocumented(test: TestStack): Promise<string[]> {
  const run = (args: string[], extraEnv: Record<string, string> = {}) =>
    promisify(execFile)(test.pulumi, [...args, "--non-interactive", "--stack", "e2e"], {
      cwd: test.dir,
      env: { ...process.env, ...test.env, ...extraEnv },
    });
  const stacks = join(test.dir, ".state/.pulumi/stacks/e2e-scale");
  const file = join(stacks, "e2e.json");
  const history = join(test.dir, ".state/.pulumi/history/e2e-scale/e2e");
  const loads = () =>
    run(["stack", "export", "--file", join(test.dir, ".export.json")]).then(
      () => true,
      () => false,
    );
  await run(["cancel", "--yes"]).catch(() => undefined);
  const steps: string[] = [];
  if (!(await loads())) {
    steps.push("the previous checkpoint");
    copyFileSync(`${file}.bak`, file);
  }
  if (!(await loads())) {
    steps.push("the last finished update");
    const checkpoints = existsSync(history)
      ? readdirSync(history)
          .filter((name) => name.endsWith(".checkpoint.json"))
          .sort()
      : [];
    if (checkpoints.length > 0) copyFileSync(join(history, checkpoints.at(-1)!), file);
  }
  if (!(await loads())) {
    steps.push("a fresh stack");
    rmSync(file, { force: true });
    rmSync(`${file}.bak`, { force: true });
    await run(["stack", "init"]).catch(async () => run(["stack", "select", "--create"]));
  }
  await run(["refresh", "--clear-pending-creates", "--yes"]);
  await run(["up", "--yes", "--skip-preview"], { QUAY_ADOPT: "true" });
  return steps;
}

function scaleStack(emulator: Emulator, org: string, size: number, extra: Record<string, string> = {}) {
  return createTestStack("scale", {
    "quay:url": { value: emulator.url },
    "quay:token": { value: emulator.token, secret: true },
    size: { value: String(size) },
    orgName: { value: org },
    ...Object.fromEntries(Object.entries(extra).map(([key, value]) => [key, { value }])),
  });
}

// Faults, latency and the emulator's own counts drive every test here, so each runs against an emulator of
// its own, whatever Quay the other end-to-end tests use.
describe("resilience, against an emulator with fault injection", { timeout: endToEndTimeout }, () => {
  const emulator = useEmulator();

  it("converges in one up of 200 resources through 10 % injected faults, with no duplicates", async () => {
    const test = await scaleStack(emulator.current, "faulty", 200);
    try {
      emulator.current.server.setFaults({
        seed: 2026,
        rules: [{ kinds: ["429", "503", "drop"], rate: 0.1, retryAfterSeconds: 1 }],
      });
      const up = await test.stack.up();
      const injected = emulator.current.metrics().faults;
      emulator.current.server.setFaults({});
      expect(up.summary.result).toBe("succeeded");
      expect(up.summary.resourceChanges).toEqual({ create: 201 });
      expect(Object.values(injected).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(20);
      expect(quayCounts(emulator.current, "faulty")).toEqual(await stateCounts(test));
      expect((await test.stack.preview()).changeSummary).toEqual({ same: 201 });
    } finally {
      await test.dispose();
    }
  });

  it("converges when Quay applies writes but their answers are lost", async () => {
    const test = await scaleStack(emulator.current, "lossy", 60);
    try {
      emulator.current.server.setFaults({
        seed: 7,
        rules: [{ method: "POST", kinds: ["lost-response"], rate: 0.2 }],
      });
      const up = await test.stack.up();
      expect(emulator.current.metrics().faults["lost-response"]).toBeGreaterThan(0);
      emulator.current.server.setFaults({});
      expect(up.summary.result).toBe("succeeded");
      expect(quayCounts(emulator.current, "lossy")).toEqual(await stateCounts(test));
      expect((await test.stack.preview()).changeSummary).toEqual({ same: 61 });
    } finally {
      await test.dispose();
    }
  });

  it("keeps requests in flight under quay:maxConcurrency at engine parallelism 32", async () => {
    const test = await scaleStack(emulator.current, "parallel", 80, { "quay:maxConcurrency": "4" });
    try {
      emulator.current.server.setFaults({ latencyMs: 20 });
      emulator.current.server.resetMetrics();
      await test.stack.up({ parallel: 32 });
      await test.stack.refresh({ parallel: 32 });
      emulator.current.server.setFaults({});
      expect(emulator.current.metrics().maxInFlight).toBe(4);
    } finally {
      await test.dispose();
    }
  });

  it("recovers from an up killed mid-run with the documented steps, leaving no orphan or duplicate", async () => {
    const test = await scaleStack(emulator.current, "killed", 120);
    try {
      emulator.current.server.setFaults({ latencyMs: 10 });
      const writesBefore = emulator.current.metrics().writes;
      const up = spawn(test.pulumi, ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", "e2e"], {
        cwd: test.dir,
        env: { ...process.env, ...test.env },
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      // What the killed run printed, to explain a failure below.
      let printed = "";
      for (const stream of [up.stdout, up.stderr]) stream.on("data", (chunk) => (printed += chunk));
      let running = true;
      const exited = new Promise((resolve) => up.once("exit", resolve)).finally(() => {
        running = false;
      });
      // Kill it once it has written a third of the objects, or, should it end first, let it be.
      while (running && emulator.current.metrics().writes - writesBefore < 40) {
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20))]);
      }
      if (running) process.kill(-up.pid!, "SIGKILL");
      await exited;
      killProcessesIn(test.dir);
      emulator.current.server.setFaults({});
      // Whatever the kill left of the checkpoints, the README's steps recover.
      await recoverAsDocumented(test);
      expect(quayCounts(emulator.current, "killed"), printed).toEqual(await stateCounts(test));
      expect(
        Object.values(await stateCounts(test)).reduce((sum, count) => sum + count, 0),
        printed,
      ).toBe(120);
      expect((await test.stack.preview()).changeSummary).toEqual({ same: 121 });
    } finally {
      await test.dispose();
    }
  });

  describe("when a kill breaks the stack's checkpoint files (broken on purpose)", () => {
    const stackFile = (test: TestStack) => join(test.dir, ".state/.pulumi/stacks/e2e-scale/e2e.json");
    const historyDir = (test: TestStack) => join(test.dir, ".state/.pulumi/history/e2e-scale/e2e");
    const cutShort = (file: string) => writeFileSync(file, readFileSync(file, "utf8").slice(0, 200));

    it("restores the previous checkpoint when the stack file is unreadable", async () => {
      const test = await scaleStack(emulator.current, "broken-file", 20);
      try {
        await test.stack.up();
        cutShort(stackFile(test));
        expect(await recoverAsDocumented(test)).toEqual(["the previous checkpoint"]);
        expect(quayCounts(emulator.current, "broken-file")).toEqual(await stateCounts(test));
        expect((await test.stack.preview()).changeSummary).toEqual({ same: 21 });
      } finally {
        await test.dispose();
      }
    });

    it("goes back to the last finished update when the backup is unreadable too, and adopts what came after", async () => {
      const test = await scaleStack(emulator.current, "broken-both", 20);
      try {
        await test.stack.up();
        await test.stack.setConfig("size", { value: "30" });
        await test.stack.up();
        // The second update as a killed run leaves it: finished in Quay, but in no history.
        const latest = readdirSync(historyDir(test))
          .filter((name) => name.endsWith(".checkpoint.json"))
          .sort()
          .at(-1)!;
        rmSync(join(historyDir(test), latest));
        cutShort(stackFile(test));
        cutShort(`${stackFile(test)}.bak`);
        expect(await recoverAsDocumented(test)).toEqual(["the previous checkpoint", "the last finished update"]);
        expect(quayCounts(emulator.current, "broken-both")).toEqual(await stateCounts(test));
        expect(Object.values(await stateCounts(test)).reduce((sum, count) => sum + count, 0)).toBe(30);
        expect((await test.stack.preview()).changeSummary).toEqual({ same: 31 });
      } finally {
        await test.dispose();
      }
    });

    it("starts a fresh stack that adopts everything when no checkpoint is readable, keeping the robots' tokens", async () => {
      const test = await scaleStack(emulator.current, "broken-all", 20);
      try {
        await test.stack.up();
        const robot = emulator.current.server.state.robots.get("broken-all+robot0")!;
        const token = robot.token;
        cutShort(stackFile(test));
        cutShort(`${stackFile(test)}.bak`);
        rmSync(historyDir(test), { recursive: true, force: true });
        expect(await recoverAsDocumented(test)).toEqual([
          "the previous checkpoint",
          "the last finished update",
          "a fresh stack",
        ]);
        expect(quayCounts(emulator.current, "broken-all")).toEqual(await stateCounts(test));
        expect((await test.stack.preview()).changeSummary).toEqual({ same: 21 });
        expect(emulator.current.server.state.robots.get("broken-all+robot0")?.token).toBe(token);
      } finally {
        await test.dispose();
      }
    });
  });
});
