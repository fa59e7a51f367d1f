import { describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator";
import { createTestStack } from "../helpers/pulumi";

/** The programs in examples/, type-checked and run as a user would: up, a no-change preview, destroy. */
const examples: Record<string, Record<string, { value: string; secret?: boolean }>> = {
  "examples/quickstart": {},
  "examples/organization": {},
  // A sync trigger once set is never read back from Quay: refresh must keep it (it used to break refresh).
  "examples/mirror": { upstreamPassword: { value: "upstream-secret", secret: true }, syncTrigger: { value: "first" } },
};

describe("examples", { timeout: 240_000 }, () => {
  // Quay's garbage collectors free a deleted mirror's robot within a minute; a few seconds keep the test short.
  const emulator = useEmulator({ gcDelaySeconds: 3 });

  it.each(Object.keys(examples))("%s runs up, refreshes and previews no changes, and destroys", async (program) => {
    const test = await createTestStack(program, {
      "quay:url": { value: emulator.current.url },
      "quay:token": { value: emulator.current.token, secret: true },
      ...examples[program],
    });
    try {
      const up = await test.stack.up();
      expect(up.summary.result).toBe("succeeded");
      const refresh = await test.stack.refresh();
      expect(refresh.summary.result).toBe("succeeded");
      const preview = await test.stack.preview();
      expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
      const destroy = await test.stack.destroy();
      expect(destroy.summary.result).toBe("succeeded");
      // Quay keeps a deleted organization's name until its garbage collector runs.
      emulator.current.server.state.collectGarbage(Number.POSITIVE_INFINITY);
    } finally {
      await test.dispose();
    }
  });
});
