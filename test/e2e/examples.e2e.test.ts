import { describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator";
import { createTestStack } from "../helpers/pulumi";

/** The programs in examples/, type-checked and run as a user would: up, a no-change preview, destroy. */
const examples: Record<string, Record<string, { value: string; secret?: boolean }>> = {
  "examples/quickstart": {},
  "examples/organization": {},
  "examples/mirror": { upstreamPassword: { value: "upstream-secret", secret: true } },
};

describe("examples", { timeout: 240_000 }, () => {
  const emulator = useEmulator();

  it.each(Object.keys(examples))("%s runs up, previews no changes, and destroys", async (program) => {
    const test = await createTestStack(program, {
      "quay:url": { value: emulator.current.url },
      "quay:token": { value: emulator.current.token, secret: true },
      ...examples[program],
    });
    try {
      const up = await test.stack.up();
      expect(up.summary.result).toBe("succeeded");
      const preview = await test.stack.preview();
      expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
      const destroy = await test.stack.destroy();
      expect(destroy.summary.result).toBe("succeeded");
      // Quay keeps a deleted organization's name until its garbage collector runs.
      emulator.current.server.state.purgeDeletedNamespaces();
    } finally {
      await test.dispose();
    }
  });
});
