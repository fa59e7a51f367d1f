/**
 * A client that signs in with a password, as Quay's web UI and other clients do (docs/quay-behavior.md
 * §V.19): the session cookie and its CSRF token, sign-out, wrong passwords and the throttle after them,
 * and an OAuth token minted for the session's user through `POST /oauth/authorizeapp`.
 */
import { describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator";

/** A browser's view of the emulator: a cookie jar and the CSRF token it was last given. */
class Browser {
  private cookie = "";
  csrfToken = "";

  constructor(private readonly url: () => string) {}

  /** Sends a request with the jar's cookie (and the CSRF token when `csrf`), keeping what the answer sets. */
  async send(method: string, path: string, options: { body?: unknown; form?: string; csrf?: boolean } = {}) {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (options.csrf) headers["x-csrf-token"] = this.csrfToken;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.form !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
    const response = await fetch(`${this.url()}${path}`, {
      method,
      headers,
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      redirect: "manual",
    });
    const set = response.headers.getSetCookie()[0];
    if (set) this.cookie = set.split(";")[0];
    const next = response.headers.get("x-next-csrf-token");
    if (next) this.csrfToken = next;
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: response.status, body, headers: response.headers };
  }

  /** `GET /csrf_token`, then `POST /api/v1/signin` with the token it gave. */
  async signIn(username: string, password: string) {
    const issued = await this.send("GET", "/csrf_token");
    this.csrfToken = issued.body.csrf_token;
    return this.send("POST", "/api/v1/signin", { body: { username, password }, csrf: true });
  }

  /** The jar's cookie, for a test that replays an old one. */
  get cookieHeader(): string {
    return this.cookie;
  }

  set cookieHeader(value: string) {
    this.cookie = value;
  }
}

describe("signing in with a password", () => {
  const quay = useEmulator({ password: "s3cret-password" });
  const browser = () => new Browser(() => quay.current.url);

  it("sets the session cookie with a CSRF token, which the sign-in needs", async () => {
    const client = browser();
    const issued = await client.send("GET", "/csrf_token");
    expect(issued.status).toBe(200);
    expect(issued.body.csrf_token).toMatch(/^[\w-]{64}$/);
    expect(issued.headers.getSetCookie()[0]).toMatch(/^_csrf_token=.+; HttpOnly; Path=\/; SameSite=Lax$/);
    const refused = await client.send("POST", "/api/v1/signin", { body: { username: "admin", password: "x" } });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: "CSRF token was invalid or missing." });
  });

  it("signs in, answers a new CSRF token, and then calls the API with the cookie and that token", async () => {
    const client = browser();
    const firstToken = (await client.send("GET", "/csrf_token")).body.csrf_token;
    client.csrfToken = firstToken;
    const signedIn = await client.send("POST", "/api/v1/signin", {
      body: { username: "admin", password: "s3cret-password" },
      csrf: true,
    });
    expect(signedIn).toMatchObject({ status: 200, body: { success: true } });
    expect(client.csrfToken).not.toBe(firstToken);
    expect((await client.send("GET", "/api/v1/user/")).body.username).toBe("admin");
    const created = await client.send("POST", "/api/v1/organization/", { body: { name: "by-session" }, csrf: true });
    expect(created).toMatchObject({ status: 201, body: "Created" });
    const unguarded = await client.send("POST", "/api/v1/organization/", { body: { name: "by-session-2" } });
    expect(unguarded.status).toBe(403);
    expect(unguarded.body).toEqual({ error: "CSRF token was invalid or missing. (authorized: user admin)" });
  });

  it("signs out, which ends every session of the user", async () => {
    const client = browser();
    const other = browser();
    await client.signIn("admin", "s3cret-password");
    await other.signIn("admin", "s3cret-password");
    const cookieBefore = client.cookieHeader;
    expect((await client.send("POST", "/api/v1/signout", { csrf: true })).body).toEqual({ success: true });
    expect((await client.send("GET", "/api/v1/user/")).status).toBe(401);
    client.cookieHeader = cookieBefore;
    expect((await client.send("GET", "/api/v1/user/")).status).toBe(401);
    expect((await other.send("GET", "/api/v1/user/")).status).toBe(401);
  });

  it("refuses a wrong password, and throttles the next sign-in for half a second", async () => {
    const state = quay.current.server.state;
    const start = Date.now();
    state.clock = () => start;
    try {
      const client = browser();
      const wrong = await client.signIn("admin", "wrong-password");
      expect(wrong).toMatchObject({
        status: 403,
        body: { needsEmailVerification: false, invalidCredentials: true, message: "Invalid Username or Password" },
      });
      const throttled = await client.signIn("admin", "s3cret-password");
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get("retry-after")).toBe("0");
      expect(throttled.body).toBe("Too many login attempts. \nPlease reset your Quay password and try again.");
      state.clock = () => start + 600;
      expect((await client.signIn("admin", "s3cret-password")).status).toBe(200);
    } finally {
      state.clock = Date.now;
    }
  });

  it("signs in a user a superuser made, with the password Quay generated", async () => {
    const made = await quay.api("POST", "/superuser/users/", { username: "carol", email: "carol@example.com" });
    expect(made.body.password).toMatch(/^[A-Z0-9]{32}$/);
    const client = browser();
    expect((await client.signIn("carol", made.body.password)).status).toBe(200);
    expect((await client.send("GET", "/api/v1/user/")).body.username).toBe("carol");
  });

  it("asks for a fresh sign-in after ten minutes before it shows application tokens", async () => {
    const state = quay.current.server.state;
    const start = Date.now();
    state.clock = () => start;
    try {
      const client = browser();
      await client.signIn("admin", "s3cret-password");
      expect((await client.send("POST", "/api/v1/user/apptoken", { body: { title: "t" }, csrf: true })).status).toBe(
        200,
      );
      state.clock = () => start + 11 * 60 * 1000;
      const stale = await client.send("POST", "/api/v1/user/apptoken", { body: { title: "t" }, csrf: true });
      expect(stale).toMatchObject({ status: 401, body: { error_type: "fresh_login_required" } });
    } finally {
      state.clock = Date.now;
    }
  });
});

