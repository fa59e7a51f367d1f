/**
 * The table of a tenant's parts: for each kind, which objects the shape declares (and what each needs
 * first), and where an object of that kind found in Quay goes back in the shape. The `Tenant` resource,
 * the `OrganizationBlueprint` component and the exporter all read this one table.
 */
import { unknownValue } from "../resources/_shared/define";
import type { Bag, Part, Placement } from "./_shared/define";
import { entriesOf, type Path, pathText, valueAt } from "./_shared/paths";

/** Quay's own team, which every organization has and no tenant declares. */
const ownersTeam = "owners";

/** Joins name parts; a part unknown at preview makes the whole unknown. */
function joined(...parts: unknown[]): string {
  return parts.some((part) => typeof part !== "string" || part.includes(unknownValue)) ? unknownValue : parts.join("");
}

const nameOf = (shape: Bag) => shape.name;
const robotFullName = (shape: Bag, robot: string) => joined(nameOf(shape), "+", robot);
const repositoryFullName = (shape: Bag, name: string) => joined(nameOf(shape), "/", name);
const declared = (shape: Bag, map: string, key: string) => valueAt(shape, [map, key]) !== undefined;

/** The short name of a robot of the tenant's organization, or undefined for anything else. */
function shortRobot(shape: Bag, name: unknown): string | undefined {
  const prefix = `${String(nameOf(shape))}+`;
  return typeof name === "string" && name.startsWith(prefix) ? name.slice(prefix.length) : undefined;
}

/** The repository's name below the tenant's organization, or undefined for another namespace's. */
function shortRepository(shape: Bag, fullName: unknown): string | undefined {
  const prefix = `${String(nameOf(shape))}/`;
  return typeof fullName === "string" && fullName.startsWith(prefix) ? fullName.slice(prefix.length) : undefined;
}

/** A map key for an object Quay names by no key of the shape, unique among `taken`. */
function freshKey(taken: unknown, base: string): string {
  const clean =
    base
      .replace(/[^a-z0-9]+/gi, "-")
      .replace(/^-+|-+$/g, "")
      .toLowerCase() || "rule";
  let key = clean;
  for (let suffix = 2; taken && typeof taken === "object" && key in taken; suffix += 1) key = `${clean}-${suffix}`;
  return key;
}

/** `value` without its undefined members, for shape values built from what Quay holds. */
function defined(value: Bag): Bag {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}

const root: Path = [];

/** The organization itself, at the root of the shape. */
const organizationPart: Part = {
  kind: "Organization",
  plan: (shape) => [
    {
      path: root,
      inputs: {
        name: shape.name,
        email: shape.email,
        tagExpirationSeconds: shape.tagExpirationSeconds,
        forceDelete: shape.forceDelete,
      },
      after: [],
      child: "",
    },
  ],
  place: (state, shape) =>
    state.name === nameOf(shape)
      ? {
          path: root,
          value: defined({
            email: state.email,
            tagExpirationSeconds: state.tagExpirationSeconds,
            forceDelete: state.forceDelete,
          }),
        }
      : undefined,
  fields: { name: ["name"] },
};

const robotPart: Part = {
  kind: "Robot",
  plan: (shape) =>
    entriesOf(shape.robots).map(([name, spec]) => ({
      path: ["robots", name],
      inputs: {
        organization: nameOf(shape),
        name,
        description: spec.description,
        federation: spec.federation,
        tokenRotation: spec.tokenRotation,
      },
      after: [root],
      child: `robot-${name}`,
    })),
  place: (state, shape) =>
    state.organization === nameOf(shape)
      ? {
          path: ["robots", String(state.name)],
          value: defined({
            description: state.description || undefined,
            federation: state.federation,
            tokenRotation: state.tokenRotation,
          }),
        }
      : undefined,
  fields: { organization: null, name: null },
};

