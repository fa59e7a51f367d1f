/**
 * Bounded load test of the emulator on loopback: is it ever the bottleneck of a test or benchmark?
 * Starts `quay-emulator` as its own process, seeds an organization, then sends a fixed number of
 * requests (a read-heavy mix like a refresh, plus permission writes) at a fixed concurrency, and
 * reports throughput and latency percentiles. Stops by itself: bounded by request count and time.
 *
 *   npm run bench:emulator -- [--requests N] [--concurrency C]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { Pool } from "undici";

const root = join(__dirname, "../..");

interface Sample {
  route: string;
  ms: number;
  status: number;
}

async function startEmulatorProcess(): Promise<{ url: string; token: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(root, "dist/emulator/cli.js"), "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { ...JSON.parse(line), child };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: "string", default: "20000" },
      concurrency: { type: "string", default: "16" },
      "max-seconds": { type: "string", default: "60" },
    },
  });
  const total = Number(values.requests);
  const concurrency = Number(values.concurrency);
  const deadline = Date.now() + 1000 * Number(values["max-seconds"]);
  const { url, token, child } = await startEmulatorProcess();
  const pool = new Pool(url, { connections: concurrency });
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const call = async (method: "GET" | "POST" | "PUT", path: string, body?: unknown) => {
    const response = await pool.request({
      method,
      path: `/api/v1${path}`,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await response.body.text();
    return response.statusCode;
  };
  try {
    await call("POST", "/organization/", { name: "load" });
    await call("PUT", "/organization/load/robots/ci");
    for (let i = 0; i < 200; i += 1) {
      await call("POST", "/repository", {
        namespace: "load",
        repository: `repo${i}`,
        visibility: "private",
        description: "",
      });
    }
    const mix: [string, () => Promise<number>][] = [
      ["GET /organization/{orgname}", () => call("GET", "/organization/load")],
      ["GET /repository/{repository}", () => call("GET", `/repository/load/repo${Math.floor(Math.random() * 200)}`)],
      [
        "GET …/permissions/user/",
        () => call("GET", `/repository/load/repo${Math.floor(Math.random() * 200)}/permissions/user/`),
      ],
      ["GET /organization/{orgname}/robots", () => call("GET", "/organization/load/robots")],
      [
        "PUT …/permissions/user/{username}",
        () =>
          call("PUT", `/repository/load/repo${Math.floor(Math.random() * 200)}/permissions/user/load+ci`, {
            role: "read",
          }),
      ],
    ];
    const samples: Sample[] = [];
    let issued = 0;
    const started = performance.now();
    const worker = async () => {
      while (issued < total && Date.now() < deadline) {
        const [route, run] = mix[issued % mix.length];
        issued += 1;
        const begin = performance.now();
        const status = await run();
        samples.push({ route, ms: performance.now() - begin, status });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    const latencies = samples.map((sample) => sample.ms).sort((a, b) => a - b);
    const failures = samples.filter((sample) => sample.status >= 300).length;
    const result = {
      requests: samples.length,
      concurrency,
      seconds: Number(seconds.toFixed(2)),
      requestsPerSecond: Math.round(samples.length / seconds),
      latencyMs: {
        p50: Number(percentile(latencies, 50).toFixed(2)),
        p90: Number(percentile(latencies, 90).toFixed(2)),
        p99: Number(percentile(latencies, 99).toFixed(2)),
        max: Number(latencies[latencies.length - 1].toFixed(2)),
      },
      failures,
      node: process.version,
    };
    mkdirSync(join(root, "bench/results"), { recursive: true });
    writeFileSync(join(root, "bench/results/emulator-load.json"), `${JSON.stringify(result, null, 2)}\n`);
    console.log("| requests | concurrency | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx |");
    console.log("|---|---|---|---|---|---|---|---|");
    console.log(
      `| ${result.requests} | ${concurrency} | ${result.requestsPerSecond} | ${result.latencyMs.p50} | ${result.latencyMs.p90} | ${result.latencyMs.p99} | ${result.latencyMs.max} | ${failures} |`,
    );
  } finally {
    await pool.close();
    child.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
