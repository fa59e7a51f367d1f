import { describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { quayApi, useEmulator } from "../helpers/emulator";

describe("emulator: OAuth applications of organizations (docs/quay-behavior.md §3)", () => {
  const emulator = useEmulator();
  const api = emulator.api;

  it("creates with 200, replaces in full on update, resets the secret and deletes", async () => {
    await emulator.seed.organization("apps");
    const created = await api("POST", "/organization/apps/applications", { name: "ci", description: "CI" });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: "ci", description: "CI", application_uri: "", redirect_uri: "" });
    expect(created.body.client_id).toMatch(/^[A-Z0-9]{20}$/);
    expect(created.body.client_secret).toMatch(/^[A-Z0-9]{40}$/);
    const path = `/organization/apps/applications/${created.body.client_id}`;
    // PUT replaces: an omitted description is reset (§0.15).
    const updated = await api("PUT", path, { name: "ci2", redirect_uri: "https://x", application_uri: "https://y" });
    expect(updated.body).toMatchObject({ name: "ci2", description: "", avatar_email: null });
    const missing = await api("PUT", path, { name: "ci3" });
    expect(missing.body.detail).toMatch(/^'redirect_uri' is a required property/);
    const reset = await api("POST", `${path}/resetclientsecret`);
    expect(reset.body.client_secret).not.toBe(created.body.client_secret);
    expect((await api("GET", "/organization/apps/applications")).body.applications).toHaveLength(1);
    expect((await api("DELETE", path)).status).toBe(204);
    expect((await api("GET", path)).status).toBe(404);
  });

  it("mints tokens with scopes the caller holds, usable at once (3.18+)", async () => {
    await emulator.seed.organization("minting");
    const app = (await api("POST", "/organization/minting/applications", { name: "tokens" })).body;
    const minted = await api("POST", `/organization/minting/applications/${app.client_id}/tokens`, {
      name: "reader",
      scope: "repo:read",
    });
    expect(minted.body).toMatchObject({ name: "reader", scope: "repo:read", created_by: "admin" });
    // A repo:read token administers nothing: Quay caps the caller's roles by its scopes (§1.2).
    const denied = await api("PUT", "/organization/minting/team/x", { role: "member" }, minted.body.token);
    expect(denied.status).toBe(403);
    expect((await api("GET", "/organization/minting", undefined, minted.body.token)).body).toMatchObject({
      is_admin: false,
      is_member: false,
    });
    expect(
      (await api("POST", `/organization/minting/applications/${app.client_id}/tokens`, { name: "x", scope: "nope" }))
        .body,
    ).toEqual({
      message: "Invalid scope: nope",
    });
    const old = await startEmulator({ version: "3.17" });
    try {
      await quayApi(old, "POST", "/organization/", { name: "minting" });
      const oldApp = (await quayApi(old, "POST", "/organization/minting/applications", { name: "t" })).body;
      expect(
        (
          await quayApi(old, "POST", `/organization/minting/applications/${oldApp.client_id}/tokens`, {
            name: "r",
            scope: "repo:read",
          })
        ).status,
      ).toBe(405);
    } finally {
      await old.stop();
    }
  });
});