const teamPart: Part = {
  kind: "Team",
  plan: (shape) =>
    entriesOf(shape.teams).map(([name, spec]) => {
      const robots = Array.isArray(spec.robots) ? (spec.robots as string[]) : [];
      const users = Array.isArray(spec.members) ? (spec.members as string[]) : [];
      const managed = spec.members !== undefined || spec.robots !== undefined;
      return {
        path: ["teams", name],
        inputs: {
          organization: nameOf(shape),
          name,
          role: spec.role,
          description: spec.description,
          members: managed ? [...users, ...robots.map((robot) => robotFullName(shape, robot))] : undefined,
          syncGroup: spec.syncGroup,
        },
        after: [root, ...robots.filter((robot) => declared(shape, "robots", robot)).map((robot) => ["robots", robot])],
        child: `team-${name}`,
      };
    }),
  place: (state, shape) => {
    if (state.organization !== nameOf(shape)) return undefined;
    const members = state.members as string[] | undefined;
    const robots = members?.flatMap((member) => shortRobot(shape, member) ?? []);
    return {
      path: ["teams", String(state.name)],
      value: defined({
        role: state.role,
        description: state.description,
        members: members?.filter((member) => shortRobot(shape, member) === undefined),
        robots: robots?.length ? robots : undefined,
        syncGroup: state.syncGroup,
      }),
    };
  },
  fields: { organization: null, name: null },
};

const repositoryPart: Part = {
  kind: "Repository",
  plan: (shape) =>
    entriesOf(shape.repositories).map(([name, spec]) => ({
      path: ["repositories", name],
      inputs: {
        namespace: nameOf(shape),
        name,
        visibility: spec.visibility,
        description: spec.description,
        state: spec.state,
        forceDelete: spec.forceDelete,
      },
      after: [root],
      child: `repo-${name}`,
    })),
  place: (state, shape) =>
    state.namespace === nameOf(shape)
      ? {
          path: ["repositories", String(state.name)],
          value: defined({
            visibility: state.visibility,
            description: state.description,
            state: state.state,
            forceDelete: state.forceDelete,
          }),
        }
      : undefined,
  fields: { namespace: null, name: null },
};

/** Where a permission's subject sits under its repository: the tenant's teams, robots, or users. */
const grantees = [
  { map: "teams", child: "team", target: (name: string) => ({ team: name }) },
  { map: "robots", child: "robot", target: (name: string, shape: Bag) => ({ user: robotFullName(shape, name) }) },
  { map: "users", child: "user", target: (name: string) => ({ user: name }) },
] as const;

const permissionPart: Part = {
  kind: "RepositoryPermission",
  plan: (shape) =>
    entriesOf(shape.repositories).flatMap(([repository, spec]) =>
      grantees.flatMap(({ map, child, target }) =>
        entriesOf<string>(spec[map]).map(([subject, role]) => ({
          path: ["repositories", repository, map, subject],
          inputs: { repository: repositoryFullName(shape, repository), ...target(subject, shape), role },
          after: [
            ["repositories", repository],
            ...(map !== "users" && declared(shape, map, subject) ? [[map, subject]] : []),
          ],
          child: `repo-${repository}-${child}-${subject}`,
        })),
      ),
    ),
  place: (state, shape) => {
    const repository = shortRepository(shape, state.repository);
    if (repository === undefined) return undefined;
    const robot = shortRobot(shape, state.user);
    const [map, subject] =
      state.team !== undefined
        ? ["teams", state.team]
        : robot !== undefined
          ? ["robots", robot]
          : ["users", state.user];
    return { path: ["repositories", repository, map, String(subject)], value: state.role };
  },
  fields: { repository: null, team: null, user: null, role: null },
};

