/**
 * Benchmark of real Pulumi runs against the emulator with latency: the same registry (bench/shape.ts)
 * declared as per-object resources and as one Tenant per organization, in TypeScript programs as users
 * write them (bench/programs/registry), beside the engine's floor (a program of one resource that calls
 * nothing), all in one run so the ratios are comparable on a busy machine. For each of up, a no-op
 * preview, a one-object edit, refresh and destroy it records wall time, CPU time of the process tree,
 * Quay API calls and when the program itself started; then what a program's start-up costs in each way
 * of running it (TypeScript type-checked or transpiled only, precompiled JavaScript, YAML) and what loading
 * the SDK costs. Writes bench/results/pulumi.json and pulumi.md.
 *
 *   npm run bench -- [--sizes 200:1,2000:50] [--latency-ms 20] [--programs floor,objects-native,tenant-native,tenant-dynamic]
 */
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { type Emulator, startEmulator } from "../emulator";
import {
  type BenchResults,
  type Measurement,
  type Program,
  programs,
  renderTable,
  type SizeRun,
  type Startup,
  type Step,
} from "./report";
import { type BenchOrganization, benchRegistry, objectCount } from "./shape";

const root = join(__dirname, "../..");
const source = join(root, "bench/programs/registry");

/** The programs' settings: the form of their declarations, and the mode. */
const settings: Record<Program, { form: "floor" | "objects" | "tenant"; native: boolean }> = {
  floor: { form: "floor", native: false },
  "objects-native": { form: "objects", native: true },
  "tenant-native": { form: "tenant", native: true },
  "tenant-dynamic": { form: "tenant", native: false },
};

/** A `pulumi` that runs the real one under GNU time, which adds the CPU time of it and its children to `timesFile`. */
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

/** The lines of `file` after the first `from`, and how many it has. */
function linesSince(file: string, from: number): { lines: string[]; count: number } {
  const all = existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").filter(Boolean) : [];
  return { lines: all.slice(from), count: all.length };
}

