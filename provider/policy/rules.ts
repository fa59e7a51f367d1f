/**
 * The registry policy: what reviewers of registry changes look for, as rules over Quay objects. One rule
 * set serves the policy pack (`pulumi preview --policy-pack`, `pulumi policy analyze`), which gives it a
 * program's resources, and `pulumi-quay audit`, which gives it what a Quay holds. A rule reads only the
 * fields it judges: at preview, a field whose value is not known yet stops that rule for that resource,
 * and the pack says so instead of guessing.
 */

/** A Quay object as a rule sees it. */
export interface Subject {
  /** Its kind, as the catalog names it (`Repository`, `Team`, ...). */
  kind: string;
  /** Where a person finds it: a resource's name (with a Tenant's path), or an object's id in Quay. */
  where: string;
  /** For an object a Tenant declares, its path in the Tenant's shape (`repositories.api`). */
  path?: string;
  /** Its inputs (in a program) or its state (in Quay). Values may throw when read at preview (unknown). */
  props: Record<string, unknown>;
  /** The URN of the resource it belongs to, in a program; violations are reported against it. */
  urn?: string;
}

/** How a violation is reported: against `subject`, or the whole stack or organization. */
export type Report = (message: string, subject?: Subject) => void;

/** What a rule does when it finds a violation, as Pulumi's policy packs say it. */
export type EnforcementLevel = "advisory" | "mandatory" | "disabled";

/** One rule of the registry policy. */
export interface Rule {
  /** Its name, as `--policy-pack-config` and reports name it. */
  name: string;
  /** What it asks for and why, for the pack's listing and the README. */
  description: string;
  /** Its level unless the pack's configuration sets another. */
  enforcementLevel: EnforcementLevel;
  /** Its options: a JSON schema's `properties`, each with its default. */
  options?: Record<string, { type: string; items?: { type: string }; default: unknown; description: string }>;
  /** Judges one object. */
  check?(subject: Subject, options: Record<string, unknown>, report: Report): void;
  /** Judges the objects together (a stack, or an organization in Quay). */
  checkAll?(subjects: readonly Subject[], options: Record<string, unknown>, report: Report): void;
}

const isRobot = (name: unknown) => typeof name === "string" && name.includes("+");

/** Whether `name` matches one of `patterns` (`*` matches any run of characters). */
function matchesAny(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(name),
  );
}

/** The subjects of `kind`. */
const ofKind = (subjects: readonly Subject[], kind: string) => subjects.filter((subject) => subject.kind === kind);

/** The organization a scoped object (a rule, a quota) belongs to. */
/**
 * Whether `pattern` matches all of `tag`, as Quay's (Python) full match does; a pattern JavaScript cannot
 * read (Python-only syntax) counts as no match, so the rule asks for a rule it can tell covers the tag.
 */
function wholeMatch(pattern: string, tag: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(tag);
  } catch {
    return false;
  }
}

function organizationOf(props: Record<string, unknown>): string | undefined {
  if (typeof props.organization === "string") return props.organization;
  return typeof props.repository === "string" ? props.repository.split("/")[0] : undefined;
}

const repositoryNotPublic: Rule = {
  name: "repository-not-public",
  description:
    "Repositories are private unless allow-listed: a public repository lets anyone pull its images, so making " +
    "one public should be a decision written down, not a default or a typo.",
  enforcementLevel: "mandatory",
  options: {
    allowPublic: {
      type: "array",
      items: { type: "string" },
      default: [],
      description:
        "Repositories that may be public, as `namespace/name`; `*` matches any characters (`acme/public-*`).",
    },
  },
  check(subject, options, report) {
    if (subject.kind !== "Repository" || subject.props.visibility !== "public") return;
    const name = `${subject.props.namespace}/${subject.props.name}`;
    if (matchesAny(name, options.allowPublic as string[])) return;
    report(`repository ${name} is public (visibility "public") and not in allowPublic`, subject);
  },
};

