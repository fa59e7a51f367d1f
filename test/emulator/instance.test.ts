/**
 * Routes other Quay clients call to find their way (docs/quay-behavior.md §V.19): the registry's
 * capabilities, the first token of an empty Quay, application-specific tokens, the superuser's
 * configuration dump, and an OAuth application's public information.
 */
import { describe, expect, it } from "vitest";
import { quayApi, useEmulator } from "../helpers/emulator";

/** A call with no token at all. */
async function anonymous(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    redirect: "manual",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: response.status, body: parsed, headers: response.headers };
}

describe("an empty Quay", () => {
  const quay = useEmulator({ empty: true });

  it("makes its first user and token through POST /api/v1/user/initialize, once", async () => {
    const first = await anonymous(quay.current.url, "POST", "/api/v1/user/initialize", {
      username: "first",
      password: "password-of-first",
      email: "first@example.com",
      access_token: true,
    });
    expect(first.status).toBe(200);
    expect(first.body.access_token).toMatch(/^[A-Z0-9]{40}$/);
    const caller = { url: quay.current.url, token: first.body.access_token };
    expect((await quayApi(caller, "GET", "/user/")).body.username).toBe("first");
    // Quay's first token lasts 9000 seconds; then calls run anonymously.
    const state = quay.current.server.state;
    const issued = Date.now();
    state.clock = () => issued + 9001 * 1000;
    try {
      expect((await quayApi(caller, "GET", "/user/")).status).toBe(401);
    } finally {
      state.clock = Date.now;
    }
    const again = await anonymous(quay.current.url, "POST", "/api/v1/user/initialize", {
      username: "second",
      password: "password-of-second",
    });
    expect(again).toMatchObject({ status: 400, body: { message: "Cannot initialize user in a non-empty database" } });
  });
});

describe("a running Quay", () => {
  const quay = useEmulator({ version: "master" });

  it("tells anyone its registry capabilities; the slash form is the web UI's 404 page", async () => {
    const capabilities = await anonymous(quay.current.url, "GET", "/api/v1/registry/capabilities");
    expect(capabilities).toMatchObject({
      status: 200,
      body: {
        sparse_manifests: { supported: false, required_architectures: [], optional_architectures_allowed: false },
        mirror_architectures: ["amd64", "arm64", "ppc64le", "s390x"],
      },
    });
    const slash = await anonymous(quay.current.url, "GET", "/api/v1/registry/capabilities/");
    expect(slash.status).toBe(404);
    expect(slash.headers.get("content-type")).toContain("text/html");
  });

  it("makes, lists, shows and revokes application-specific tokens, the code never in the list", async () => {
    expect((await quay.api("GET", "/user/apptoken")).body).toEqual({ tokens: [], only_expiring: null });
    const created = await quay.api("POST", "/user/apptoken", { title: "ci" });
    expect(created.status).toBe(200);
    const { uuid, token_code: code } = created.body.token;
    expect(code).toMatch(/^[A-Z0-9]{120}$/);
    const listed = (await quay.api("GET", "/user/apptoken")).body.tokens;
    expect(listed).toEqual([{ uuid, title: "ci", last_accessed: null, created: expect.any(String), expiration: null }]);
    expect((await quay.api("GET", `/user/apptoken/${uuid}`)).body.token.token_code).toBe(code);
    expect((await quay.api("POST", "/user/apptoken", {})).body.detail).toMatch(/^'title' is a required property/);
    expect((await quay.api("DELETE", `/user/apptoken/${uuid}`)).status).toBe(204);
    expect((await quay.api("GET", `/user/apptoken/${uuid}`)).status).toBe(404);
  });

  it("shows a superuser its configuration only with FEATURE_SUPERUSER_CONFIGDUMP", async () => {
    const off = await quay.api("GET", "/superuser/config");
    expect(off).toMatchObject({ status: 403, body: { error_type: "insufficient_scope" } });
    quay.current.server.options.features.superuserConfigDump = true;
    try {
      const on = await quay.api("GET", "/superuser/config");
      expect(on.status).toBe(200);
      expect(on.body.config).toMatchObject({ AUTHENTICATION_TYPE: "Database", FEATURE_SUPERUSER_CONFIGDUMP: true });
    } finally {
      quay.current.server.options.features.superuserConfigDump = false;
    }
  });

  it("shows anyone an OAuth application's public information", async () => {
    await quay.seed.organization("apps");
    const created = await quay.api("POST", "/organization/apps/applications", {
      name: "cli",
      application_uri: "https://example.com/cli",
    });
    const info = await anonymous(quay.current.url, "GET", `/api/v1/app/${created.body.client_id}`);
    expect(info).toMatchObject({
      status: 200,
      body: {
        name: "cli",
        description: "",
        uri: "https://example.com/cli",
        avatar: { name: "cli", kind: "app" },
        organization: { name: "apps", is_admin: false, teams: {}, ordered_teams: [] },
      },
    });
    expect((await quay.api("GET", "/app/NOSUCHCLIENTID")).status).toBe(404);
  });
});
