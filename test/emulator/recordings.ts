/**
 * The recorded exchanges with real Quay (`test/fixtures/quay/`): their format, and the groups
 * `replay.json` puts them in, each family with the server it was recorded on and the families recorded
 * before it there. `test/helpers/replay.ts` replays them; `test/routes.test.ts` takes the routes real Quay
 * answered from them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** One recorded request and Quay's answer. */
export interface Exchange {
  name: string;
  request: { method: string; path: string; auth: string | null; content_type: string | null; body: unknown };
  response: {
    status: number;
    content_type: string | null;
    location: string | null;
    json: boolean;
    body: unknown;
    /** The cookies the answer set and whether it carried `X-Next-CSRF-Token`, where the recorder kept them. */
    headers?: { set_cookie_names: string[]; x_next_csrf_token: boolean };
  };
  /** How the recorder trimmed a list that held other clients' objects. */
  note?: string;
}

/** A fixture file. */
export interface Family {
  family: string;
  server: string;
  exchanges: Exchange[];
}

/** The server a group of families was recorded against, as the recording began. */
export interface RecordedServer {
  version: string;
  superuser: string;
  /** Organizations of the superuser's the server already held (other clients' ones included). */
  organizations: string[];
  features: Record<string, boolean>;
}

/** `replay.json`: groups of families recorded one after the other against one server, in that order. */
export interface ReplayPlan {
  groups: { order: string[]; server: RecordedServer }[];
}

/** A family and the group it was recorded in: its server, and the families recorded before it there. */
export interface RecordedFamily extends Family {
  recordedOn: RecordedServer;
  earlier: Family[];
}

/** Where the recordings are. */
export const fixturesDir = join(__dirname, "../fixtures/quay");

/**
 * Every family, in recording order, with what came before it. A file no group lists is replayed alone, on
 * the last group's server. Files that hold no exchanges (the route catalogue) are not families.
 */
export function loadFixtures(): RecordedFamily[] {
  const plan = JSON.parse(readFileSync(join(fixturesDir, "replay.json"), "utf8")) as ReplayPlan;
  const read = (name: string) => JSON.parse(readFileSync(join(fixturesDir, `${name}.json`), "utf8")) as Family;
  const files = readdirSync(fixturesDir)
    .filter((name) => name.endsWith(".json") && name !== "replay.json")
    .map((name) => name.slice(0, -5))
    .filter((name) => Array.isArray(read(name).exchanges));
  const listed = new Set(plan.groups.flatMap((group) => group.order));
  const groups = [
    ...plan.groups,
    ...files
      .filter((name) => !listed.has(name))
      .sort()
      .map((name) => ({ order: [name], server: plan.groups[plan.groups.length - 1].server })),
  ];
  return groups.flatMap((group) => {
    const families = group.order.filter((name) => files.includes(name)).map(read);
    return families.map((family, index) => ({
      ...family,
      recordedOn: group.server,
      earlier: families.slice(0, index),
    }));
  });
}
