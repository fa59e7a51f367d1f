import { beforeAll, describe, expect, it } from "vitest";
import { addUser, useEmulator } from "../helpers/emulator";

describe("emulator: quotas (docs/quay-behavior.md §11)", () => {
  // Without invitations, so a user added to a team is a member at once.
  const emulator = useEmulator({ features: { superusersFullAccess: true, teamInvites: false } });
  const api = emulator.api;

  beforeAll(async () => {
    await emulator.seed.organization("storage");
    await emulator.seed.organization("other");
  });

  it("creates with 201 'Created' and lists a bare array with Quay's human size", async () => {
    const created = await api("POST", "/organization/storage/quota", { limit_bytes: 10 * 1024 ** 3 });
    expect(created).toMatchObject({ status: 201, body: "Created" });
    const listed = await api("GET", "/organization/storage/quota");
    expect(listed.body).toEqual([
      {
        id: expect.any(Number),
        limit_bytes: 10 * 1024 ** 3,
        limit: "10.0 GiB",
        default_config: false,
        limits: [],
        default_config_exists: false,
      },
    ]);
  });

  it("keeps one quota per namespace, and reads `limit` strings as SI or binary", async () => {
    expect((await api("POST", "/organization/storage/quota", { limit_bytes: 1 })).body).toMatchObject({
      detail: "Organization quota for 'storage' already exists",
    });
    expect((await api("POST", "/organization/other/quota", { limit: "100 B" })).body).toMatchObject({
      detail: "Invalid limit format, use a number followed by a unit (e.g. 1GiB)",
    });
    expect((await api("POST", "/organization/other/quota", { limit_bytes: 0 })).body).toMatchObject({
      detail: "Invalid quota size limit value: '0'",
    });
    await api("POST", "/organization/other/quota", { limit: "10G" });
    expect((await api("GET", "/organization/other/quota")).body[0].limit_bytes).toBe(10 * 1000 ** 3);
  });

  it("checks limits: type without case, threshold 1–100, no duplicate", async () => {
    const [quota] = (await api("GET", "/organization/storage/quota")).body;
    const limits = `/organization/storage/quota/${quota.id}/limit`;
    expect(await api("POST", limits, { type: "warning", threshold_percent: 80 })).toMatchObject({ status: 201 });
    expect((await api("GET", limits)).body).toEqual([{ id: expect.any(Number), type: "Warning", limit_percent: 80 }]);
    expect((await api("POST", limits, { type: "Warning", threshold_percent: 80 })).body).toMatchObject({
      detail: "Quota limit already exists",
    });
    expect((await api("POST", limits, { type: "Soft", threshold_percent: 80 })).body).toEqual({
      message: "Quota type must be one of [Warning, Reject]",
    });
    expect((await api("POST", limits, { type: "Reject", threshold_percent: 101 })).body).toEqual({
      message: "Quota limit threshold must be between 1 and 100",
    });
  });

  it("lets only superusers write, and reads to members", async () => {
    const token = await addUser(emulator.current, "member");
    await api("PUT", "/organization/storage/team/owners/members/member");
    expect((await api("GET", "/organization/storage/quota", undefined, token)).status).toBe(200);
    expect((await api("POST", "/organization/other/quota", { limit_bytes: 5 }, token)).status).toBe(403);
  });
});

describe.each(["3.16", "3.15"] as const)(
  "emulator: quota writes by a superuser without full access on %s",
  (version) => {
    const emulator = useEmulator({ version });

    it("go through the superuser's routes; the organization's need full access from 3.16", async () => {
      await emulator.seed.organization("storage");
      const direct = await emulator.api("POST", "/organization/storage/quota", { limit_bytes: 1024 });
      expect(direct.status).toBe(version === "3.16" ? 403 : 201);
      if (version === "3.16") {
        expect(
          await emulator.api("POST", "/superuser/organization/storage/quota", { limit_bytes: 1024 }),
        ).toMatchObject({
          status: 201,
          body: "Created",
        });
      }
      expect(
        (await emulator.api("POST", "/superuser/organization/storage/quota", { limit_bytes: 1 })).body,
      ).toMatchObject({ detail: "Quota for 'storage' already exists" });
    });
  },
);

describe("emulator: quotas switched off", () => {
  const emulator = useEmulator({ features: { quotaManagement: false } });

  it("do not exist: a read is redirected to the web UI, a write gets its HTML page (§1.9)", async () => {
    await emulator.seed.organization("storage");
    expect((await emulator.api("GET", "/organization/storage/quota")).status).toBe(308);
    const write = await emulator.api("POST", "/organization/storage/quota", { limit_bytes: 1 });
    expect(write.status).toBe(405);
    expect(write.headers.get("content-type")).toMatch(/text\/html/);
  });
});
