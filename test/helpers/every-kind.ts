/**
 * A Quay holding one object of every kind, made by hand through the API (as a team that never used Pulumi
 * would have made it), with the id and the declaration of each: what the import tests take over. The list
 * of kinds is the catalog's; a kind added there without a seed here fails the import tests (`kindsNotSeeded`).
 */
import { kinds } from "../../provider/catalog";
import type { TestTarget } from "./target";

/** One object of the seed: its kind, a resource name, its id, and the arguments a program declares it with. */
export interface SeededObject {
  kind: string;
  name: string;
  id: string;
  args: Record<string, unknown>;
}

/** Makes one object of every kind in `target`, under names made from `base`; resolves to them. */
export async function seedEveryKind(target: TestTarget, base: string): Promise<SeededObject[]> {
  const org = target.orgName(base);
  const cache = target.orgName(`${base}-cache`);
  const mirror = target.orgName(`${base}-mirror`);
  const user = target.orgName(`${base}-user`);
  const api = target.ok;
  await api("POST", "/organization/", { name: org, email: `${org}@example.com` });
  await api("PUT", `/organization/${org}/robots/ci`, { description: "CI" });
  await api("PUT", `/organization/${org}/team/devs`, { role: "creator", description: "Developers" });
  await api("PUT", `/organization/${org}/team/devs/members/${org}+ci`);
  await api("PUT", `/organization/${org}/team/readers`, { role: "member" });
  await api("PUT", `/organization/${org}/team/readers/members/${org}+ci`);
  await api("POST", "/repository", { namespace: org, repository: "app", visibility: "private", description: "App" });
  await api("PUT", `/repository/${org}/app/permissions/team/devs`, { role: "write" });
  const prototype = (
    await api("POST", `/organization/${org}/prototypes`, { role: "read", delegate: { kind: "team", name: "readers" } })
  ).body.id;
  const notification = (
    await api("POST", `/repository/${org}/app/notification/`, {
      event: "repo_push",
      method: "webhook",
      config: { url: "https://hooks.example.com/x" },
      eventConfig: {},
      title: "Pushes",
    })
  ).body.uuid;
  await api("POST", `/repository/${org}/app/mirror`, {
    external_reference: "docker.io/library/nginx",
    sync_interval: 3600,
    sync_start_date: "2026-01-01T00:00:00Z",
    root_rule: { rule_kind: "tag_glob_csv", rule_value: ["latest"] },
    robot_username: `${org}+ci`,
    skopeo_timeout_interval: 300,
  });
  await api("POST", `/organization/${org}/quota`, { limit_bytes: 10 * 1024 ** 3 });
  const prune = (await api("POST", `/organization/${org}/autoprunepolicy/`, { method: "number_of_tags", value: 50 }))
    .body.uuid;
  const immutability = (await api("POST", `/organization/${org}/immutabilitypolicy/`, { tagPattern: "v.*" })).body.uuid;
  const clientId = (await api("POST", `/organization/${org}/applications`, { name: "Portal" })).body.client_id;
  await api("POST", "/organization/", { name: cache });
  await api("POST", `/organization/${cache}/proxycache`, { upstream_registry: "quay.io" });
  await api("POST", "/organization/", { name: mirror });
  await api("PUT", `/organization/${mirror}/robots/puller`, { description: "" });
  await api("POST", `/organization/${mirror}/mirror`, {
    external_registry_type: "quay",
    external_registry_url: "https://quay.io",
    external_namespace: "prometheus",
    robot_username: `${mirror}+puller`,
    visibility: "private",
    sync_interval: 86400,
    sync_start_date: "2026-01-01T00:00:00Z",
  });
  await api("POST", "/superuser/users/", { username: user, email: `${user}@example.com` });
  await api("POST", "/messages", {
    message: { content: `Import ${org}`, media_type: "text/markdown", severity: "info" },
  });
  const message = ((await api("GET", "/messages")).body.messages as { uuid: string; content: string }[]).find(
    (entry) => entry.content === `Import ${org}`,
  )!.uuid;

  return [
    { kind: "Organization", name: "org", id: org, args: { name: org, email: `${org}@example.com` } },
    { kind: "Robot", name: "ci", id: `${org}+ci`, args: { organization: org, name: "ci", description: "CI" } },
    {
      kind: "Team",
      name: "devs",
      id: `${org}/devs`,
      args: { organization: org, name: "devs", role: "creator", description: "Developers", members: [`${org}+ci`] },
    },
    {
      kind: "TeamMember",
      name: "reader",
      id: `${org}/readers/${org}+ci`,
      args: { organization: org, team: "readers", member: `${org}+ci` },
    },
    {
      kind: "Repository",
      name: "app",
      id: `${org}/app`,
      args: { namespace: org, name: "app", description: "App", state: "MIRROR" },
    },
    {
      kind: "RepositoryPermission",
      name: "devs-write",
      id: `team/devs/${org}/app`,
      args: { repository: `${org}/app`, team: "devs", role: "write" },
    },
    {
      kind: "DefaultPermission",
      name: "readers-read",
      id: `${org}/${prototype}`,
      args: { organization: org, delegateTeam: "readers", role: "read" },
    },
    {
      kind: "RepositoryNotification",
      name: "pushes",
      id: `${org}/app/${notification}`,
      args: {
        repository: `${org}/app`,
        event: "repo_push",
        method: "webhook",
        config: { url: "https://hooks.example.com/x" },
        title: "Pushes",
      },
    },
    {
      kind: "RepositoryMirror",
      name: "nginx",
      id: `${org}/app`,
      args: {
        repository: `${org}/app`,
        externalReference: "docker.io/library/nginx",
        robot: `${org}+ci`,
        tagPatterns: ["latest"],
        syncIntervalSeconds: 3600,
      },
    },
    { kind: "Quota", name: "quota", id: org, args: { organization: org, limit: "10 GiB" } },
    { kind: "AutoPrunePolicy", name: "keep-50", id: `${org}/${prune}`, args: { organization: org, keepNewest: 50 } },
    {
      kind: "TagImmutabilityPolicy",
      name: "versions",
      id: `${org}/${immutability}`,
      args: { organization: org, tagPattern: "v.*" },
    },
    { kind: "OAuthApplication", name: "portal", id: `${org}/${clientId}`, args: { organization: org, name: "Portal" } },
    { kind: "ProxyCache", name: "cache", id: cache, args: { organization: cache, upstreamRegistry: "quay.io" } },
    {
      kind: "OrganizationMirror",
      name: "upstream",
      id: mirror,
      args: {
        organization: mirror,
        registryType: "quay",
        registryUrl: "https://quay.io",
        namespace: "prometheus",
        robot: `${mirror}+puller`,
      },
    },
    { kind: "User", name: "user", id: user, args: { username: user, email: `${user}@example.com` } },
    { kind: "GlobalMessage", name: "notice", id: message, args: { content: `Import ${org}` } },
  ];
}

/** The kinds of the catalog that `seeded` leaves out: none, or the seed is behind the catalog. */
export function kindsNotSeeded(seeded: readonly SeededObject[]): string[] {
  const present = new Set(seeded.map((object) => object.kind));
  return kinds.map((kind) => kind.kind).filter((kind) => !present.has(kind));
}
