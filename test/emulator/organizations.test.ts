import { describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { configFor, quayApi, useEmulator } from "../helpers/emulator";

describe("emulator: organizations (docs/quay-behavior.md §2)", () => {
  const emulator = useEmulator();

  it('creates with 201 "Created", an owners team holding the creator, and a blank placeholder e-mail', async () => {
    expect(await quayApi(emulator.current, "POST", "/organization/", { name: "fresh" })).toMatchObject({
      status: 201,
      body: "Created",
    });
    const org = (await quayApi(emulator.current, "GET", "/organization/fresh")).body as Record<string, any>;
    expect(org.email).toBe("");
    expect(org.ordered_teams).toEqual(["owners"]);
    expect(org.teams.owners).toMatchObject({ role: "admin", member_count: 1 });
  });

  it("answers duplicates and bad names with ApiError bodies", async () => {
    await quayApi(emulator.current, "POST", "/organization/", { name: "dupe" });
    const again = await quayApi(emulator.current, "POST", "/organization/", { name: "dupe" });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({
      detail: "A user or organization with this name already exists",
      error_type: "invalid_request",
      status: 400,
    });
    const bad = await quayApi(emulator.current, "POST", "/organization/", { name: "Bad" });
    expect((bad.body as { detail: string }).detail).toMatch(/^Invalid namespace Bad: Namespace must match expression/);
    const missing = await quayApi(emulator.current, "POST", "/organization/", { email: "a@example.com" });
    expect((missing.body as { detail: string }).detail).toMatch(/^'name' is a required property\n/);
  });

  it("keeps a deleted name taken until the garbage collector purges it (§0.11)", async () => {
    await quayApi(emulator.current, "POST", "/organization/", { name: "gone" });
    expect((await quayApi(emulator.current, "DELETE", "/organization/gone")).status).toBe(204);
    expect((await quayApi(emulator.current, "GET", "/organization/gone")).status).toBe(404);
    const reuse = await quayApi(emulator.current, "POST", "/organization/", { name: "gone" });
    expect((reuse.body as { detail: string }).detail).toBe("Username is not available");
    await fetch(`${emulator.current.url}/__emulator/gc`, { method: "POST" });
    expect((await quayApi(emulator.current, "POST", "/organization/", { name: "gone" })).status).toBe(201);
  });

  it("rejects an invalid tag expiration with the DataModelException shape", async () => {
    await quayApi(emulator.current, "POST", "/organization/", { name: "expiring" });
    const reply = await quayApi(emulator.current, "PUT", "/organization/expiring", { tag_expiration_s: 5 });
    expect(reply).toMatchObject({ status: 400, body: { message: "Invalid tag expiration option" } });
  });

  it("answers writes with a bad token with the CSRF error (§0.17) and reads anonymously", async () => {
    const write = await fetch(`${emulator.current.url}/api/v1/organization/`, {
      method: "POST",
      headers: { authorization: "Bearer WRONG", "content-type": "application/json" },
      body: JSON.stringify({ name: "nope" }),
    });
    expect(write.status).toBe(403);
    expect(await write.json()).toEqual({ error: "CSRF token was invalid or missing." });
    await quayApi(emulator.current, "POST", "/organization/", { name: "visible", email: "v@example.com" });
    const anonymous = await fetch(`${emulator.current.url}/api/v1/organization/visible`);
    const view = (await anonymous.json()) as Record<string, unknown>;
    expect(view).toMatchObject({ name: "visible", email: "", is_admin: false, is_member: false });
    expect(view.teams).toBeUndefined();
  });

  it("denies a missing organization's deletion to a non-superuser with 403 (§0.3)", async () => {
    const reply = await quayApi(emulator.current, "DELETE", "/organization/never-existed");
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ error_type: "insufficient_scope", detail: "Unauthorized" });
  });

  it("serves the HTML page for unknown API paths and redirects slash-less collection paths (§1.9)", async () => {
    const unknown = await fetch(`${emulator.current.url}/api/v1/organization/acme/team/owners`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toMatch(/text\/html/);
    const redirect = await fetch(`${emulator.current.url}/api/v1/organization`, { redirect: "manual" });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get("location")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/organization\/$/);
  });

  it("counts requests per route template", async () => {
    await fetch(`${emulator.current.url}/__emulator/metrics/reset`, { method: "POST" });
    await quayApi(emulator.current, "GET", "/organization/fresh");
    await quayApi(emulator.current, "GET", "/organization/dupe");
    const metrics = emulator.current.metrics();
    expect(metrics.requests).toEqual({ "GET /organization/{orgname}": 2 });
    expect(metrics.writes).toBe(0);
  });

  it("shows admins the placeholder UUID when imitating Quay 3.16", async () => {
    const old = await startEmulator({ version: "3.16" });
    try {
      await quayApi(old, "POST", "/organization/", { name: "legacy" });
      const org = (await quayApi(old, "GET", "/organization/legacy")).body as { email: string };
      expect(org.email).toMatch(/^[0-9a-f-]{36}$/);
      expect(configFor(old).get("quay:url")).toBe(old.url);
    } finally {
      await old.stop();
    }
  });
});
