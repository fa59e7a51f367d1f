/**
 * Benchmark of real Pulumi runs against the emulator with latency: a generated registry of N
 * resources (test/e2e/programs/scale) in each mode of pulumi-quay (dynamic and native), beside a
 * baseline of the same N and dependency shape made of trivial dynamic resources that call nothing
 * (the engine's own floor). For each of up (create), no-op preview, no-op up, refresh, a one-object
 * edit, a 10 % edit and destroy it records wall time, CPU time of the whole process tree, Quay API
 * calls by route, state bytes per resource and the peak memory of each process. The emulator frees
 * deleted names at once, so destroy measures the tools, not Quay's garbage collector. Writes
 * bench/results/pulumi.json and pulumi.md.
 *
 *   npm run bench -- [--sizes 50,200,1000] [--latency-ms 20] [--programs baseline,dynamic,native]
 */
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { type Emulator, startEmulator } from "../emulator";
import { type Measurement, type Program, programs, type Run, renderTable, type Step } from "./report";

const root = join(__dirname, "../..");

/** The kind of a process of a Pulumi run, from its command line; undefined for others. */
function processKind(commandLine: string): string | undefined {
  if (commandLine.includes("dynamic-provider")) return "dynamic provider";
  if (commandLine.includes("provider/native/main.js")) return "native provider";
  if (commandLine.includes("pulumi-language-nodejs")) return "language host";
  if (commandLine.includes("@pulumi/pulumi/cmd/run") || commandLine.includes("run-plugin")) return "program";
  if (/(^|\/)pulumi\0/.test(commandLine)) return "pulumi CLI";
  return undefined;
}

/** Peak resident memory (VmHWM) of each kind of process running in `programDir`, polled while a step runs. */
function watchMemory(programDir: string): () => Record<string, number> {
  const peakKb: Record<string, number> = {};
  const poll = () => {
    for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
      try {
        if (readlinkSync(`/proc/${pid}/cwd`) !== programDir) continue;
        const kind = processKind(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        if (kind && match) peakKb[kind] = Math.max(peakKb[kind] ?? 0, Number(match[1]));
      } catch {
        // The process ended between listing and reading.
      }
    }
  };
  const timer = setInterval(poll, 100);
  return () => {
    clearInterval(timer);
    poll();
    return Object.fromEntries(Object.entries(peakKb).map(([kind, kb]) => [kind, Math.round(kb / 1024)]));
  };
}

/**
 * A `pulumi` that runs the real one under GNU time, which reports the CPU time of the CLI and of every
 * process it waited for (language host, plugins) into `timesFile`.
 */
function timedPulumi(pulumiRoot: string, dir: string, timesFile: string): string {
  const wrapper = join(dir, ".timed");
  mkdirSync(join(wrapper, "bin"), { recursive: true });
  const script = join(wrapper, "bin/pulumi");
  writeFileSync(
    script,
    `#!/bin/sh\nexec /usr/bin/time -f "%U %S" -a -o "${timesFile}" "${join(pulumiRoot, "bin/pulumi")}" "$@"\n`,
  );
  chmodSync(script, 0o755);
  return wrapper;
}

/** CPU seconds of the commands recorded in `timesFile` since `from` lines. */
function cpuSince(timesFile: string, from: number): { seconds: number; lines: number } {
  const lines = existsSync(timesFile) ? readFileSync(timesFile, "utf8").trim().split("\n").filter(Boolean) : [];
  const seconds = lines
    .slice(from)
    .map((line) => line.split(" ").map(Number))
    .filter((values) => values.length === 2 && values.every((value) => !Number.isNaN(value)))
    .reduce((sum, [user, system]) => sum + user + system, 0);
  return { seconds: Number(seconds.toFixed(2)), lines: lines.length };
}