/** A prune or immutability rule's inputs, by its scope: the organization or one repository. */
function scopedRules(
  map: "prunePolicies" | "immutabilityPolicies",
  child: string,
  fieldsOf: (spec: Bag) => Bag,
): Pick<Part, "plan"> {
  return {
    plan: (shape) => [
      ...entriesOf(shape[map]).map(([key, spec]) => ({
        path: [map, key],
        inputs: { organization: nameOf(shape), ...fieldsOf(spec) },
        after: [root],
        child: `${child}-${key}`,
      })),
      ...entriesOf(shape.repositories).flatMap(([repository, repositorySpec]) =>
        entriesOf(repositorySpec[map]).map(([key, spec]) => ({
          path: ["repositories", repository, map, key],
          inputs: { repository: repositoryFullName(shape, repository), ...fieldsOf(spec) },
          after: [["repositories", repository]],
          child: `repo-${repository}-${child}-${key}`,
        })),
      ),
    ],
  };
}

/** Where a prune or immutability rule found in Quay goes: under its repository, or the organization. */
function placeRule(
  map: "prunePolicies" | "immutabilityPolicies",
  state: Bag,
  shape: Bag,
  key: string,
  value: Bag,
): Placement | undefined {
  if (typeof state.repository === "string") {
    const repository = shortRepository(shape, state.repository);
    if (repository === undefined) return undefined;
    const taken = valueAt(shape, ["repositories", repository, map]);
    return { path: ["repositories", repository, map, freshKey(taken, key)], value };
  }
  if (state.organization !== nameOf(shape)) return undefined;
  return { path: [map, freshKey(shape[map], key)], value };
}

const pruneFields = (spec: Bag) => ({
  keepNewest: spec.keepNewest,
  olderThan: spec.olderThan,
  tagPattern: spec.tagPattern,
  tagPatternMatches: spec.tagPatternMatches,
});

const prunePart: Part = {
  kind: "AutoPrunePolicy",
  ...scopedRules("prunePolicies", "prune", pruneFields),
  place: (state, shape) => {
    const rule = state.keepNewest !== undefined ? `keep-${state.keepNewest}` : `older-than-${state.olderThan}`;
    const pattern = typeof state.tagPattern === "string" ? `-${state.tagPattern}` : "";
    const value = defined({
      ...pruneFields(state),
      tagPatternMatches: state.tagPattern === undefined || state.tagPatternMatches !== false ? undefined : false,
    });
    return placeRule("prunePolicies", state, shape, `${rule}${pattern}`, value);
  },
  fields: { organization: null, repository: null },
};

const immutabilityFields = (spec: Bag) => ({ tagPattern: spec.tagPattern, tagPatternMatches: spec.tagPatternMatches });

const immutabilityPart: Part = {
  kind: "TagImmutabilityPolicy",
  ...scopedRules("immutabilityPolicies", "immutable", immutabilityFields),
  place: (state, shape) =>
    placeRule(
      "immutabilityPolicies",
      state,
      shape,
      String(state.tagPattern),
      defined({
        tagPattern: state.tagPattern,
        tagPatternMatches: state.tagPatternMatches === false ? false : undefined,
      }),
    ),
  fields: { organization: null, repository: null },
};

const notificationPart: Part = {
  kind: "RepositoryNotification",
  plan: (shape) =>
    entriesOf(shape.repositories).flatMap(([repository, spec]) =>
      entriesOf(spec.notifications).map(([key, notification]) => ({
        path: ["repositories", repository, "notifications", key],
        inputs: {
          repository: repositoryFullName(shape, repository),
          event: notification.event,
          method: notification.method,
          config: notification.config,
          eventConfig: notification.eventConfig,
          title: notification.title,
        },
        after: [["repositories", repository]],
        child: `repo-${repository}-notify-${key}`,
      })),
    ),
  place: (state, shape) => {
    const repository = shortRepository(shape, state.repository);
    if (repository === undefined) return undefined;
    const taken = valueAt(shape, ["repositories", repository, "notifications"]);
    const key = freshKey(taken, typeof state.title === "string" ? state.title : `${state.event}-${state.method}`);
    const { event, method, config, eventConfig, title } = state;
    return {
      path: ["repositories", repository, "notifications", key],
      value: defined({ event, method, config, eventConfig, title }),
    };
  },
  fields: { repository: null },
};

