/**
 * The benchmark's result format and its markdown tables. Run on its own, it renders
 * bench/results/pulumi.json again into bench/results/pulumi.md.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The Pulumi operations the benchmark times, in order. */
export const steps = ["up", "preview (no-op)", "edit 1", "refresh", "destroy"] as const;
/** One of {@link steps}. */
export type Step = (typeof steps)[number];

/**
 * The programs compared: the engine's floor (one resource that calls nothing), the registry as per-object
 * resources (native mode), and as one Tenant per organization in each mode.
 */
export const programs = ["floor", "objects-native", "tenant-native", "tenant-dynamic"] as const;
/** One of {@link programs}. */
export type Program = (typeof programs)[number];

/** What one step cost. */
export interface Measurement {
  /** Wall time of the CLI command. */
  seconds: number;
  /** CPU time (user and system) of the CLI and every process it waited for: language host, providers. */
  cpuSeconds: number;
  apiCalls: number;
  /** When the program's first line ran, in ms after its process started (for steps that run the program). */
  programStartMs?: number;
}

/** Every program at one size. */
export interface SizeRun {
  objects: number;
  organizations: number;
  programs: Partial<Record<Program, Record<Step, Measurement>>>;
}

/** What a no-op preview costs in one way of running a program. */
export interface Startup {
  way: string;
  seconds: number;
  programStartMs?: number;
}

/** A whole benchmark run. */
export interface BenchResults {
  latencyMs: number;
  /** Requests in flight to Quay at once (`quay:maxConcurrency`). */
  concurrency: number;
  sizes: SizeRun[];
  startup: Startup[];
  /** What loading each SDK costs a program, after `@pulumi/pulumi`, in ms. */
  sdkLoadMs: Record<string, number>;
}

const ratio = (ours: number | undefined, theirs: number | undefined) =>
  ours !== undefined && theirs ? (ours / theirs).toFixed(2) : "";

/** The tables: per size, each step's time by program, the ratios and the target; then start-up. */
export function renderTable(results: BenchResults): string {
  const lines = [
    `Latency ${results.latencyMs} ms per API request, ${results.concurrency} requests in flight at most; one run of each program, one after another.`,
    "Target: at or below the floor plus 1 s plus the API time the Tenant's calls need (calls × latency ÷ concurrency).",
    "",
  ];
  for (const size of results.sizes) {
    const perOrganization = Math.round(size.objects / size.organizations);
    lines.push(
      `### ${size.objects} objects in ${size.organizations} organization${size.organizations === 1 ? "" : "s"} of ${perOrganization}`,
      "",
      "| step | objects s | tenant s | tenant (dynamic) s | floor s | tenant ÷ objects | tenant (dynamic) ÷ objects | target s | tenant API calls | program start ms (objects / tenant) |",
      "|---|---|---|---|---|---|---|---|---|---|",
    );
    const { floor, "objects-native": objects, "tenant-native": tenant, "tenant-dynamic": dynamic } = size.programs;
    for (const step of steps) {
      const o = objects?.[step];
      const t = tenant?.[step];
      const d = dynamic?.[step];
      const f = floor?.[step];
      const apiSeconds = t ? (t.apiCalls * results.latencyMs) / results.concurrency / 1000 : 0;
      const target = f ? (f.seconds + 1 + apiSeconds).toFixed(2) : "";
      lines.push(
        `| ${step} | ${o?.seconds ?? ""} | ${t?.seconds ?? ""} | ${d?.seconds ?? ""} | ${f?.seconds ?? ""} | ` +
          `${ratio(t?.seconds, o?.seconds)} | ${ratio(d?.seconds, o?.seconds)} | ${target} | ${t?.apiCalls ?? ""} | ` +
          `${o?.programStartMs ?? ""} / ${t?.programStartMs ?? ""} |`,
      );
    }
    lines.push("");
  }
  if (results.startup.length > 0) {
    lines.push(
      "### A program's start-up",
      "",
      "No-op preview of the first size's Tenant program (native mode), median of three, by how the program runs:",
      "",
      "| program | preview s | program start ms |",
      "|---|---|---|",
      ...results.startup.map((row) => `| ${row.way} | ${row.seconds} | ${row.programStartMs ?? "—"} |`),
      "",
      "Loading the SDK after `@pulumi/pulumi` (median of five fresh processes):",
      "",
      "| module | ms |",
      "|---|---|",
      ...Object.entries(results.sdkLoadMs).map(([module, ms]) => `| \`${module}\` | ${ms} |`),
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