async function runProgram(emulator: Emulator, program: Program, size: number): Promise<Run> {
  const pulumiRoot = process.env.PULUMI_ROOT;
  if (!pulumiRoot) throw new Error("PULUMI_ROOT is not set: run through `npm run bench`");
  mkdirSync(join(root, ".e2e"), { recursive: true });
  const dir = mkdtempSync(join(root, ".e2e", `bench-${program}-${size}-`));
  const timesFile = join(dir, ".times");
  try {
    cpSync(join(root, "test/e2e/programs/scale"), dir, { recursive: true });
    if (program === "native") {
      const project = readFileSync(join(dir, "Pulumi.yaml"), "utf8");
      writeFileSync(
        join(dir, "Pulumi.yaml"),
        `${project}plugins:\n  providers:\n    - name: quay\n      path: ${join(root, "bin")}\n`,
      );
    }
    mkdirSync(join(dir, ".state"));
    const stack: Stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "bench", workDir: dir },
      {
        pulumiCommand: await PulumiCommand.get({
          root: timedPulumi(pulumiRoot, dir, timesFile),
          skipVersionCheck: true,
        }),
        envVars: {
          PULUMI_BACKEND_URL: `file://${join(dir, ".state")}`,
          PULUMI_CONFIG_PASSPHRASE: "bench",
          PULUMI_HOME: join(dir, ".pulumi-home"),
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
          PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
        },
      },
    );
    const orgName = `bench-${program}-${size}`;
    await stack.setAllConfig({
      "quay:url": { value: emulator.url },
      "quay:token": { value: emulator.token, secret: true },
      size: { value: String(size) },
      orgName: { value: orgName },
      baseline: { value: String(program === "baseline") },
      native: { value: String(program === "native") },
    });
    const measure = async (action: () => Promise<unknown>): Promise<Measurement> => {
      emulator.server.resetMetrics();
      const stopWatching = watchMemory(dir);
      const before = cpuSince(timesFile, 0).lines;
      const started = performance.now();
      await action();
      const seconds = (performance.now() - started) / 1000;
      const metrics = emulator.metrics();
      return {
        seconds: Number(seconds.toFixed(2)),
        cpuSeconds: cpuSince(timesFile, before).seconds,
        apiCalls: metrics.total,
        apiCallsByRoute: metrics.requests,
        peakMb: stopWatching(),
      };
    };
    const results = {} as Record<Step, Measurement>;
    results.up = await measure(() => stack.up());
    const stateFile = join(dir, ".state/.pulumi/stacks/e2e-scale/bench.json");
    const stateBytesPerResource = Math.round(statSync(stateFile).size / size);
    results["preview (no-op)"] = await measure(() => stack.preview());
    results["up (no-op)"] = await measure(() => stack.up());
    results.refresh = await measure(() => stack.refresh());
    await stack.setConfig("editCount", { value: "1" });
    results["edit 1"] = await measure(() => stack.up());
    await stack.setConfig("edit", { value: "10" });
    results["edit 10 %"] = await measure(() => stack.up());
    results.destroy = await measure(() => stack.destroy());
    emulator.server.state.collectGarbage(Number.POSITIVE_INFINITY);
    return { program, size, stateBytesPerResource, steps: results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "50,200" },
      "latency-ms": { type: "string", default: "20" },
      programs: { type: "string", default: programs.join(",") },
    },
  });
  const sizes = values.sizes.split(",").map(Number);
  const chosen = values.programs.split(",") as Program[];
  const latencyMs = Number(values["latency-ms"]);
  const emulator = await startEmulator({ faults: { latencyMs }, gcDelaySeconds: 0 });
  const runs: Run[] = [];
  try {
    for (const size of sizes) {
      for (const program of programs.filter((candidate) => chosen.includes(candidate))) {
        console.error(`[bench] ${program} N=${size}`);
        runs.push(await runProgram(emulator, program, size));
      }
    }
  } finally {
    await emulator.stop();
  }
  mkdirSync(join(root, "bench/results"), { recursive: true });
  writeFileSync(join(root, "bench/results/pulumi.json"), `${JSON.stringify({ latencyMs, runs }, null, 2)}\n`);
  const markdown = renderTable({ latencyMs, runs });
  writeFileSync(join(root, "bench/results/pulumi.md"), markdown);
  console.log(markdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
