/**
 * Replays recorded exchanges with a real Quay (`test/fixtures/quay/`) against the emulator and lists
 * every difference: status, JSON or not, content type, `Location`, the headers recorded, and body keys
 * and values. Volatile values are compared by form, and the ids a reply hands out replace the recorded
 * ones in later requests (see the fixtures' README). Like the recorder, the replayer keeps a browser's
 * cookie jar and CSRF token, for the session login.
 */
import type { Emulator } from "../../emulator";
import type { Exchange } from "../emulator/recordings";

/** What the emulator answered. */
interface Answer {
  status: number;
  contentType: string;
  location: string | null;
  json: boolean;
  body: unknown;
  setCookieNames: string[];
  nextCsrfToken: string | null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const clientIdPattern = /^[A-Z0-9]{20}$/;
/** The forms Quay's dates take: RFC 2822, ISO 8601 without a fraction, and Python's `isoformat()` with microseconds. */
const datePatterns = [
  /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} -0000$/,
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/,
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/,
];
/** Keys whose values change from run to run, and the form each must have. */
const volatileKeys: Record<string, RegExp> = {
  hash: /^[0-9a-f]{64}$/,
  color: /^#[0-9a-f]{6}$/,
  status_token: uuidPattern,
};
const dateKeys = new Set(
  "created creation_date last_accessed expires_at sync_start_date sync_expiration_date".split(" "),
);
/** Whether `text` is JSON; a body that is not is compared as text. */
function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A password no user has, for the exchanges that recorded a failed sign-in. */
const wrongPassword = "not-the-password";

/** Replays exchanges against one emulator, remembering tokens, the session and the ids its replies handed out. */
export class Replayer {
  private readonly ids = new Map<string, string>();
  private limitedToken: string | undefined;
  private readonly cookies = new Map<string, string>();
  private csrfToken: string | undefined;

  constructor(
    private readonly emulator: Emulator,
    private readonly superuser: string,
  ) {}

  /** Sends the exchange's request and returns the differences from the recorded answer. */
  async replay(exchange: Exchange): Promise<string[]> {
    const answer = await this.send(exchange);
    const differences = this.compare(exchange, answer);
    if (/\/tokens$/.test(exchange.request.path) && exchange.request.method === "POST") {
      this.limitedToken = (answer.body as { token?: string } | undefined)?.token;
    }
    const issued = (answer.body as { csrf_token?: unknown } | undefined)?.csrf_token;
    if (typeof issued === "string") this.csrfToken = issued;
    if (answer.nextCsrfToken) this.csrfToken = answer.nextCsrfToken;
    return differences.map((difference) => `${exchange.name}: ${difference}`);
  }

  private substitute(text: string): string {
    return [...this.ids].reduce((result, [recorded, actual]) => result.split(recorded).join(actual), text);
  }

  /**
   * The request body as sent: ids handed out replace the recorded ones, and the redacted password is the
   * user's, or one that is wrong where Quay's answer says the credentials were.
   */
  private body(exchange: Exchange): string | undefined {
    const { body } = exchange.request;
    if (body === null) return undefined;
    const failed = (exchange.response.body as { invalidCredentials?: unknown } | null)?.invalidCredentials === true;
    const text = typeof body === "string" ? body : JSON.stringify(body);
    const password = JSON.stringify(failed ? wrongPassword : this.emulator.password).slice(1, -1);
    return this.substitute(text).split("<PASSWORD>").join(password);
  }

  private async send(exchange: Exchange): Promise<Answer> {
    const { request } = exchange;
    const headers: Record<string, string> = {};
    if (request.auth === "<SUPERUSER_TOKEN>") headers.authorization = `Bearer ${this.emulator.token}`;
    // Before a token is minted, the limited token stands for one Quay does not know.
    if (request.auth === "<LIMITED_TOKEN>") {
      headers.authorization = `Bearer ${this.limitedToken ?? "UNKNOWNTOKEN0000000000000000000000000000"}`;
    }
    // A session call sends the session's CSRF token; the cookies go with every request, as a browser's do.
    if (request.auth === "<SESSION>" && this.csrfToken) headers["x-csrf-token"] = this.csrfToken;
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    if (request.content_type) headers["content-type"] = request.content_type;
    const response = await fetch(`${this.emulator.url}${this.substitute(request.path)}`, {
      method: request.method,
      headers,
      body: this.body(exchange),
      redirect: "manual",
    });
    const setCookieNames = response.headers.getSetCookie().map((cookie) => {
      const [pair] = cookie.split(";");
      const [name, ...value] = pair.split("=");
      this.cookies.set(name.trim(), value.join("="));
      return name.trim();
    });
    const text = await response.text();
    const json = text !== "" && parsesAsJson(text);
    return {
      status: response.status,
      contentType: response.headers.get("content-type") ?? "",
      location: response.headers.get("location"),
      json,
      body: json ? JSON.parse(text) : text,
      setCookieNames,
      nextCsrfToken: response.headers.get("x-next-csrf-token"),
    };
  }

