import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 20_000,
    // The tests' own HTTP calls (fetch) let idle connections go as the provider's agent does.
    setupFiles: ["test/helpers/setup.ts"],
    hookTimeout: 60_000,
    // Test files run in parallel, one worker process per core; the tests inside a file run in order.
    fileParallelism: true,
  },
});
