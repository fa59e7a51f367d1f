import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeTable as routes } from "../../provider/catalog";
import { QuayClient } from "../../provider/quay/client";
import { type ScriptedServer, startScriptedServer } from "../helpers/scripted-server";

const token = "SECRETTOKEN0123456789ABCDEFGHIJKLMNOPQRS";

/** Errors that point at the fix: what to check, the scope the route needs, and the request that failed. */
describe("QuayClient error texts", () => {
  let server: ScriptedServer;
  let client: QuayClient;
  beforeAll(async () => {
    server = await startScriptedServer();
    client = new QuayClient({
      url: server.url,
      token,
      insecureSkipTlsVerify: false,
      timeoutMs: 2_000,
      maxRetries: 0,
      maxConcurrency: 4,
      retryBaseDelayMs: 1,
      maxRetryDelayMs: 50,
      deleteWaitMs: 0,
    });
  });
  afterAll(() => server.close());

  const failing = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error("expected the call to fail");
      },
      (error: Error) => error,
    );
  const createOrg = () => client.request(routes.createOrganization, { body: { name: "acme" } });

  it("calls Quay's CSRF answer to a write what it is: a token Quay did not accept", async () => {
    server.script({ status: 403, body: { error: "CSRF token was invalid or missing." } });
    const error = await failing(createOrg());
    expect(error.message).toBe(
      "Quay did not accept the token: it answers a write with an invalid, expired or missing token as a CSRF " +
        "failure. Check quay:token (or QUAY_TOKEN) (HTTP 403 POST /organization/)",
    );
  });

  it("names the scope the route needs on a 403, and on a 401 says to check the token", async () => {
    const scope = routes.createOrganization.scope;
    server.script({ status: 403, body: { error: "Unauthorized" } });
    const refused = await failing(createOrg());
    expect(refused.message).toMatch(/^Quay refused the call \(Unauthorized\): it needs a token with the /);
    expect(refused.message).toContain(`the ${scope} scope whose user`);
    expect(refused.message).toMatch(/\(HTTP 403 POST \/organization\/\)$/);
    server.script({ status: 401, body: { error: "Invalid token" } });
    const rejected = await failing(createOrg());
    expect(rejected.message).toMatch(/^Quay did not accept the token \(Invalid token\): check quay:token; it needs /);
    expect(`${refused.message}${rejected.message}`).not.toContain(token);
  });
});
