import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { describe, expect, it } from "vitest";
import { findComposite } from "../../provider/catalog";
import { pathText, withoutValueAt, withValueAt } from "../../provider/composites/_shared/paths";
import { blueprintChildren } from "../../provider/operations/composite/blueprint";
import { isSecretValue, plainValue, secretPaths, secretValue, withSecrets } from "../../provider/operations/secrets";
import { unknownValue } from "../../provider/operations/values";

describe("paths into a composite's shape", () => {
  it("are written as Pulumi writes property paths", () => {
    expect(pathText(["repositories", "api", "teams", "developers"])).toBe("repositories.api.teams.developers");
    expect(pathText(["repositories", "team/app", "prunePolicies", "keep-50"])).toBe(
      'repositories["team/app"].prunePolicies["keep-50"]',
    );
    expect(pathText([])).toBe("");
  });

  it("set values by merging maps, and remove them with the maps left empty", () => {
    const shape = withValueAt({ name: "acme" }, ["repositories", "api"], { description: "API" });
    const granted = withValueAt(shape, ["repositories", "api", "teams", "devs"], "write");
    expect(withValueAt(granted, ["repositories", "api"], { visibility: "public" })).toEqual({
      name: "acme",
      repositories: { api: { description: "API", teams: { devs: "write" }, visibility: "public" } },
    });
    expect(withoutValueAt(withValueAt({ name: "acme" }, ["teams", "devs"], {}), ["teams", "devs"])).toEqual({
      name: "acme",
    });
  });
});

describe("secrets at any depth", () => {
  it("use Pulumi's own markers", () => {
    expect(secretValue("x")).toEqual({ [rpc.specialSigKey]: rpc.specialSecretSig, value: "x" });
  });

  it("wrap what a composite's schema marks secret, and nothing around it", () => {
    const tenant = findComposite("Tenant")!;
    const wrapped = withSecrets(tenant.inputs.shape, {
      name: "acme",
      repositories: {
        mirror: { mirror: { robot: "puller", password: "p4ss", externalReference: "docker.io/library/nginx" } },
        api: { notifications: { hook: { event: "repo_push", method: "webhook", config: { url: "https://t0ken" } } } },
      },
    });
    expect(secretPaths(wrapped)).toEqual([
      ["repositories", "mirror", "mirror", "password"],
      ["repositories", "api", "notifications", "hook", "config"],
    ]);
    expect(isSecretValue((wrapped.repositories as any).mirror.mirror.robot)).toBe(false);
    expect(plainValue(wrapped)).toMatchObject({ repositories: { mirror: { mirror: { password: "p4ss" } } } });
  });
});

describe("the tenant's table of parts", () => {
  it("gives the blueprint's children the names they always had, and the order they need", () => {
    const children = blueprintChildren({
      name: "shop",
      robots: { ci: {} },
      teams: { devs: { robots: ["ci"] } },
      repositories: {
        api: { teams: { devs: "write" }, robots: { ci: "read" }, prunePolicies: { "keep-5": { keepNewest: 5 } } },
      },
      defaultPermissions: { "devs-read": { team: "devs", role: "read" } },
      quota: { limit: "1 GiB" },
    });
    expect(Object.fromEntries(children.map((child) => [child.child, child.after]))).toEqual({
      "": [],
      "robot-ci": [""],
      "team-devs": ["", "robot-ci"],
      "repo-api": [""],
      "repo-api-team-devs": ["repo-api", "team-devs"],
      "repo-api-robot-ci": ["repo-api", "robot-ci"],
      "repo-api-prune-keep-5": ["repo-api"],
      "default-devs-read": ["", "team-devs", "repo-api"],
      quota: [""],
    });
    expect(children.find((child) => child.child === "team-devs")?.inputs.members).toEqual(["shop+ci"]);
  });

  it("skips a reference unknown at preview, and names one to something undeclared", () => {
    const tenant = findComposite("Tenant")!;
    expect(
      tenant.validate?.({ name: "shop", teams: { devs: { robots: [unknownValue] } }, robots: {} } as never),
    ).toEqual([]);
    expect(tenant.validate?.({ name: "shop", repositories: { api: { teams: { ghosts: "read" } } } } as never)).toEqual([
      { property: "repositories.api.teams.ghosts", reason: 'names the team "ghosts", which is not declared in teams' },
    ]);
  });
});
