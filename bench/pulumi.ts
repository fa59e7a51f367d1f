/**
 * Benchmark of real Pulumi runs against the emulator with latency: a generated registry of N
 * resources (test/e2e/programs/scale), and a baseline of the same N and dependency shape made of
 * trivial dynamic resources that call nothing (the engine's own floor). For each of up (create),
 * no-op preview, no-op up, refresh, a 10 % edit and destroy it records wall time, Quay API calls by
 * route, state bytes per resource and the provider process's peak memory, and reports our time as
 * a ratio to the baseline's. Writes bench/results/pulumi.json and pulumi.md.
 *
 *   npm run bench -- [--sizes 50,200,1000] [--latency-ms 20]
 */
import {
  cpSync,
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
import { type Measurement, type Run, renderTable, type Step } from "./report";

const root = join(__dirname, "../..");
/** Peak resident memory (VmHWM) of the program's dynamic-provider process, polled while a step runs. */
function watchProviderMemory(programDir: string): () => number {
  let peakKb = 0;
  const poll = () => {
    for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dynamic-provider")) continue;
        if (readlinkSync(`/proc/${pid}/cwd`) !== programDir) continue;
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // The process ended between listing and reading.
      }
    }
  };
  const timer = setInterval(poll, 100);
  return () => {
    clearInterval(timer);
    poll();
    return Math.round(peakKb / 1024);
  };
}

async function measure(emulator: Emulator, dir: string, action: () => Promise<unknown>): Promise<Measurement> {
  emulator.server.resetMetrics();
  const stopWatching = watchProviderMemory(dir);
  const started = performance.now();
  await action();
  const seconds = (performance.now() - started) / 1000;
  const metrics = emulator.metrics();
  return {
    seconds: Number(seconds.toFixed(2)),
    apiCalls: metrics.total,
    apiCallsByRoute: metrics.requests,
    providerPeakMb: stopWatching(),
  };
}

async function runProgram(emulator: Emulator, program: Run["program"], size: number): Promise<Run> {
  const pulumiRoot = process.env.PULUMI_ROOT;
  if (!pulumiRoot) throw new Error("PULUMI_ROOT is not set: run through `npm run bench`");
  mkdirSync(join(root, ".e2e"), { recursive: true });
  const dir = mkdtempSync(join(root, ".e2e", `bench-${program}-${size}-`));
  try {
    cpSync(join(root, "test/e2e/programs/scale"), dir, { recursive: true });
    mkdirSync(join(dir, ".state"));
    const stack: Stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "bench", workDir: dir },
      {
        pulumiCommand: await PulumiCommand.get({ root: pulumiRoot }),
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
    });
    const results = {} as Record<Step, Measurement>;
    results.up = await measure(emulator, dir, () => stack.up());
    const stateFile = join(dir, ".state/.pulumi/stacks/e2e-scale/bench.json");
    const stateBytesPerResource = Math.round(statSync(stateFile).size / size);
    results["preview (no-op)"] = await measure(emulator, dir, () => stack.preview());
    results["up (no-op)"] = await measure(emulator, dir, () => stack.up());
    results.refresh = await measure(emulator, dir, () => stack.refresh());
    await stack.setConfig("edit", { value: "10" });
    results["edit 10 %"] = await measure(emulator, dir, () => stack.up());
    results.destroy = await measure(emulator, dir, () => stack.destroy());
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
    },
  });
  const sizes = values.sizes.split(",").map(Number);
  const latencyMs = Number(values["latency-ms"]);
  const emulator = await startEmulator({ faults: { latencyMs } });
  const runs: Run[] = [];
  try {
    for (const size of sizes) {
      for (const program of ["baseline", "pulumi-quay"] as const) {
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