const robotNotAdmin: Rule = {
  name: "robot-not-admin",
  description:
    "Robots never hold `admin`: not on a repository, not by a default permission, not through a team with the " +
    "organization's admin role. A robot's token sits in CI systems; an admin token there can delete repositories " +
    "and change who may push.",
  enforcementLevel: "mandatory",
  check(subject, _options, report) {
    const { kind, props } = subject;
    if (kind === "RepositoryPermission" && props.role === "admin" && isRobot(props.user)) {
      report(`robot ${props.user} has role admin on repository ${props.repository}`, subject);
    } else if (kind === "DefaultPermission" && props.role === "admin" && isRobot(props.delegateUser)) {
      report(`robot ${props.delegateUser} gets role admin on every new repository of ${props.organization}`, subject);
    } else if (kind === "Team" && props.role === "admin" && Array.isArray(props.members)) {
      for (const member of props.members.filter(isRobot)) {
        report(`robot ${member} is a member of team ${props.name}, which administers ${props.organization}`, subject);
      }
    }
  },
  checkAll(subjects, _options, report) {
    const adminTeams = new Set(
      ofKind(subjects, "Team")
        .filter((team) => team.props.role === "admin")
        .map((team) => `${team.props.organization}/${team.props.name}`),
    );
    for (const member of ofKind(subjects, "TeamMember")) {
      const { organization, team, member: name } = member.props;
      if (isRobot(name) && adminTeams.has(`${organization}/${team}`)) {
        report(`robot ${name} is a member of team ${team}, which administers ${organization}`, member);
      }
    }
  },
};

const grantsToTeams: Rule = {
  name: "grants-to-teams",
  description:
    "Grants go to teams or robots, not to individual users: a person's access then follows their team " +
    "membership, and leaving the team removes it everywhere at once.",
  enforcementLevel: "advisory",
  options: {
    allowUsers: {
      type: "array",
      items: { type: "string" },
      default: [],
      description: "Users who may hold grants of their own (service accounts, break-glass admins).",
    },
  },
  check(subject, options, report) {
    const allowed = options.allowUsers as string[];
    const { kind, props } = subject;
    const user =
      kind === "RepositoryPermission" ? props.user : kind === "DefaultPermission" ? props.delegateUser : undefined;
    if (typeof user !== "string" || isRobot(user) || allowed.includes(user)) return;
    const on =
      kind === "RepositoryPermission" ? `repository ${props.repository}` : `new repositories of ${props.organization}`;
    report(`user ${user} holds ${props.role} on ${on} directly; grant it to a team instead`, subject);
  },
};

const mirrorsVerifyTls: Rule = {
  name: "mirrors-verify-tls",
  description:
    "Repository mirrors, organization mirrors and proxy caches verify the upstream registry's TLS certificate " +
    "and reach it over HTTPS: otherwise anyone on the path can serve Quay other images than the upstream's.",
  enforcementLevel: "mandatory",
  check(subject, _options, report) {
    const { kind, props } = subject;
    if ((kind === "RepositoryMirror" || kind === "OrganizationMirror") && props.verifyTls === false) {
      report(`the mirror of ${props.repository ?? props.organization} does not verify TLS (verifyTls false)`, subject);
    }
    if (kind === "OrganizationMirror" && typeof props.registryUrl === "string" && /^http:/i.test(props.registryUrl)) {
      report(`the mirror of ${props.organization} reaches its registry over plain HTTP (registryUrl)`, subject);
    }
    if (kind === "ProxyCache" && props.insecure === true) {
      report(`the proxy cache of ${props.organization} does not verify TLS (insecure true)`, subject);
    }
  },
};