/** A mirror's own inputs, the same in the shape and in the kind but for the robot and the repository. */
const mirrorSettings = [
  "externalReference",
  "tagPatterns",
  "syncIntervalSeconds",
  "syncStartDate",
  "enabled",
  "username",
  "password",
  "verifyTls",
  "unsignedImages",
  "httpProxy",
  "httpsProxy",
  "noProxy",
  "skopeoTimeoutSeconds",
  "syncTrigger",
] as const;

const mirrorPart: Part = {
  kind: "RepositoryMirror",
  plan: (shape) =>
    entriesOf(shape.repositories).flatMap(([repository, spec]) => {
      const mirror = spec.mirror as Bag | undefined;
      if (!mirror || typeof mirror !== "object") return [];
      const robot = String(mirror.robot);
      return [
        {
          path: ["repositories", repository, "mirror"],
          inputs: {
            repository: repositoryFullName(shape, repository),
            robot: robotFullName(shape, robot),
            ...Object.fromEntries(mirrorSettings.map((key) => [key, mirror[key]])),
          },
          after: [["repositories", repository], ...(declared(shape, "robots", robot) ? [["robots", robot]] : [])],
          child: `repo-${repository}-mirror`,
        },
      ];
    }),
  place: (state, shape) => {
    const repository = shortRepository(shape, state.repository);
    const robot = shortRobot(shape, state.robot);
    if (repository === undefined || robot === undefined) return undefined;
    return {
      path: ["repositories", repository, "mirror"],
      value: defined({ robot, ...Object.fromEntries(mirrorSettings.map((key) => [key, state[key]])) }),
    };
  },
  fields: { repository: null },
};

const defaultPermissionPart: Part = {
  kind: "DefaultPermission",
  plan: (shape) =>
    entriesOf(shape.defaultPermissions).map(([key, spec]) => {
      const team = spec.team as string | undefined;
      const robot = spec.robot as string | undefined;
      return {
        path: ["defaultPermissions", key],
        inputs: {
          organization: nameOf(shape),
          role: spec.role,
          delegateTeam: team,
          delegateUser: robot !== undefined ? robotFullName(shape, robot) : spec.user,
          activatingUser: spec.activatingUser,
        },
        // After the repositories too: the tenant's own repositories get only the roles it lists.
        after: [
          root,
          ...(team !== undefined && declared(shape, "teams", team) ? [["teams", team]] : []),
          ...(robot !== undefined && declared(shape, "robots", robot) ? [["robots", robot]] : []),
          ...entriesOf(shape.repositories).map(([repository]) => ["repositories", repository]),
        ],
        child: `default-${key}`,
      };
    }),
  place: (state, shape) => {
    if (state.organization !== nameOf(shape)) return undefined;
    const robot = shortRobot(shape, state.delegateUser);
    const delegate =
      state.delegateTeam !== undefined
        ? { team: state.delegateTeam }
        : robot !== undefined
          ? { robot }
          : { user: state.delegateUser };
    const activating = state.activatingUser === undefined ? "" : `-for-${state.activatingUser}`;
    const key = freshKey(shape.defaultPermissions, `${Object.values(delegate)[0]}-${state.role}${activating}`);
    return {
      path: ["defaultPermissions", key],
      value: defined({ ...delegate, role: state.role, activatingUser: state.activatingUser }),
    };
  },
  fields: { organization: null, delegateTeam: ["team"], delegateUser: ["user"] },
};

const quotaPart: Part = {
  kind: "Quota",
  plan: (shape) => {
    const quota = shape.quota as Bag | undefined;
    if (!quota || typeof quota !== "object") return [];
    return [
      {
        path: ["quota"],
        inputs: { organization: nameOf(shape), limit: quota.limit, limits: quota.limits },
        after: [root],
        child: "quota",
      },
    ];
  },
  place: (state, shape) =>
    state.organization === nameOf(shape)
      ? {
          path: ["quota"],
          value: defined({
            limit: state.limit,
            limits: (state.limits as unknown[] | undefined)?.length ? state.limits : undefined,
          }),
        }
      : undefined,
  fields: { organization: null },
};

