/**
 * Replays recorded exchanges with a real Quay (`test/fixtures/quay/`) against the emulator and lists
 * every difference: status, JSON or not, content type, `Location`, body keys and values. Volatile
 * values are compared by form, and the ids a reply hands out replace the recorded ones in later
 * requests (see the fixtures' README).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Emulator } from "../../emulator";

/** One recorded request and Quay's answer. */
export interface Exchange {
  name: string;
  request: { method: string; path: string; auth: string | null; content_type: string | null; body: unknown };
  response: { status: number; content_type: string | null; location: string | null; json: boolean; body: unknown };
}

/** A fixture file. */
export interface Family {
  family: string;
  server: string;
  exchanges: Exchange[];
}

/** `replay.json`: the recording order and the server as the recording began. */
export interface ReplayPlan {
  order: string[];
  server: {
    version: string;
    superuser: string;
    organizations: string[];
    features: Record<string, boolean>;
  };
}

export const fixturesDir = join(__dirname, "../fixtures/quay");

/** The plan and every family, in recording order (files the plan does not list come last, by name). */
export function loadFixtures(): { plan: ReplayPlan; families: Family[] } {
  const plan = JSON.parse(readFileSync(join(fixturesDir, "replay.json"), "utf8")) as ReplayPlan;
  const names = readdirSync(fixturesDir)
    .filter((name) => name.endsWith(".json") && name !== "replay.json")
    .map((name) => name.slice(0, -5))
    .sort((left, right) => rank(plan, left) - rank(plan, right) || left.localeCompare(right));
  const families = names.map((name) => JSON.parse(readFileSync(join(fixturesDir, `${name}.json`), "utf8")) as Family);
  return { plan, families };
}

function rank(plan: ReplayPlan, name: string): number {
  const index = plan.order.indexOf(name);
  return index < 0 ? plan.order.length : index;
}

/** What the emulator answered. */
interface Answer {
  status: number;
  contentType: string;
  location: string | null;
  json: boolean;
  body: unknown;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const clientIdPattern = /^[A-Z0-9]{20}$/;
const datePatterns = [
  /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} -0000$/,
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/,
];
/** Keys whose values change from run to run, and the form each must have. */
const volatileKeys: Record<string, RegExp> = {
  hash: /^[0-9a-f]{64}$/,
  color: /^#[0-9a-f]{6}$/,
  status_token: uuidPattern,
};
const dateKeys = new Set(["created", "last_accessed", "expires_at", "sync_start_date", "sync_expiration_date"]);

/** Replays exchanges against one emulator, remembering tokens and the ids its replies handed out. */
export class Replayer {
  private readonly ids = new Map<string, string>();
  private limitedToken: string | undefined;

  constructor(private readonly emulator: Emulator) {}

  /** Sends the exchange's request and returns the differences from the recorded answer. */
  async replay(exchange: Exchange): Promise<string[]> {
    const answer = await this.send(exchange);
    const differences = this.compare(exchange.response, answer);
    if (/\/tokens$/.test(exchange.request.path) && exchange.request.method === "POST") {
      this.limitedToken = (answer.body as { token?: string } | undefined)?.token;
    }
    return differences.map((difference) => `${exchange.name}: ${difference}`);
  }

  private substitute(text: string): string {
    let result = text;
    for (const [recorded, actual] of this.ids) result = result.split(recorded).join(actual);
    return result;
  }

  private async send(exchange: Exchange): Promise<Answer> {
    const { request } = exchange;
    const headers: Record<string, string> = {};
    if (request.auth === "<SUPERUSER_TOKEN>") headers.authorization = `Bearer ${this.emulator.token}`;
    // Before a token is minted, the limited token stands for one Quay does not know.
    if (request.auth === "<LIMITED_TOKEN>") {
      headers.authorization = `Bearer ${this.limitedToken ?? "UNKNOWNTOKEN0000000000000000000000000000"}`;
    }
    if (request.content_type) headers["content-type"] = request.content_type;
    const body =
      request.body === null
        ? undefined
        : typeof request.body === "string"
          ? request.body
          : JSON.stringify(request.body);
    const response = await fetch(`${this.emulator.url}${this.substitute(request.path)}`, {
      method: request.method,
      headers,
      body: body === undefined ? undefined : this.substitute(body),
      redirect: "manual",
    });
    const text = await response.text();
    let parsed: unknown = text;
    let json = false;
    try {
      parsed = JSON.parse(text);
      json = text !== "";
    } catch {
      // Not JSON: compared as such.
    }
    return {
      status: response.status,
      contentType: response.headers.get("content-type") ?? "",
      location: response.headers.get("location"),
      json,
      body: parsed,
    };
  }

  private compare(expected: Exchange["response"], actual: Answer): string[] {
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
    if (expected.json && actual.json) this.compareValue("body", "", expected.body, actual.body, differences);
    return differences;
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