  private compare(exchange: Exchange, actual: Answer): string[] {
    const expected = exchange.response;
    const differences: string[] = [];
    if (expected.status !== actual.status) differences.push(`status ${actual.status}, Quay ${expected.status}`);
    if (expected.json !== actual.json) differences.push(`JSON ${actual.json}, Quay ${expected.json}`);
    const mediaType = (value: string | null) => (value ?? "").split(";")[0].trim();
    if (expected.content_type !== null && mediaType(expected.content_type) !== mediaType(actual.contentType)) {
      differences.push(`content type ${actual.contentType}, Quay ${expected.content_type}`);
    }
    const path = (value: string | null) => (value === null ? null : value.replace(/^https?:\/\/[^/]+/, ""));
    if (path(expected.location) !== path(actual.location) && expected.location !== null) {
      differences.push(`Location ${actual.location}, Quay ${expected.location}`);
    }
    if (expected.headers) {
      const cookies = (names: string[]) => [...names].sort().join(", ");
      if (cookies(expected.headers.set_cookie_names) !== cookies(actual.setCookieNames)) {
        differences.push(
          `cookies set [${cookies(actual.setCookieNames)}], Quay [${cookies(expected.headers.set_cookie_names)}]`,
        );
      }
      if (expected.headers.x_next_csrf_token !== (actual.nextCsrfToken !== null)) {
        differences.push(
          `X-Next-CSRF-Token ${actual.nextCsrfToken !== null}, Quay ${expected.headers.x_next_csrf_token}`,
        );
      }
    }
    if (expected.json && actual.json) {
      this.compareValue("body", "", expected.body, this.trimmedAsRecorded(exchange, actual.body), differences);
    }
    return differences;
  }

  /**
   * The emulator's answer trimmed as the recorder trimmed Quay's, where an exchange's note says so
   * ("users: only items whose username starts with 'fx-n' (or is the caller) are kept"): the same rule on
   * both sides, so a list compares whole without other clients' objects.
   */
  private trimmedAsRecorded(exchange: Exchange, body: unknown): unknown {
    const rule =
      exchange.note && /^(\w+): only items whose (\w+) starts with '([^']*)' \(or is the caller\)/.exec(exchange.note);
    if (!rule || !body || typeof body !== "object") return body;
    const [, list, field, prefix] = rule;
    const items = (body as Record<string, unknown>)[list];
    if (!Array.isArray(items)) return body;
    const kept = items.filter((item) => {
      const value = (item as Record<string, unknown>)[field];
      return typeof value === "string" && (value.startsWith(prefix) || value === this.superuser);
    });
    return { ...(body as Record<string, unknown>), [list]: kept };
  }

  private compareValue(where: string, key: string, expected: unknown, actual: unknown, out: string[]): void {
    if (typeof expected === "string") {
      const problem = this.compareString(key, expected, actual);
      if (problem) out.push(`${where}: ${problem}`);
      return;
    }
    if (Array.isArray(expected)) {
      if (!Array.isArray(actual)) {
        out.push(`${where}: ${JSON.stringify(actual)}, Quay an array`);
        return;
      }
      if (actual.length !== expected.length) out.push(`${where}: ${actual.length} items, Quay ${expected.length}`);
      expected.forEach((item, index) => {
        if (index < actual.length) this.compareValue(`${where}[${index}]`, key, item, actual[index], out);
      });
      return;
    }
    if (expected && typeof expected === "object") {
      if (!actual || typeof actual !== "object" || Array.isArray(actual)) {
        out.push(`${where}: ${JSON.stringify(actual)}, Quay an object`);
        return;
      }
      const expectedKeys = Object.keys(expected);
      const actualKeys = Object.keys(actual);
      const missing = expectedKeys.filter((name) => !actualKeys.includes(name));
      const extra = actualKeys.filter((name) => !expectedKeys.includes(name));
      if (missing.length > 0) out.push(`${where}: missing keys ${missing.join(", ")}`);
      if (extra.length > 0) out.push(`${where}: extra keys ${extra.join(", ")}`);
      for (const name of expectedKeys.filter((candidate) => actualKeys.includes(candidate))) {
        this.compareValue(
          `${where}.${name}`,
          name,
          (expected as Record<string, unknown>)[name],
          (actual as Record<string, unknown>)[name],
          out,
        );
      }
      return;
    }
    if (expected !== actual) out.push(`${where}: ${JSON.stringify(actual)}, Quay ${JSON.stringify(expected)}`);
  }

  /** Compares one string: exactly, or by form when it is volatile; an id handed out is remembered. */
  private compareString(key: string, expected: string, actual: unknown): string | undefined {
    const shown = `${JSON.stringify(actual)}, Quay ${JSON.stringify(expected)}`;
    if (typeof actual !== "string") return shown;
    if (expected === actual) return undefined;
    if (/^<[A-Z_]+>$/.test(expected)) return actual === "" ? shown : undefined;
    const known = this.ids.get(expected);
    if (known !== undefined) return actual === known ? undefined : shown;
    if (uuidPattern.test(expected) || (key === "client_id" && clientIdPattern.test(expected))) {
      const pattern = uuidPattern.test(expected) ? uuidPattern : clientIdPattern;
      if (!pattern.test(actual)) return shown;
      this.ids.set(expected, actual);
      return undefined;
    }
    if (volatileKeys[key]) return volatileKeys[key].test(actual) ? undefined : shown;
    if (dateKeys.has(key)) {
      const form = datePatterns.find((pattern) => pattern.test(expected));
      return form?.test(actual) ? undefined : shown;
    }
    if (key === "type" && /^https?:\/\//.test(expected)) {
      return expected.replace(/^https?:\/\/[^/]+/, "") === actual.replace(/^https?:\/\/[^/]+/, "") ? undefined : shown;
    }
    const dump = "\n\nFailed validating";
    if (expected.includes(dump)) {
      const head = (text: string) => text.slice(0, text.indexOf("\n", text.indexOf(dump) + 2));
      return actual.includes(dump) && head(expected) === head(actual) ? undefined : shown;
    }
    // An id handed out earlier stands in messages too ("No repository notification found for: …, <uuid>").
    return this.substitute(expected) === actual ? undefined : shown;
  }
}
