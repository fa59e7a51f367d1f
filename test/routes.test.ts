/**
 * The routes the provider calls and the routes the emulator serves, each held to real Quay: every one is
 * in real Quay's own catalogue (`test/fixtures/quay/discovery.json`, its `GET /api/v1/discovery`) or was
 * answered by a real Quay in a recorded exchange, or is listed below with how it was verified otherwise.
 * And the emulator serves every route the provider declares with the same method and path, from its own
 * declarations: a route the provider declares wrongly fails here, whatever the emulator does.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { servedRoutes, unservedRoutes } from "../emulator/router";
import { routeTable } from "../provider/catalog";
import { fixturesDir, loadFixtures } from "./emulator/recordings";

/** A route as either side declares it; `web` routes are outside `/api/v1`. */
interface Declared {
  key: string;
  method: string;
  path: string;
  web?: boolean;
}

/**
 * Routes seen on a real Quay neither in its catalogue nor in a recorded exchange, by `METHOD /path`, and how
 * each was verified. The catalogue leaves out Quay's web blueprint and the resources marked internal.
 */
const verifiedOtherwise: Record<string, string> = {
  "POST /oauth/authorizeapp":
    "Quay's web blueprint, which the catalogue leaves out: on the running Quay (2026-12-02), a signed-in session's " +
    "form POST with `response_type=token` was answered 302 to the redirect URI with the token in the fragment " +
    "(docs/quay-behavior.md §V.19); test/emulator/sessions.test.ts holds the emulator to what it answered",
};

/** A template with its placeholders' names dropped; `{repository}` spans segments, so it keeps its name. */
const shape = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_match, name: string) => (name === "repository" ? "{repository}" : "{}"));

const methods = ["get", "post", "put", "delete"];

/** Real Quay's catalogue: `METHOD /path` below `/api/v1`, placeholders unnamed. */
const catalogue = (() => {
  const discovery = JSON.parse(readFileSync(join(fixturesDir, "discovery.json"), "utf8")) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const routes = new Set<string>();
  for (const [path, operations] of Object.entries(discovery.paths)) {
    for (const method of Object.keys(operations).filter((name) => methods.includes(name))) {
      routes.add(`${method.toUpperCase()} ${shape(path.replace(/^\/api\/v1/, ""))}`);
    }
  }
  return routes;
})();

/** Recorded requests a route of Quay's answered: not Werkzeug's redirect, nor its 404 or 405 page. */
const answered = loadFixtures()
  .flatMap((family) => family.exchanges)
  .filter(({ response }) => response.status !== 308 && (response.json || ![404, 405].includes(response.status)))
  .map(({ request }) => ({ method: request.method, path: request.path.split("?")[0] }));

/** Where a real Quay showed the route: its catalogue, a recorded exchange, or the list `listed`. */
function evidence(
  route: Declared,
  listed: Record<string, string> = verifiedOtherwise,
): "catalogue" | "recorded" | "verified otherwise" | undefined {
  if (!route.web && catalogue.has(`${route.method} ${shape(route.path)}`)) return "catalogue";
  const template = route.path
    .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
    .replace(/\{repository\}/g, "[^/]+(?:/[^/]+)+")
    .replace(/\{\w+\}/g, "[^/]+");
  const pattern = new RegExp(`^${route.web ? "" : "/api/v1"}${template}$`);
  if (answered.some(({ method, path }) => method === route.method && pattern.test(path))) return "recorded";
  return listed[`${route.method} ${route.path}`] ? "verified otherwise" : undefined;
}

const providerRoutes: Declared[] = Object.values(routeTable);
const emulatorRoutes: Declared[] = Object.values(servedRoutes);

describe("the routes the provider declares", () => {
  it.each(providerRoutes.map((route) => [`${route.key} (${route.method} ${route.path})`, route] as const))(
    "%s is a route real Quay serves",
    (_name, route) => {
      expect(evidence(route)).toBeDefined();
    },
  );

  it("are each served by the emulator with the same method and path, from the emulator's own declarations", () => {
    expect(unservedRoutes(providerRoutes).withoutHandler).toEqual([]);
  });
});

describe("the routes the emulator serves", () => {
  it.each(emulatorRoutes.map((route) => [`${route.key} (${route.method} ${route.path})`, route] as const))(
    "%s is a route real Quay serves",
    (_name, route) => {
      expect(evidence(route)).toBeDefined();
    },
  );

  it("can each be reached: no more specific rule takes its requests", () => {
    expect(unservedRoutes([]).withoutRoute).toEqual([]);
  });
});

describe("the checks themselves", () => {
  it("catch a route no Quay has, and one the emulator serves with another path", () => {
    const wrong = { key: "listRobotsWrongly", method: "GET", path: "/organization/{orgname}/robot" };
    expect(evidence(wrong)).toBeUndefined();
    expect(unservedRoutes([wrong]).withoutHandler).toEqual(["listRobotsWrongly (GET /organization/{orgname}/robot)"]);
    // Werkzeug's answers to a path no rule has are no evidence: the slash form of the capabilities was recorded as a 404 page.
    expect(evidence({ key: "capabilitiesSlash", method: "GET", path: "/registry/capabilities/" })).toBeUndefined();
  });

  it("list as verified otherwise only routes someone declares that neither the catalogue nor a recording shows", () => {
    for (const rule of Object.keys(verifiedOtherwise)) {
      const declared = [...providerRoutes, ...emulatorRoutes].find((route) => `${route.method} ${route.path}` === rule);
      expect(declared, rule).toBeDefined();
      expect(evidence(declared!, {}), rule).toBeUndefined();
    }
  });
});
