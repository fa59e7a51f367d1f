/**
 * The benchmark's result format and its markdown table. Run on its own, it renders
 * bench/results/pulumi.json again into bench/results/pulumi.md.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The Pulumi operations the benchmark times, in order. */
export const steps = ["up", "preview (no-op)", "up (no-op)", "refresh", "edit 10 %", "destroy"] as const;
/** One of {@link steps}. */
export type Step = (typeof steps)[number];

/** What one step cost. */
export interface Measurement {
  seconds: number;
  apiCalls: number;
  apiCallsByRoute: Record<string, number>;
  providerPeakMb: number;
}

/** One program at one size. */
export interface Run {
  program: "pulumi-quay" | "baseline";
  size: number;
  stateBytesPerResource: number;
  steps: Record<Step, Measurement>;
}

/** Our times as ratios to the baseline's, with API calls and memory beside the baseline's. */
export function renderTable(results: { latencyMs: number; runs: Run[] }): string {
  const lines = [
    `Latency ${results.latencyMs} ms per API request; engine parallelism 8; one run of each.`,
    "",
    "| N | step | pulumi-quay s | baseline s | ratio | API calls | provider peak MB (baseline) |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const run of results.runs.filter((candidate) => candidate.program === "pulumi-quay")) {
    const baseline = results.runs.find((candidate) => candidate.program === "baseline" && candidate.size === run.size)!;
    for (const step of steps) {
      const ours = run.steps[step];
      const floor = baseline.steps[step];
      lines.push(
        `| ${run.size} | ${step} | ${ours.seconds} | ${floor.seconds} | ${(ours.seconds / floor.seconds).toFixed(2)} | ${ours.apiCalls} | ${ours.providerPeakMb} (${floor.providerPeakMb}) |`,
      );
    }
    lines.push(
      `| ${run.size} | state bytes per resource | ${run.stateBytesPerResource} | ${baseline.stateBytesPerResource} | | | |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

if (require.main === module) {
  const results = join(__dirname, "../../bench/results");
  const markdown = renderTable(JSON.parse(readFileSync(join(results, "pulumi.json"), "utf8")));
  writeFileSync(join(results, "pulumi.md"), markdown);
  console.log(markdown);
}
