import { describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator";
import { lifecycle } from "../helpers/lifecycle";

describe("GlobalMessage", () => {
  const emulator = useEmulator();
  const kind = lifecycle("GlobalMessage", emulator);
  const messages = async () => (await emulator.api("GET", "/messages")).body.messages;

  it("rejects bad input at check", async () => {
    expect(await kind.failures({ content: "", severity: "fatal", mediaType: "text/html" })).toEqual({
      content: "must not be empty",
      severity: "must be info, warning or error",
      mediaType: "must be text/markdown or text/plain",
    });
  });

  it("creates a message, finds its id though Quay answers with an empty body, and converges", async () => {
    const inputs = { content: "Read-only on Saturday", severity: "warning" };
    const created = await kind.create(inputs);
    expect(await messages()).toEqual([
      {
        uuid: created.outs.messageUuid,
        content: "Read-only on Saturday",
        severity: "warning",
        media_type: "text/markdown",
      },
    ]);
    await kind.expectConverged(created, inputs);
  });

  it("keeps identical messages apart, replaces on any change, and deletes idempotently", async () => {
    const inputs = { content: "Same words" };
    const first = await kind.create(inputs);
    const second = await kind.create(inputs);
    expect(second.outs.messageUuid).not.toBe(first.outs.messageUuid);
    expect((await kind.diff(first, { content: "Other words" })).replaces).toEqual(["content"]);
    await kind.delete(first);
    expect(await kind.read(first)).toEqual({});
    expect((await kind.read(second)).id).toBe(second.id);
    await kind.delete(first);
  });
});
