/**
 * The benchmark's result format and its markdown table. Run on its own, it renders
 * bench/results/pulumi.json again into bench/results/pulumi.md.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The Pulumi operations the benchmark times, in order. */
export const steps = ["up", "preview (no-op)", "up (no-op)", "refresh", "edit 1", "edit 10 %", "destroy"] as const;
/** One of {@link steps}. */
export type Step = (typeof steps)[number];

/** The programs compared: trivial dynamic resources (the engine's floor), and pulumi-quay in each mode. */
export const programs = ["baseline", "dynamic", "native"] as const;
/** One of {@link programs}. */
export type Program = (typeof programs)[number];

/** What one step cost. */
export interface Measurement {
  /** Wall time of the CLI command. */
  seconds: number;
  /** CPU time (user and system) of the CLI and every process it waited for: language host, providers. */
  cpuSeconds: number;
  apiCalls: number;
  apiCallsByRoute: Record<string, number>;
  /** Peak resident memory of each kind of process during the step, in MB. */
  peakMb: Record<string, number>;
}

/** One program at one size. */
export interface Run {
  program: Program;
  size: number;
  stateBytesPerResource: number;
  steps: Record<Step, Measurement>;
}

const ratio = (ours: number, theirs: number) => (theirs > 0 ? (ours / theirs).toFixed(2) : "");

/** A row per step: each mode's time, CPU and ratios, API calls; then state size and peak memory. */
export function renderTable(results: { latencyMs: number; runs: Run[] }): string {
  const lines = [
    `Latency ${results.latencyMs} ms per API request; engine parallelism 8; one run of each program, the three of a size one after another.`,
    "",
    "| N | step | dynamic s | native s | baseline s | dynamic ÷ baseline | native ÷ baseline | native ÷ dynamic | CPU s dynamic / native / baseline | API calls |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  const sizes = [...new Set(results.runs.map((run) => run.size))];
  for (const size of sizes) {
    const run = (program: Program) =>
      results.runs.find((candidate) => candidate.program === program && candidate.size === size);
    const dynamic = run("dynamic");
    const native = run("native");
    const baseline = run("baseline");
    if (!dynamic || !baseline) continue;
    for (const step of steps) {
      const d = dynamic.steps[step];
      const n = native?.steps[step];
      const b = baseline.steps[step];
      lines.push(
        `| ${size} | ${step} | ${d.seconds} | ${n?.seconds ?? ""} | ${b.seconds} | ${ratio(d.seconds, b.seconds)} | ` +
          `${n ? ratio(n.seconds, b.seconds) : ""} | ${n ? ratio(n.seconds, d.seconds) : ""} | ${d.cpuSeconds} / ${n?.cpuSeconds ?? ""} / ${b.cpuSeconds} | ${d.apiCalls} |`,
      );
    }
    lines.push(
      `| ${size} | state bytes per resource | ${dynamic.stateBytesPerResource} | ${native?.stateBytesPerResource ?? ""} | ${baseline.stateBytesPerResource} | | | | | |`,
    );
  }
  lines.push("", "Peak resident memory per process during `up`, MB:", "");
  lines.push("| N | program | processes |", "|---|---|---|");
  for (const run of results.runs) {
    const peaks = Object.entries(run.steps.up.peakMb)
      .map(([process, mb]) => `${process} ${mb}`)
      .join(", ");
    lines.push(`| ${run.size} | ${run.program} | ${peaks} |`);
  }
  return `${lines.join("\n")}\n`;
}

if (require.main === module) {
  const results = join(__dirname, "../../bench/results");
  const markdown = renderTable(JSON.parse(readFileSync(join(results, "pulumi.json"), "utf8")));
  writeFileSync(join(results, "pulumi.md"), markdown);
  console.log(markdown);
}
