import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeTable as routes } from "../../provider/catalog";
import { backoffMs, retryAfterMs } from "../../provider/quay/backoff";
import { type ConnectionSettings, QuayClient } from "../../provider/quay/client";
import { shouldRetry } from "../../provider/quay/dispatcher";
import { type ScriptedServer, startScriptedServer } from "../helpers/scripted-server";

const token = "SECRETTOKEN0123456789ABCDEFGHIJKLMNOPQRS";

function settings(url: string, overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
  return {
    url,
    token,
    insecureSkipTlsVerify: false,
    timeoutMs: 2_000,
    maxRetries: 3,
    maxConcurrency: 4,
    retryBaseDelayMs: 1,
    maxRetryDelayMs: 50,
    deleteWaitMs: 0,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, any>;
  }
  throw new Error("expected the call to fail");
}

function expectNoToken(error: unknown) {
  expect(String((error as Error).message)).not.toContain(token);
  expect(JSON.stringify(error)).not.toContain(token);
}

describe("QuayClient against a scripted server", () => {
  let server: ScriptedServer;
  let client: QuayClient;
  beforeAll(async () => {
    server = await startScriptedServer();
    client = new QuayClient(settings(server.url));
  });
  afterAll(() => server.close());
  const getOrg = () => client.request(routes.getOrganization, { params: { orgname: "acme" } });

  it("sends the token, a user agent and JSON, below /api/v1", async () => {
    server.received.length = 0;
    server.script({ status: 201, body: "Created" });
    await expect(client.request(routes.createOrganization, { body: { name: "acme" } })).resolves.toBe("Created");
    const [sent] = server.received;
    expect(sent.url).toBe("/api/v1/organization/");
    expect(sent.headers.authorization).toBe(`Bearer ${token}`);
    expect(sent.headers["content-type"]).toBe("application/json");
    expect(sent.headers["user-agent"]).toMatch(/^pulumi-quay\//);
    expect(JSON.parse(sent.body)).toEqual({ name: "acme" });
  });

  it("retries a 429 that carries Retry-After, then succeeds", async () => {
    server.received.length = 0;
    server.script(
      { status: 429, body: { error: "slow down" }, headers: { "retry-after": "0" } },
      { status: 200, body: { name: "acme" } },
    );
    await expect(getOrg()).resolves.toEqual({ name: "acme" });
    expect(server.received).toHaveLength(2);
  });

  it("retries 503 and a dropped connection on a retry-safe route", async () => {
    server.received.length = 0;
    server.script({ status: 503, body: { message: "busy" } }, { drop: true }, { status: 200, body: { name: "acme" } });
    await expect(getOrg()).resolves.toEqual({ name: "acme" });
    expect(server.received).toHaveLength(3);
  });

  it("gives up after maxRetries and reports the last answer", async () => {
    server.received.length = 0;
    server.script({ status: 503, body: { message: "still busy" } });
    const error = await failure(getOrg());
    expect(error.code).toBe("QUAY_SERVER_ERROR");
    expect(error.message).toContain("still busy");
    expect(server.received).toHaveLength(4);
  });

  it.each([
    [400, "QUAY_BAD_REQUEST"],
    [403, "QUAY_FORBIDDEN"],
    [404, "QUAY_NOT_FOUND"],
  ])("never retries a %i", async (status, code) => {
    server.received.length = 0;
    server.script({ status, body: { message: "no" } }, { status: 200, body: {} });
    const error = await failure(getOrg());
    expect(error.code).toBe(code);
    expect(server.received).toHaveLength(1);
  });

  it("does not retry a create after a 503, which Quay may have applied", async () => {
    server.received.length = 0;
    server.script({ status: 503, body: { message: "busy" } }, { status: 201, body: "Created" });
    const error = await failure(client.request(routes.createOrganization, { body: { name: "acme" } }));
    expect(error.code).toBe("QUAY_SERVER_ERROR");
    expect(server.received).toHaveLength(1);
  });

  it("retries a create after a 429, which Quay refused before acting", async () => {
    server.received.length = 0;
    server.script({ status: 429, body: {}, headers: { "retry-after": "0" } }, { status: 201, body: "Created" });
    await expect(client.request(routes.createOrganization, { body: { name: "acme" } })).resolves.toBe("Created");
    expect(server.received).toHaveLength(2);
  });

  it("times out a request that gets no answer", async () => {
    const slow = new QuayClient(settings(server.url, { timeoutMs: 150, maxRetries: 0 }));
    server.script({ hang: true });
    const error = await failure(slow.request(routes.getOrganization, { params: { orgname: "slow" } }));
    expect(error.code).toBe("QUAY_TIMEOUT");
    expect(error.message).toContain("150 ms");
  });

  it.each([
    [
      "ApiError",
      {
        detail: "Invalid namespace",
        error_message: "Invalid namespace",
        error_type: "invalid_request",
        title: "invalid_request",
        status: 400,
      },
      "Invalid namespace",
    ],
    [
      "DataModelException",
      { message: "Could not find robot with specified username" },
      "Could not find robot with specified username",
    ],
    ["abort", { error: "CSRF token was invalid or missing." }, "CSRF token was invalid or missing."],
    [
      "detail only",
      { detail: "Incorrect DateTime format for sync_start_date." },
      "Incorrect DateTime format for sync_start_date.",
    ],
    ["bare string", "Invalid tag expiration option", "Invalid tag expiration option"],
    [
      "multi-line jsonschema",
      { detail: "'role' is a required property\n\nFailed validating 'required'" },
      "'role' is a required property",
    ],
  ])("normalises the %s error shape", async (_shape, body, message) => {
    server.script({ status: 400, body });
    const error = await failure(getOrg());
    expect(error.quayMessage).toBe(message);
    expect(error.message).toBe(`${message} (HTTP 400 GET /organization/acme)`);
    expect(error.body).toEqual(body);
  });

  it("explains an HTML page instead of a JSON error", async () => {
    server.script({ status: 404, raw: "<!DOCTYPE html><html><body>Quay</body></html>" });
    const error = await failure(getOrg());
    expect(error.code).toBe("QUAY_NOT_FOUND");
    expect(error.message).toMatch(/Quay answered with its web page, not the API: this Quay has no such API route/);
  });

  it("never takes an HTML 404 for absent, even on a route whose JSON 404 means absent", async () => {
    server.script({ status: 404, raw: "<!DOCTYPE html><html><body>Quay</body></html>" });
    const route = { ...routes.getOrganization, absent: [{ status: 404 }] };
    const error = await failure(client.find(route, { params: { orgname: "acme" } }));
    expect(error.message).toMatch(/Quay answered with its web page/);
  });

  it("turns a declared '400 means not found' answer into not-found", async () => {
    const route = { ...routes.getOrganization, absent: [{ status: 400, message: /^Could not find robot/ }] };
    server.script({ status: 400, body: { message: "Could not find robot with specified username" } });
    await expect(client.find(route, { params: { orgname: "acme" } })).resolves.toBeUndefined();
    server.script({ status: 400, body: { message: "Something else" } });
    expect((await failure(client.find(route, { params: { orgname: "acme" } }))).code).toBe("QUAY_BAD_REQUEST");
  });

  it("keeps the token out of errors, even when Quay echoes it", async () => {
    server.script({ status: 400, body: { message: `bad token ${token}` } });
    const error = await failure(getOrg());
    expect(error.message).toContain("[redacted]");
    expectNoToken(error);
  });

  it("encodes each path parameter, keeping the slashes of nested repository names", async () => {
    server.received.length = 0;
    server.script({ status: 200, body: {} });
    const route = { ...routes.getOrganization, path: "/repository/{repository}/permissions/user/{username}" };
    await client.request(route, { params: { repository: "acme/team a/app", username: "acme+bot" } });
    await client.request(routes.getOrganization, { params: { orgname: "a/b?c" } });
    expect(server.received.map((request) => request.url)).toEqual([
      "/api/v1/repository/acme/team%20a/app/permissions/user/acme%2Bbot",
      "/api/v1/organization/a%2Fb%3Fc",
    ]);
  });
});

describe("QuayClient transport failures", () => {
  it("reports a refused connection without the token", async () => {
    const client = new QuayClient(settings("http://127.0.0.1:1", { maxRetries: 1 }));
    const error = await failure(client.request(routes.getOrganization, { params: { orgname: "acme" } }));
    expect(error.code).toBe("QUAY_CONNECTION");
    expect(error.message).toContain("ECONNREFUSED");
    expectNoToken(error);
  });
});

describe("QuayClient over TLS with a private CA", () => {
  let server: ScriptedServer;
  let ca: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "pq-tls-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    ca = readFileSync(join(dir, "cert.pem"), "utf8");
    server = await startScriptedServer({ key: readFileSync(join(dir, "key.pem"), "utf8"), cert: ca });
    server.script({ status: 200, body: { name: "acme" } });
  });
  afterAll(() => server.close());
  const getOrg = (client: QuayClient) => client.request(routes.getOrganization, { params: { orgname: "acme" } });

  it("rejects a self-signed certificate by default, naming the settings that fix it", async () => {
    const error = await failure(getOrg(new QuayClient(settings(server.url, { maxRetries: 0 }))));
    expect(error.code).toBe("QUAY_CONNECTION");
    expect(error.message).toContain("Quay's certificate is self-signed: set quay:caCertificate (PEM text) or ");
    expect(error.message).toContain("quay:caCertificateFile (a PEM file) to the CA that signed it, or, for a test ");
    expect(error.message).toContain("instance only, quay:insecureSkipTlsVerify to true");
  });

  it("says when the certificate names another host", async () => {
    const other = server.url.replace("127.0.0.1", "localhost");
    const error = await failure(getOrg(new QuayClient(settings(other, { maxRetries: 0, caCertificate: ca }))));
    expect(error.message).toContain("Quay's certificate does not name the host in quay:url");
  });

  it("accepts it when its CA is configured", async () => {
    await expect(getOrg(new QuayClient(settings(server.url, { caCertificate: ca })))).resolves.toEqual({
      name: "acme",
    });
  });

  it("accepts it with the explicit insecure opt-in", async () => {
    const client = new QuayClient(settings(server.url, { insecureSkipTlsVerify: true }));
    await expect(getOrg(client)).resolves.toEqual({ name: "acme" });
  });
});

