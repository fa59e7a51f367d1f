/**
 * The emulator's own errors are loud: an exception a handler did not mean to throw is logged with its stack,
 * counted, and fails the test file whose emulator hit it; Quay's own 500s (recorded ones, which handlers
 * answer on purpose) are not counted.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { assertNoEmulatorErrors, control, quayApi } from "../helpers/emulator";

describe("an exception a handler did not mean to throw", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.stop();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Makes `GET /organization/broken` throw: its record lacks the teams every organization has. */
  function breakAnOrganization(): void {
    emulator.server.state.organizations.set("broken", { name: "broken" } as never);
  }

  it("is answered with a 500 page, logged with its stack to stderr, and counted", async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    breakAnOrganization();
    const reply = await quayApi(emulator, "GET", "/organization/broken");
    expect(reply.status).toBe(500);
    expect(reply.headers.get("content-type")).toContain("text/html");
    expect(written.join("")).toMatch(/unexpected error in GET \/organization\/\{orgname\}.*\n.*TypeError/s);
    expect(emulator.metrics().emulatorErrors).toBe(1);
    expect((await control(emulator, "GET", "/metrics")).emulatorErrors).toBe(1);
  });

  it("stays counted when the metrics are reset", () => {
    emulator.server.resetMetrics();
    expect(emulator.metrics()).toMatchObject({ total: 0, emulatorErrors: 1 });
  });

  it("fails the test file whose emulator hit it, through the helpers' check", () => {
    expect(() => assertNoEmulatorErrors(emulator.metrics())).toThrow(/1 error\(s\) of its own/);
    expect(() => assertNoEmulatorErrors(emulator.metrics(), 1)).not.toThrow();
  });
});

describe("Quay's own 500s", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ version: "master", features: { superusersFullAccess: true } });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it("are answered as recorded and not counted as the emulator's errors", async () => {
    // Recorded: a repository in a namespace that does not exist, and a message without its `message` key.
    const repository = await quayApi(emulator, "POST", "/repository", {
      namespace: "nowhere",
      repository: "app",
      visibility: "private",
      description: "",
    });
    const message = await quayApi(emulator, "POST", "/messages", {});
    expect([repository.status, message.status]).toEqual([500, 500]);
    expect(repository.headers.get("content-type")).toContain("text/html");
    expect(emulator.metrics().emulatorErrors).toBe(0);
    expect(() => assertNoEmulatorErrors(emulator.metrics())).not.toThrow();
  });
});