const webhooksUseHttps: Rule = {
  name: "webhooks-use-https",
  description:
    "Notifications reach their endpoints over HTTPS: a webhook or Slack URL often carries its own secret, and " +
    "events name repositories and tags.",
  enforcementLevel: "mandatory",
  check(subject, _options, report) {
    if (subject.kind !== "RepositoryNotification") return;
    const config = subject.props.config as Record<string, unknown> | undefined;
    const url = config?.url;
    // The URL is secret: the report names the field, never the value.
    if (typeof url === "string" && !/^https:/i.test(url)) {
      report(
        `a ${subject.props.method} notification of ${subject.props.repository} is not sent over HTTPS (config.url)`,
        subject,
      );
    }
  },
};

const quotaAndPruneRules: Rule = {
  name: "organization-has-quota-and-prune-rules",
  description:
    "Every organization has a storage quota and at least one prune rule (of its own or of one of its " +
    "repositories): storage does not grow without bound, and old tags go.",
  enforcementLevel: "advisory",
  checkAll(subjects, _options, report) {
    const quotas = new Set(ofKind(subjects, "Quota").map((quota) => organizationOf(quota.props)));
    const pruned = new Set(ofKind(subjects, "AutoPrunePolicy").map((rule) => organizationOf(rule.props)));
    for (const organization of ofKind(subjects, "Organization")) {
      const name = organization.props.name as string;
      const missing = [quotas.has(name) ? "" : "quota", pruned.has(name) ? "" : "prune rule"].filter(Boolean);
      if (missing.length > 0) report(`organization ${name} has no ${missing.join(" and no ")}`, organization);
    }
  },
};

const releaseTagsImmutable: Rule = {
  name: "release-tags-immutable",
  description:
    "Release tags cannot be overwritten: every organization has a tag immutability rule that covers its " +
    "release tags (Quay 3.17 and later; set `quayVersion` for an older Quay and the rule does not apply).",
  enforcementLevel: "advisory",
  options: {
    releaseTag: {
      type: "string",
      default: "v1.2.3",
      description: "A tag that names a release: some immutability rule of the organization must cover it.",
    },
    quayVersion: {
      type: "string",
      default: "",
      description:
        "The Quay's version, when older than 3.17 (which has no tag immutability): the rule then does not apply.",
    },
  },
  checkAll(subjects, options, report) {
    const [major, minor] = String(options.quayVersion).split(".").map(Number);
    if (options.quayVersion && (major < 3 || (major === 3 && minor < 17))) return;
    const tag = options.releaseTag as string;
    // Only an organization's own rules cover all its repositories; Quay matches a pattern against the whole tag.
    const covering = new Set(
      ofKind(subjects, "TagImmutabilityPolicy")
        .filter(({ props }) => typeof props.organization === "string")
        .filter(({ props }) => wholeMatch(String(props.tagPattern), tag) === (props.tagPatternMatches !== false))
        .map(({ props }) => organizationOf(props)),
    );
    for (const organization of ofKind(subjects, "Organization")) {
      const name = organization.props.name as string;
      if (!covering.has(name))
        report(`organization ${name} has no tag immutability rule covering ${tag}`, organization);
    }
  },
};

const noForceDelete: Rule = {
  name: "no-force-delete",
  description:
    "`forceDelete: true` lets a delete take along what the stack does not manage (repositories and their " +
    "images, an organization's contents): set it for the one run that needs it, then remove it.",
  enforcementLevel: "advisory",
  check(subject, _options, report) {
    if (subject.props.forceDelete === true) report(`${subject.kind} has forceDelete: true`, subject);
  },
};

/** Every rule of the registry policy, in the order reports list them. */
export const rules: readonly Rule[] = [
  repositoryNotPublic,
  robotNotAdmin,
  grantsToTeams,
  mirrorsVerifyTls,
  webhooksUseHttps,
  quotaAndPruneRules,
  releaseTagsImmutable,
  noForceDelete,
];

/** The options of `rule`: its defaults, with what `given` sets. */
export function optionsOf(rule: Rule, given: Record<string, unknown> = {}): Record<string, unknown> {
  const defaults = Object.fromEntries(Object.entries(rule.options ?? {}).map(([key, option]) => [key, option.default]));
  return { ...defaults, ...given };
}
