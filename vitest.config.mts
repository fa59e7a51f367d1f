import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // The end-to-end tier drives the real Pulumi CLI, which uses both cores; run its files one at a time.
    fileParallelism: true,
    sequence: { groupOrder: 0 },
  },
});