/** A stack of a copy of the registry program (or, with `yaml`, of its YAML form). */
async function benchStack(
  name: string,
  registry: BenchOrganization[],
  emulator: Emulator,
  program: { form: string; native: boolean; yaml?: boolean },
) {
  const pulumiRoot = process.env.PULUMI_ROOT;
  if (!pulumiRoot) throw new Error("PULUMI_ROOT is not set: run through `npm run bench`");
  mkdirSync(join(root, ".e2e"), { recursive: true });
  const dir = mkdtempSync(join(root, ".e2e", `bench-${name}-`));
  const timesFile = join(dir, ".times");
  const startupFile = join(dir, ".startup");
  const plugin = `plugins:\n  providers:\n    - name: quay\n      path: ${join(root, "bin")}\n`;
  if (program.yaml) {
    const resources = registry.map((organization) => ({
      [organization.name.replace(/-/g, "_")]: { type: "quay:index:Tenant", properties: organization },
    }));
    writeFileSync(
      join(dir, "Pulumi.yaml"),
      `name: bench-registry-yaml\nruntime: yaml\n${plugin}resources: ${JSON.stringify(Object.assign({}, ...resources))}\n`,
    );
  } else {
    cpSync(source, dir, { recursive: true });
    if (program.native)
      writeFileSync(join(dir, "Pulumi.yaml"), `${readFileSync(join(dir, "Pulumi.yaml"), "utf8")}${plugin}`);
  }
  mkdirSync(join(dir, ".state"));
  const env: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${join(dir, ".state")}`,
    PULUMI_CONFIG_PASSPHRASE: "bench",
    PULUMI_HOME: join(dir, ".pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
    PQ_BENCH_STARTUP: startupFile,
  };
  const stack: Stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "bench", workDir: dir },
    {
      pulumiCommand: await PulumiCommand.get({ root: timedPulumi(pulumiRoot, dir, timesFile), skipVersionCheck: true }),
      envVars: env,
    },
  );
  await stack.setAllConfig({
    "quay:url": { value: emulator.url },
    "quay:token": { value: emulator.token, secret: true },
    ...(program.yaml
      ? {}
      : {
          form: { value: program.form },
          native: { value: String(program.native) },
          organizations: { value: JSON.stringify(registry) },
        }),
  });
  /** Runs `action` and records what it cost; `program start` is when the program's first line ran. */
  const measure = async (action: () => Promise<unknown>): Promise<Measurement> => {
    emulator.server.resetMetrics();
    const times = linesSince(timesFile, 0).count;
    const starts = linesSince(startupFile, 0).count;
    const started = performance.now();
    await action();
    const seconds = (performance.now() - started) / 1000;
    const cpu = linesSince(timesFile, times)
      .lines.map((line) => line.split(" ").map(Number))
      .filter((values) => values.length === 2 && values.every((value) => !Number.isNaN(value)))
      .reduce((sum, [user, system]) => sum + user + system, 0);
    const programStart = linesSince(startupFile, starts).lines.map(Number)[0];
    return {
      seconds: Number(seconds.toFixed(2)),
      cpuSeconds: Number(cpu.toFixed(2)),
      apiCalls: emulator.metrics().total,
      programStartMs: programStart === undefined ? undefined : Math.round(programStart),
    };
  };
  return { stack, dir, measure, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One program through every step, on a registry of `objects` objects in `organizations` organizations. */
async function runProgram(emulator: Emulator, program: Program, objects: number, organizations: number) {
  const registry = benchRegistry(`bench-${program}-${objects}`, objects, organizations);
  const bench = await benchStack(`${program}-${objects}`, registry, emulator, settings[program]);
  try {
    const results = {} as Record<Step, Measurement>;
    results.up = await bench.measure(() => bench.stack.up());
    results["preview (no-op)"] = await bench.measure(() => bench.stack.preview());
    const edited = benchRegistry(`bench-${program}-${objects}`, objects, organizations, 1);
    await bench.stack.setAllConfig({
      organizations: { value: JSON.stringify(edited) },
      edit: { value: "1" },
    });
    results["edit 1"] = await bench.measure(() => bench.stack.up());
    results.refresh = await bench.measure(() => bench.stack.refresh());
    results.destroy = await bench.measure(() => bench.stack.destroy());
    emulator.server.state.collectGarbage(Number.POSITIVE_INFINITY);
    return results;
  } finally {
    bench.dispose();
  }
}

/** The median of `runs` runs of `action`'s wall time, in seconds, and the program start of the last. */
async function medianOf(
  runs: number,
  action: () => Promise<Measurement>,
): Promise<{ seconds: number; programStartMs?: number }> {
  const measured: Measurement[] = [];
  for (let run = 0; run < runs; run += 1) measured.push(await action());
  const sorted = [...measured].sort((left, right) => left.seconds - right.seconds);
  return { seconds: sorted[Math.floor(runs / 2)].seconds, programStartMs: measured.at(-1)?.programStartMs };
}

/** What a no-op preview of the Tenant registry costs in each way of running the program. */
async function measureStartup(emulator: Emulator, objects: number, organizations: number): Promise<Startup[]> {
  const registry = benchRegistry(`bench-startup-${objects}`, objects, organizations);
  const startup: Startup[] = [];
  const bench = await benchStack(`startup-${objects}`, registry, emulator, settings["tenant-native"]);
  try {
    await bench.stack.up();
    const preview = () => bench.measure(() => bench.stack.preview());
    startup.push({ way: "TypeScript, type-checked (Pulumi's default)", ...(await medianOf(3, preview)) });
    const workspace = bench.stack.workspace as LocalWorkspace;
    workspace.envVars.PULUMI_NODEJS_TRANSPILE_ONLY = "true";
    startup.push({
      way: "TypeScript, transpile only (PULUMI_NODEJS_TRANSPILE_ONLY=true)",
      ...(await medianOf(3, preview)),
    });
    delete workspace.envVars.PULUMI_NODEJS_TRANSPILE_ONLY;
    execFileSync(join(root, "node_modules/.bin/tsc"), ["-p", bench.dir], { stdio: "inherit" });
    writeFileSync(join(bench.dir, "package.json"), JSON.stringify({ name: "bench-registry", main: "bin/index.js" }));
    startup.push({ way: "JavaScript, compiled beforehand with tsc", ...(await medianOf(3, preview)) });
    await bench.stack.destroy();
  } finally {
    bench.dispose();
  }
  const yaml = await benchStack(`startup-yaml-${objects}`, registry, emulator, {
    form: "tenant",
    native: true,
    yaml: true,
  });
  try {
    await yaml.stack.up();
    startup.push({
      way: "Pulumi YAML (native provider)",
      ...(await medianOf(3, () => yaml.measure(() => yaml.stack.preview()))),
    });
    await yaml.stack.destroy();
  } finally {
    yaml.dispose();
  }
  emulator.server.state.collectGarbage(Number.POSITIVE_INFINITY);
  return startup;
}

/** The median time a fresh Node.js takes to load `module` after `@pulumi/pulumi`, in ms, over five processes. */
function loadMs(module: string): number {
  const script = `require("@pulumi/pulumi"); const t = performance.now(); require(${JSON.stringify(module)}); console.log(performance.now() - t);`;
  const times = Array.from({ length: 5 }, () =>
    Number(execFileSync(process.execPath, ["-e", script], { cwd: root }).toString()),
  );
  return Math.round(times.sort((left, right) => left - right)[2]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "200:1,2000:50" },
      "latency-ms": { type: "string", default: "20" },
      programs: { type: "string", default: programs.join(",") },
      startup: { type: "boolean", default: true },
    },
  });
  const sizes = values.sizes.split(",").map((size) => size.split(":").map(Number) as [number, number]);
  const chosen = values.programs.split(",") as Program[];
  const latencyMs = Number(values["latency-ms"]);
  const emulator = await startEmulator({ faults: { latencyMs }, gcDelaySeconds: 0 });
  const results: BenchResults = { latencyMs, concurrency: 8, sizes: [], startup: [], sdkLoadMs: {} };
  try {
    for (const [objects, organizations] of sizes) {
      const run: SizeRun = {
        objects: objectCount(benchRegistry("count", objects, organizations)),
        organizations,
        programs: {},
      };
      for (const program of programs.filter((candidate) => chosen.includes(candidate))) {
        console.error(`[bench] ${program}: ${run.objects} objects in ${organizations} organizations`);
        run.programs[program] = await runProgram(emulator, program, objects, organizations);
      }
      results.sizes.push(run);
    }
    if (values.startup) {
      console.error("[bench] start-up");
      const [objects, organizations] = sizes[0];
      results.startup = await measureStartup(emulator, objects, organizations);
      results.sdkLoadMs = { "pulumi-quay": loadMs("pulumi-quay"), "pulumi-quay/native": loadMs("pulumi-quay/native") };
    }
  } finally {
    await emulator.stop();
  }
  mkdirSync(join(root, "bench/results"), { recursive: true });
  writeFileSync(join(root, "bench/results/pulumi.json"), `${JSON.stringify(results, null, 2)}\n`);
  const markdown = renderTable(results);
  writeFileSync(join(root, "bench/results/pulumi.md"), markdown);
  console.log(markdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
