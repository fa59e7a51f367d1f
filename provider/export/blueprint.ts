/**
 * The blueprint form of an exported organization: one `OrganizationBlueprint` declaring what it can
 * (the organization, teams, robots, repositories with their permissions and prune rules, default
 * permissions, quota), and the expressions by which the rest of the program refers to its children.
 */
import type { FoundNamespace, FoundObject } from "./collect";

/** A blueprint declaration and the objects it covers, each with the expression that names it. */
export interface BlueprintDeclaration {
  /** `new quay.OrganizationBlueprint(...)`, without the variable. */
  text: string;
  /** Covered objects, with the expression of the blueprint's child: `acme.repositories["api"]`. */
  covered: Map<FoundObject, string>;
}

/** An object literal as readable TypeScript: identifier keys bare, others quoted. */
function code(value: unknown, indent = ""): string {
  if (Array.isArray(value)) return `[${value.map((item) => code(item, indent)).join(", ")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return "{}";
    const inner = `${indent}  `;
    const lines = entries.map(([key, item]) => {
      const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
      return `${inner}${name}: ${code(item, inner)},`;
    });
    return `{\n${lines.join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** A name made unique among `taken` by a numeric suffix. */
function unique(taken: Set<string>, base: string): string {
  let name = base;
  for (let suffix = 2; taken.has(name); suffix += 1) name = `${base}-${suffix}`;
  taken.add(name);
  return name;
}

/** A readable key for a prune rule: `keep-50`, `older-than-30d`, with its pattern. */
function pruneKey(state: Record<string, unknown>): string {
  const rule = state.keepNewest !== undefined ? `keep-${state.keepNewest}` : `older-than-${state.olderThan}`;
  const pattern = typeof state.tagPattern === "string" ? `-${state.tagPattern.replace(/[^a-z0-9]+/gi, "-")}` : "";
  return `${rule}${pattern}`.replace(/-+/g, "-").replace(/-$/, "");
}

/** The prune rule's blueprint form: the kind's inputs without the scope. */
const pruneRule = (state: Record<string, unknown>) => ({
  keepNewest: state.keepNewest,
  olderThan: state.olderThan,
  tagPattern: state.tagPattern,
  tagPatternMatches: state.tagPattern === undefined || state.tagPatternMatches !== false ? undefined : false,
});

/** The blueprint of organization `namespace`, declared as `variable`. */
export function blueprintOf(namespace: FoundNamespace, variable: string): BlueprintDeclaration {
  const org = namespace.name;
  const covered = new Map<FoundObject, string>();
  const byKind = (kind: string) => namespace.objects.filter((object) => object.kind.kind === kind);
  const shortRobot = (name: unknown) =>
    typeof name === "string" && name.startsWith(`${org}+`) ? name.slice(org.length + 1) : undefined;
  const shortRepository = (name: unknown) => String(name).slice(org.length + 1);
  const args: Record<string, any> = { name: org };

  const root = byKind("Organization")[0];
  if (root) {
    covered.set(root, `${variable}.organization`);
    args.email = root.state.email;
  }
  for (const robot of byKind("Robot")) {
    const name = String(robot.state.name);
    args.robots ??= {};
    args.robots[name] = { description: robot.state.description || undefined, federation: robot.state.federation };
    covered.set(robot, `${variable}.robots[${JSON.stringify(name)}]`);
  }
  for (const team of byKind("Team")) {
    const name = String(team.state.name);
    const members = (team.state.members as string[] | undefined) ?? [];
    const robots = members.flatMap((member) => shortRobot(member) ?? []);
    const users = members.filter((member) => shortRobot(member) === undefined);
    args.teams ??= {};
    args.teams[name] = {
      role: team.state.role === "member" ? undefined : team.state.role,
      description: team.state.description || undefined,
      members: users.length ? users : undefined,
      robots: robots.length ? robots : undefined,
      syncGroup: team.state.syncGroup,
    };
    covered.set(team, `${variable}.teams[${JSON.stringify(name)}]`);
  }
  const repositories: Record<string, Record<string, any>> = {};
  for (const repository of byKind("Repository")) {
    const name = String(repository.state.name);
    repositories[name] = {
      visibility: repository.state.visibility === "public" ? "public" : undefined,
      description: repository.state.description || undefined,
      state: repository.state.state === "NORMAL" ? undefined : repository.state.state,
    };
    covered.set(repository, `${variable}.repositories[${JSON.stringify(name)}]`);
  }
  for (const permission of byKind("RepositoryPermission")) {
    const target = repositories[shortRepository(permission.state.repository)];
    if (!target) continue;
    const robot = shortRobot(permission.state.user);
    const [field, subject] =
      permission.state.team !== undefined
        ? ["teams", permission.state.team]
        : robot !== undefined
          ? ["robots", robot]
          : ["users", permission.state.user];
    target[field] ??= {};
    target[field][String(subject)] = permission.state.role;
    covered.set(permission, "");
  }
  for (const policy of byKind("AutoPrunePolicy")) {
    const inRepository = typeof policy.state.repository === "string";
    const holder = inRepository ? repositories[shortRepository(policy.state.repository)] : args;
    if (!holder) continue;
    holder.prunePolicies ??= {};
    holder.prunePolicies[unique(new Set(Object.keys(holder.prunePolicies)), pruneKey(policy.state))] = pruneRule(
      policy.state,
    );
    covered.set(policy, "");
  }
  if (Object.keys(repositories).length > 0) args.repositories = repositories;
  const ruleNames = new Set<string>();
  for (const rule of byKind("DefaultPermission")) {
    const robot = shortRobot(rule.state.delegateUser);
    const delegate =
      rule.state.delegateTeam !== undefined
        ? { team: rule.state.delegateTeam }
        : robot !== undefined
          ? { robot }
          : { user: rule.state.delegateUser };
    const activating = rule.state.activatingUser === undefined ? "" : `-for-${rule.state.activatingUser}`;
    const key = unique(ruleNames, `${Object.values(delegate)[0]}-${rule.state.role}${activating}`);
    args.defaultPermissions ??= {};
    args.defaultPermissions[key] = { ...delegate, role: rule.state.role, activatingUser: rule.state.activatingUser };
    covered.set(rule, "");
  }
  const quota = byKind("Quota")[0];
  if (quota) {
    const limits = quota.state.limits as unknown[] | undefined;
    args.quota = { limit: quota.state.limit, limits: limits?.length ? limits : undefined };
    covered.set(quota, "");
  }
  return { text: `new quay.OrganizationBlueprint(${JSON.stringify(org)}, ${code(args)});`, covered };
}