describe("retry decisions", () => {
  it("retries only what is safe", () => {
    expect(shouldRetry({ statusCode: 429 }, false)).toBe(true);
    expect(shouldRetry({ statusCode: 503 }, true)).toBe(true);
    expect(shouldRetry({ statusCode: 503 }, false)).toBe(false);
    expect(shouldRetry({ statusCode: 500 }, true)).toBe(false);
    expect(shouldRetry({ statusCode: 404 }, true)).toBe(false);
    expect(shouldRetry({ code: "ECONNRESET" }, true)).toBe(true);
    expect(shouldRetry({ code: "ECONNRESET" }, false)).toBe(false);
    expect(shouldRetry({ code: "ECONNREFUSED" }, false)).toBe(true);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-11-22T10:00:00Z");
    expect(retryAfterMs("2", now)).toBe(2000);
    expect(retryAfterMs("Sun, 22 Nov 2026 10:00:05 GMT", now)).toBe(5000);
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs("soon", now)).toBeUndefined();
  });

  it("backs off exponentially with jitter, capped", () => {
    expect(backoffMs(1, 500, 8000, () => 0)).toBe(250);
    expect(backoffMs(1, 500, 8000, () => 1)).toBe(500);
    expect(backoffMs(4, 500, 8000, () => 1)).toBe(4000);
    expect(backoffMs(9, 500, 8000, () => 1)).toBe(8000);
  });
});