describe("an OAuth token minted for a signed-in user", () => {
  const quay = useEmulator({ password: "s3cret-password" });

  /** An application of a new organization, and a browser signed in as its admin. */
  async function signedInWithApplication(organization: string) {
    await quay.seed.organization(organization);
    const created = await quay.api("POST", `/organization/${organization}/applications`, {
      name: "cli",
      redirect_uri: "https://example.com/callback",
      application_uri: "https://example.com",
    });
    const client = new Browser(() => quay.current.url);
    await client.signIn("admin", "s3cret-password");
    return { client, clientId: created.body.client_id as string };
  }

  /** `POST /oauth/authorizeapp` for a token, the form's CSRF field set. */
  const authorize = (client: Browser, fields: Record<string, string>) =>
    client.send("POST", "/oauth/authorizeapp", {
      form: new URLSearchParams({ response_type: "token", _csrf_token: client.csrfToken, ...fields }).toString(),
    });

  it("redirects to the server's own handler with a token of the scopes asked for", async () => {
    const { client, clientId } = await signedInWithApplication("oauth-one");
    const redirect = `${quay.current.url}/oauth/localapp`;
    const answer = await authorize(client, { client_id: clientId, redirect_uri: redirect, scope: "user:read" });
    expect(answer.status).toBe(302);
    const location = answer.headers.get("location")!;
    expect(location).toMatch(
      /\/oauth\/localapp\?scope=user%3Aread#access_token=[A-Z0-9]{40}&token_type=Bearer&expires_in=315576000$/,
    );
    const token = /access_token=(\w+)/.exec(location)![1];
    const me = await quay.api("GET", "/user/", undefined, token);
    expect(me.body.username).toBe("admin");
    expect((await quay.api("POST", "/organization/", { name: "oauth-x" }, token)).status).toBe(403);
  });

  it("accepts only the application's redirect URI besides the server's own", async () => {
    const { client, clientId } = await signedInWithApplication("oauth-two");
    const under = await authorize(client, {
      client_id: clientId,
      redirect_uri: "https://example.com/callback/x",
      scope: "repo:read",
    });
    expect(under.headers.get("location")).toMatch(
      /^https:\/\/example\.com\/callback\/x\?scope=repo%3Aread#access_token=/,
    );
    const elsewhere = await authorize(client, {
      client_id: clientId,
      redirect_uri: "https://evil.example.com/",
      scope: "repo:read",
    });
    expect(elsewhere).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    const badScope = await authorize(client, {
      client_id: clientId,
      redirect_uri: "https://example.com/callback",
      scope: "bogus",
    });
    expect(badScope.headers.get("location")).toBe("https://example.com/callback?error=invalid_scope");
    const unknown = await authorize(client, {
      client_id: "NOSUCHCLIENT",
      redirect_uri: "https://example.com/callback",
      scope: "repo:read",
    });
    expect(unknown.headers.get("location")).toBe("https://example.com/callback?error=unauthorized_client");
  });

  it("needs the sign-in and the CSRF token", async () => {
    const { client, clientId } = await signedInWithApplication("oauth-three");
    const form = new URLSearchParams({
      client_id: clientId,
      redirect_uri: "https://example.com/callback",
      scope: "repo:read",
      response_type: "token",
    });
    const withoutToken = await client.send("POST", "/oauth/authorizeapp", { form: form.toString() });
    expect(withoutToken.body).toEqual({ error: "CSRF token was invalid or missing. (authorized: user admin)" });
    const anonymous = new Browser(() => quay.current.url);
    expect((await anonymous.send("POST", "/oauth/authorizeapp", { form: form.toString() })).status).toBe(401);
  });
});
