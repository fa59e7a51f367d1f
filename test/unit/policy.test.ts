import { describe, expect, it } from "vitest";
import { auditNamespaces } from "../../cli/audit";
import { kinds } from "../../provider/catalog";
import { kindOfType } from "../../provider/policy/subjects";
import { resourceViolations, stackViolations, stopsOnUnknown, unknownStringValue } from "../helpers/policy";

describe("the registry policy", () => {
  it("reads every resource type of both modes, and nothing else", () => {
    for (const { kind } of kinds) {
      expect(kindOfType(`quay:index:${kind}`)).toBe(kind);
      expect(kindOfType(`pulumi-nodejs:dynamic/quay:${kind}`)).toBe(kind);
    }
    expect(kindOfType("quay:index:Tenant")).toBe("Tenant");
    expect(kindOfType("aws:s3/bucket:Bucket")).toBeUndefined();
    expect(kindOfType("quay:index:Nothing")).toBeUndefined();
  });

  describe("repository-not-public", () => {
    const repository = { namespace: "acme", name: "app", visibility: "public" };
    it("flags a public repository unless allow-listed, in both modes and in a Tenant", () => {
      expect(resourceViolations("repository-not-public", "Repository", repository)).toEqual([
        'repository acme/app is public (visibility "public") and not in allowPublic',
      ]);
      expect(resourceViolations("repository-not-public", "Repository", repository, {}, false)).toHaveLength(1);
      expect(
        resourceViolations("repository-not-public", "Repository", repository, { allowPublic: ["acme/*"] }),
      ).toEqual([]);
      expect(
        resourceViolations("repository-not-public", "Repository", { ...repository, visibility: "private" }),
      ).toEqual([]);
      const tenant = { name: "acme", repositories: { api: { visibility: "public" }, web: {} } };
      expect(resourceViolations("repository-not-public", "Tenant", tenant)).toEqual([
        'repositories.api: repository acme/api is public (visibility "public") and not in allowPublic',
      ]);
    });
    it("does not guess a visibility unknown at preview, and judges a repository whose other fields are", () => {
      const unknownVisibility = { ...repository, visibility: unknownStringValue };
      expect(stopsOnUnknown(() => resourceViolations("repository-not-public", "Repository", unknownVisibility))).toBe(
        true,
      );
      const unknownDescription = { ...repository, description: unknownStringValue };
      expect(resourceViolations("repository-not-public", "Repository", unknownDescription)).toHaveLength(1);
    });
  });

  describe("mirrors-verify-tls", () => {
    it("flags mirrors and proxy caches that skip TLS checks or use plain HTTP", () => {
      const mirror = { repository: "acme/nginx", externalReference: "docker.io/library/nginx", verifyTls: false };
      expect(resourceViolations("mirrors-verify-tls", "RepositoryMirror", mirror)).toHaveLength(1);
      expect(resourceViolations("mirrors-verify-tls", "RepositoryMirror", { ...mirror, verifyTls: true })).toEqual([]);
      const organizationMirror = { organization: "acme", registryUrl: "http://harbor.example.com", verifyTls: true };
      expect(resourceViolations("mirrors-verify-tls", "OrganizationMirror", organizationMirror)).toHaveLength(1);
      expect(
        resourceViolations("mirrors-verify-tls", "ProxyCache", {
          organization: "acme",
          upstreamRegistry: "docker.io",
          insecure: true,
        }),
      ).toHaveLength(1);
      const tenant = {
        name: "acme",
        repositories: {
          nginx: { mirror: { externalReference: "docker.io/library/nginx", robot: "ci", verifyTls: false } },
        },
      };
      expect(resourceViolations("mirrors-verify-tls", "Tenant", tenant)).toHaveLength(1);
    });
    it("does not guess a TLS setting unknown at preview", () => {
      const mirror = { repository: "acme/nginx", verifyTls: unknownStringValue };
      expect(stopsOnUnknown(() => resourceViolations("mirrors-verify-tls", "RepositoryMirror", mirror))).toBe(true);
    });
  });

  describe("webhooks-use-https", () => {
    const hook = {
      repository: "acme/app",
      event: "repo_push",
      method: "webhook",
      config: { url: "http://hooks.example.com/SECRET-PATH" },
    };
    it("flags a plain-HTTP notification without naming its secret URL", () => {
      const found = resourceViolations("webhooks-use-https", "RepositoryNotification", hook);
      expect(found).toHaveLength(1);
      expect(found[0]).not.toContain("SECRET-PATH");
      expect(
        resourceViolations("webhooks-use-https", "RepositoryNotification", {
          ...hook,
          config: { url: "https://hooks.example.com/x" },
        }),
      ).toEqual([]);
    });
    it("does not guess a URL unknown at preview", () => {
      const unknownUrl = { ...hook, config: { url: unknownStringValue } };
      expect(stopsOnUnknown(() => resourceViolations("webhooks-use-https", "RepositoryNotification", unknownUrl))).toBe(
        true,
      );
    });
  });

  describe("organization-has-quota-and-prune-rules", () => {
    it("asks every organization for a quota and a prune rule, of its own or of a repository's", () => {
      const organization: [string, Record<string, unknown>] = ["Organization", { name: "acme" }];
      expect(stackViolations("organization-has-quota-and-prune-rules", [organization])).toEqual([
        "organization acme has no quota and no prune rule",
      ]);
      expect(
        stackViolations("organization-has-quota-and-prune-rules", [
          organization,
          ["Quota", { organization: "acme", limit: "10 GiB" }],
          ["AutoPrunePolicy", { repository: "acme/app", keepNewest: 10 }],
        ]),
      ).toEqual([]);
      const tenant = { name: "acme", quota: { limit: "1 TiB" }, prunePolicies: { recent: { keepNewest: 20 } } };
      expect(stackViolations("organization-has-quota-and-prune-rules", [["Tenant", tenant]])).toEqual([]);
    });
    it("does not guess an organization unknown at preview", () => {
      expect(
        stopsOnUnknown(() =>
          stackViolations("organization-has-quota-and-prune-rules", [
            ["Organization", { name: "acme" }],
            ["Quota", { organization: unknownStringValue }],
          ]),
        ),
      ).toBe(true);
    });
  });

  describe("release-tags-immutable", () => {
    it("asks for a rule covering release tags, unless the Quay is older than 3.17", () => {
      const organization: [string, Record<string, unknown>] = ["Organization", { name: "acme" }];
      expect(stackViolations("release-tags-immutable", [organization])).toHaveLength(1);
      expect(stackViolations("release-tags-immutable", [organization], { quayVersion: "3.16" })).toEqual([]);
      expect(
        stackViolations("release-tags-immutable", [
          organization,
          ["TagImmutabilityPolicy", { organization: "acme", tagPattern: "^v[0-9].*" }],
        ]),
      ).toEqual([]);
      expect(
        stackViolations("release-tags-immutable", [
          organization,
          ["TagImmutabilityPolicy", { organization: "acme", tagPattern: "^latest$" }],
        ]),
      ).toHaveLength(1);
    });
    it("matches a pattern against the whole tag, as Quay does, and counts only the organization's own rules", () => {
      const organization: [string, Record<string, unknown>] = ["Organization", { name: "acme" }];
      const rule = (props: Record<string, unknown>): [string, Record<string, unknown>] => [
        "TagImmutabilityPolicy",
        props,
      ];
      // `v[0-9]+` covers v1, not v1.2.3: Quay full-matches.
      expect(
        stackViolations("release-tags-immutable", [
          organization,
          rule({ organization: "acme", tagPattern: "v[0-9]+" }),
        ]),
      ).toHaveLength(1);
      // A repository's rule covers that repository only.
      expect(
        stackViolations("release-tags-immutable", [organization, rule({ repository: "acme/app", tagPattern: "v.*" })]),
      ).toHaveLength(1);
      // Python-only syntax is not judged a match, and stops nothing.
      expect(
        stackViolations("release-tags-immutable", [
          organization,
          rule({ organization: "acme", tagPattern: "v(?P<major>[0-9]+).*" }),
        ]),
      ).toHaveLength(1);
    });
    it("does not guess a pattern unknown at preview", () => {
      const policy: [string, Record<string, unknown>] = [
        "TagImmutabilityPolicy",
        { organization: "acme", tagPattern: unknownStringValue },
      ];
      expect(
        stopsOnUnknown(() => stackViolations("release-tags-immutable", [["Organization", { name: "acme" }], policy])),
      ).toBe(true);
    });
  });

  describe("no-force-delete", () => {
    it("flags forceDelete left on, in programs and Tenants", () => {
      expect(
        resourceViolations("no-force-delete", "Repository", { namespace: "acme", name: "app", forceDelete: true }),
      ).toHaveLength(1);
      expect(resourceViolations("no-force-delete", "Repository", { namespace: "acme", name: "app" })).toEqual([]);
      expect(
        resourceViolations("no-force-delete", "Tenant", {
          name: "acme",
          forceDelete: true,
          repositories: { app: { forceDelete: true } },
        }),
      ).toHaveLength(2);
    });
    it("does not guess a forceDelete unknown at preview", () => {
      expect(
        stopsOnUnknown(() => resourceViolations("no-force-delete", "Repository", { forceDelete: unknownStringValue })),
      ).toBe(true);
    });
  });

  it("judges what Quay holds with the same rules, leaving out the grants Quay makes itself", () => {
    const kind = (name: string) => kinds.find((candidate) => candidate.kind === name)!;
    const namespace = () => ({
      name: "acme",
      type: "organization" as const,
      reader: "admin",
      objects: [
        { kind: kind("Organization"), id: "acme", state: { name: "acme" } },
        { kind: kind("Repository"), id: "acme/app", state: { namespace: "acme", name: "app", visibility: "public" } },
      ],
    });
    const violations = auditNamespaces([
      {
        name: "acme",
        type: "organization",
        reader: "admin",
        objects: [
          { kind: kind("Organization"), id: "acme", state: { name: "acme" } },
          { kind: kind("Repository"), id: "acme/app", state: { namespace: "acme", name: "app", visibility: "public" } },
          {
            kind: kind("RepositoryPermission"),
            id: "acme/app/admin",
            state: { repository: "acme/app", user: "admin", role: "admin" },
          },
        ],
      },
    ]);
    expect(violations.map((violation) => violation.rule)).toEqual([
      "repository-not-public",
      "organization-has-quota-and-prune-rules",
      "release-tags-immutable",
    ]);
    expect(violations[0]).toMatchObject({ enforcementLevel: "mandatory", where: "Repository acme/app" });
    // The pack's configuration as Pulumi reads it: a rule's own entry, then `all`, then the default.
    const levels = (config: Record<string, unknown>) =>
      auditNamespaces([namespace()], config).map((violation) => `${violation.rule}:${violation.enforcementLevel}`);
    expect(levels({ all: "mandatory", "repository-not-public": { enforcementLevel: "advisory" } })).toEqual([
      "repository-not-public:advisory",
      "organization-has-quota-and-prune-rules:mandatory",
      "release-tags-immutable:mandatory",
    ]);
    expect(levels({ all: { enforcementLevel: "disabled" } })).toEqual([]);
  });
});