/** Every part of a tenant. */
export const tenantParts: readonly Part[] = [
  organizationPart,
  robotPart,
  teamPart,
  repositoryPart,
  permissionPart,
  prunePart,
  immutabilityPart,
  notificationPart,
  mirrorPart,
  defaultPermissionPart,
  quotaPart,
];

/**
 * The names the shape refers to that it does not declare, each naming its path: a team's robot, a role of a
 * team or robot, a mirror's robot, a default permission's delegate. Values unknown at preview are skipped.
 */
export function validateTenant(shape: Bag): { property: string; reason: string }[] {
  const problems: { property: string; reason: string }[] = [];
  const at = (...path: string[]) => pathText(path);
  const known = (value: unknown) => typeof value === "string" && value !== unknownValue;
  const needs = (property: string, map: "teams" | "robots", name: unknown, what: string) => {
    if (name === undefined || name === unknownValue) return;
    if (typeof name !== "string") {
      problems.push({ property, reason: `must be a ${what}'s name as a plain string` });
    } else if (!(map === "teams" && name === ownersTeam) && !declared(shape, map, name)) {
      problems.push({ property, reason: `names the ${what} "${name}", which is not declared in ${map}` });
    }
  };
  if (declared(shape, "teams", ownersTeam)) {
    problems.push({
      property: at("teams", ownersTeam),
      reason: "is Quay's own team: every organization has it, and no tenant declares it",
    });
  }
  for (const [team, spec] of entriesOf(shape.teams)) {
    for (const member of Array.isArray(spec.members) ? spec.members : []) {
      if (known(member) && (String(member).includes("+") || declared(shape, "robots", String(member)))) {
        problems.push({
          property: at("teams", team, "members"),
          reason: `lists users only: name the robot "${String(member)}" in robots, by short name`,
        });
      }
    }
    for (const robot of Array.isArray(spec.robots) ? spec.robots : []) {
      needs(at("teams", team, "robots"), "robots", robot, "robot");
    }
    if (spec.syncGroup && (spec.members !== undefined || spec.robots !== undefined)) {
      problems.push({
        property: at("teams", team, "members"),
        reason: "cannot be set with syncGroup: a synced team's members come from the group",
      });
    }
  }
  for (const [repository, spec] of entriesOf(shape.repositories)) {
    for (const [team] of entriesOf(spec.teams))
      needs(at("repositories", repository, "teams", team), "teams", team, "team");
    for (const [robot] of entriesOf(spec.robots)) {
      needs(at("repositories", repository, "robots", robot), "robots", robot, "robot");
    }
    for (const [user] of entriesOf(spec.users)) {
      if (user.includes("+")) {
        problems.push({
          property: at("repositories", repository, "users", user),
          reason: "lists users only: grant robots in robots, by short name",
        });
      }
    }
    const mirror = spec.mirror as Bag | undefined;
    if (mirror && typeof mirror === "object") {
      needs(at("repositories", repository, "mirror", "robot"), "robots", mirror.robot, "robot");
      if (spec.state !== undefined && spec.state !== "MIRROR" && spec.state !== unknownValue) {
        problems.push({
          property: at("repositories", repository, "state"),
          reason: "must be unset (or MIRROR) for a repository with a mirror: the mirror sets it",
        });
      }
    }
  }
  for (const [rule, spec] of entriesOf(shape.defaultPermissions)) {
    const given = [spec.team, spec.robot, spec.user].filter((value) => value !== undefined).length;
    if (given !== 1) {
      problems.push({
        property: at("defaultPermissions", rule),
        reason: "must set exactly one of team, robot and user",
      });
    }
    needs(at("defaultPermissions", rule, "team"), "teams", spec.team, "team");
    needs(at("defaultPermissions", rule, "robot"), "robots", spec.robot, "robot");
  }
  return problems;
}
