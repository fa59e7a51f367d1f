/**
 * A hand-made organization of about seventy objects, built through the API as a person in Quay's UI would,
 * for the export and adoption tests: robots, teams with members, default permissions, repositories with
 * their permissions, notifications and mirrors, a quota, prune rules and an OAuth application.
 */
import type { TestTarget } from "./target";

/** The repositories of the hand-made organization. */
export const legacyRepositories = [
  "api",
  "web",
  "jobs/worker",
  "jobs/cron",
  "docs",
  "tools/cli",
  "tools/lint",
  "base/alpine",
  "base/debian",
  "mirror/nginx",
  "mirror/redis",
  "archive",
];

/** What was built: how many objects an export will see, how many roles Quay gave by itself, the ci robot's token. */
export interface LegacyOrganization {
  objects: number;
  /** Roles Quay gave by itself: the creator's on each repository, the mirror robot's; no composite declares them. */
  quaysOwn: number;
  robotToken: string;
}

/** Builds the organization `org` in the target's Quay (about seventy calls: minutes on a slow Quay). */
export async function buildLegacyOrganization(target: TestTarget, org: string): Promise<LegacyOrganization> {
  const api = (method: string, path: string, body?: unknown) => target.ok(method, path, body);
  const repositories = legacyRepositories;
  let objects = 0;
  let quaysOwn = 0;
  await api("POST", "/organization/", { name: org, email: `${org}@example.com` });
  for (const robot of ["ci", "deploy", "puller", "scanner"]) {
    await api("PUT", `/organization/${org}/robots/${robot}`, { description: `The ${robot} robot` });
  }
  await api("PUT", `/organization/${org}/team/devs`, { role: "creator", description: "Developers" });
  await api("PUT", `/organization/${org}/team/ops`, { role: "admin" });
  await api("PUT", `/organization/${org}/team/readers`, { role: "member" });
  await api("PUT", `/organization/${org}/team/qa`, { role: "member", description: "Quality" });
  for (const [team, member] of [
    ["devs", `${org}+ci`],
    ["devs", `${org}+deploy`],
    ["ops", target.user],
    ["qa", `${org}+scanner`],
  ]) {
    await api("PUT", `/organization/${org}/team/${team}/members/${member}`);
  }
  await api("POST", `/organization/${org}/prototypes`, { role: "read", delegate: { kind: "team", name: "readers" } });
  await api("POST", `/organization/${org}/prototypes`, {
    role: "write",
    delegate: { kind: "user", name: `${org}+ci` },
  });
  await api("POST", `/organization/${org}/prototypes`, {
    role: "admin",
    delegate: { kind: "team", name: "ops" },
    activating_user: { name: target.user },
  });
  // Each repository with its permissions, the repositories side by side: a real Quay answers in seconds.
  await Promise.all(
    repositories.map(async (name, index) => {
      await api("POST", "/repository", {
        namespace: org,
        repository: name,
        visibility: index % 3 === 0 ? "public" : "private",
        description: name === "api" ? "The API" : "",
      });
      await api("PUT", `/repository/${org}/${name}/permissions/team/devs`, { role: index < 8 ? "write" : "read" });
      if (index % 2 === 0)
        await api("PUT", `/repository/${org}/${name}/permissions/user/${org}+deploy`, { role: "read" });
    }),
  );
  await api("PUT", `/repository/${org}/archive/changestate`, { state: "READ_ONLY" });
  for (const [repository, title] of [
    ["api", "API pushes"],
    ["web", "Web pushes"],
    ["docs", "Docs pushes"],
  ]) {
    await api("POST", `/repository/${org}/${repository}/notification/`, {
      event: "repo_push",
      method: "webhook",
      config: { url: `https://hooks.example.com/${repository}` },
      eventConfig: {},
      title,
    });
  }
  await api("POST", `/repository/${org}/api/notification/`, {
    event: "vulnerability_found",
    method: "slack",
    config: { url: "https://hooks.slack.example.com/services/T0/B0/X" },
    eventConfig: { level: 1 },
  });
  for (const [name, upstream, username] of [
    ["mirror/nginx", "docker.io/library/nginx", "reader"],
    ["mirror/redis", "docker.io/library/redis", undefined],
  ] as const) {
    await api("POST", `/repository/${org}/${name}/mirror`, {
      external_reference: upstream,
      sync_interval: 3600,
      sync_start_date: "2026-01-01T00:00:00Z",
      root_rule: { rule_kind: "tag_glob_csv", rule_value: ["latest", "1.*"] },
      robot_username: `${org}+puller`,
      skopeo_timeout_interval: 300,
      ...(username ? { external_registry_username: username, external_registry_password: "upstream-secret" } : {}),
    });
  }
  // Storage and tag rules, and an OAuth application (the quota through the superuser's route, which needs
  // no FEATURE_SUPERUSERS_FULL_ACCESS).
  await api("POST", `/superuser/organization/${org}/quota`, { limit_bytes: 500 * 1024 ** 3 });
  await api("POST", `/organization/${org}/autoprunepolicy/`, { method: "number_of_tags", value: 50 });
  await api("POST", `/repository/${org}/jobs/cron/autoprunepolicy/`, { method: "creation_date", value: "30d" });
  await api("POST", `/organization/${org}/applications`, {
    name: "Portal",
    redirect_uri: "https://portal.example.com",
  });
  // Count what Quay now holds, as the export will see it: the organization, robots, teams, default
  // permissions, quota, prune rules and application, and each repository with its permissions,
  // notifications and mirror.
  objects = 1 + 4 + 4 + 3 + 1 + 2 + 1;
  const counted = await Promise.all(
    repositories.map(async (name) => {
      const path = `/repository/${org}/${name}`;
      const users = (await api("GET", `${path}/permissions/user/`)).body.permissions;
      const teams = (await api("GET", `${path}/permissions/team/`)).body.permissions;
      const notifications = (await api("GET", `${path}/notification/`)).body.notifications;
      const own = Object.entries(users as Record<string, { role: string }>).filter(
        ([user, { role }]) =>
          (user === target.user && role === "admin") ||
          (name.startsWith("mirror/") && user === `${org}+puller` && role === "write"),
      ).length;
      const mirror = name.startsWith("mirror/") ? 1 : 0;
      return {
        objects: 1 + Object.keys(users).length + Object.keys(teams).length + notifications.length + mirror,
        own,
      };
    }),
  );
  for (const count of counted) {
    objects += count.objects;
    quaysOwn += count.own;
  }
  const robotToken = (await api("GET", `/organization/${org}/robots/ci`)).body.token;
  return { objects, quaysOwn, robotToken };
}
