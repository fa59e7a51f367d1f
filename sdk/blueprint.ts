/**
 * `OrganizationBlueprint`: one typed component for a tenant's whole organization (teams, robots,
 * repositories with their permissions, default permissions, quota and prune policies), creating the
 * child resources with least-privilege defaults: teams are plain members, repositories private, and
 * nothing is granted that the blueprint does not list.
 */
import * as pulumi from "@pulumi/pulumi";
import { AutoPrunePolicy } from "./auto-prune-policy";
import { DefaultPermission } from "./default-permission";
import { Organization } from "./organization";
import { Quota } from "./quota";
import { Repository } from "./repository";
import { RepositoryPermission } from "./repository-permission";
import { Robot } from "./robot";
import { Team } from "./team";

/** A role on repositories. */
export type RepositoryRole = "read" | "write" | "admin";

/** A team of the organization. */
export interface BlueprintTeam {
  /** `member` (default: sees what it is granted), `creator` (may create repositories) or `admin`. */
  role?: pulumi.Input<"member" | "creator" | "admin">;
  /** Description. */
  description?: pulumi.Input<string>;
  /** The users in the team, by user name. With `robots`, the complete member list. */
  members?: string[];
    /** The blueprint's robots in the team, by short name (`ci` for the blueprint's robot `ci`). */
  robots?: string[];
  /** A group of Quay's authentication backend the team follows instead of listing members (see `Team.syncGroup`). */
  syncGroup?: pulumi.Input<string>;
}

/** A robot account of the organization. */
export interface BlueprintRobot {
    /** What the robot is for; changing it replaces the robot (Quay cannot update it). */
  description?: string;
  /** The OIDC issuer and subject pairs whose tokens may act as the robot (see `Robot.federation`). */
  federation?: { issuer: string; subject: string }[];
}

/** A rule that prunes tags: exactly one of `keepNewest` and `olderThan`. */
export interface BlueprintPrunePolicy {
  /** Keep only this many of the newest tags. */
  keepNewest?: number;
  /** Delete tags older than this age, such as `30d`. */
  olderThan?: string;
  /** A regular expression the rule is limited to. */
  tagPattern?: string;
  /** With `tagPattern`: `true` (default) prunes matching tags, `false` the others. */
  tagPatternMatches?: boolean;
}

/** A repository and who may use it. */
export interface BlueprintRepository {
  /** `private` (default) or `public`. */
  visibility?: pulumi.Input<"public" | "private">;
  /** Markdown description. */
  description?: pulumi.Input<string>;
  /** `NORMAL`, `READ_ONLY` or `MIRROR` (see `Repository.state`); unset leaves Quay's state alone. */
  state?: pulumi.Input<"NORMAL" | "READ_ONLY" | "MIRROR">;
  /** Roles of the blueprint's teams, by team name. */
  teams?: Record<string, RepositoryRole>;
  /** Roles of the blueprint's robots, by short name. */
  robots?: Record<string, RepositoryRole>;
  /** Roles of users, by user name. */
  users?: Record<string, RepositoryRole>;
  /** Prune rules of this repository, by a name of your choosing. */
  prunePolicies?: Record<string, BlueprintPrunePolicy>;
  /** Whether deleting it may delete its tags (see `Repository.forceDelete`). */
  forceDelete?: boolean;
}

/** A role Quay grants on every new repository: to exactly one of a team, a robot or a user. */
export interface BlueprintDefaultPermission {
  /** The blueprint's team that gets the role. */
  team?: string;
  /** The blueprint's robot (short name) that gets the role. */
  robot?: string;
  /** The user that gets the role. */
  user?: string;
  /** The role: `read` (least privilege), `write` or `admin`. */
  role: RepositoryRole;
  /** Apply only to repositories this user creates. */
  activatingUser?: string;
}

/** The arguments of an {@link OrganizationBlueprint}. */
export interface OrganizationBlueprintArgs {
  /** The organization's name. */
  name: string;
  /** Contact e-mail address. */
  email?: pulumi.Input<string>;
  /** Teams, by name. */
  teams?: Record<string, BlueprintTeam>;
  /** Robot accounts, by short name. */
  robots?: Record<string, BlueprintRobot>;
  /** Repositories, by name (nested names such as `team/app` allowed). */
  repositories?: Record<string, BlueprintRepository>;
  /** Roles Quay grants on new repositories, by a name of your choosing. */
  defaultPermissions?: Record<string, BlueprintDefaultPermission>;
  /** The storage quota (`500 GiB`) and its limits; needs a superuser's token. */
  quota?: { limit: string; limits?: { type: "Warning" | "Reject"; thresholdPercent: number }[] };
  /** Prune rules of the whole organization, by a name of your choosing. */
  prunePolicies?: Record<string, BlueprintPrunePolicy>;
  /** Whether deleting the organization may delete what it holds beyond the blueprint. */
  forceDelete?: boolean;
  /** Configuration namespace of the Quay connection (default `quay`). */
  connection?: string;
}

/** Quay's own team, which every organization has. */
const ownersTeam = "owners";

/** Checks that every name the blueprint refers to is declared in it, naming the field that does not. */
function checkReferences(args: OrganizationBlueprintArgs): void {
  const teams = new Set([ownersTeam, ...Object.keys(args.teams ?? {})]);
  const robots = new Set(Object.keys(args.robots ?? {}));
  const problems: string[] = [];
  for (const [team, spec] of Object.entries(args.teams ?? {})) {
        for (const member of spec.members ?? []) {
      if (member.includes("+") || robots.has(member)) {
        problems.push(`teams.${team}.members: list robots in robots, by short name, not "${member}" in members`);
      }
    }
    for (const robot of spec.robots ?? []) {
      if (!robots.has(robot)) problems.push(`teams.${team}.robots: no robot "${robot}" in the blueprint`);
    }
  }
  for (const [repository, spec] of Object.entries(args.repositories ?? {})) {
    for (const team of Object.keys(spec.teams ?? {})) {
      if (!teams.has(team)) problems.push(`repositories["${repository}"].teams: no team "${team}" in the blueprint`);
    }
    for (const robot of Object.keys(spec.robots ?? {})) {
      if (!robots.has(robot))
        problems.push(`repositories["${repository}"].robots: no robot "${robot}" in the blueprint`);
    }
  }
  for (const [rule, spec] of Object.entries(args.defaultPermissions ?? {})) {
    const given = [spec.team, spec.robot, spec.user].filter((value) => value !== undefined).length;
    if (given !== 1) problems.push(`defaultPermissions.${rule}: set exactly one of team, robot and user`);
    if (spec.team !== undefined && !teams.has(spec.team)) {
      problems.push(`defaultPermissions.${rule}.team: no team "${spec.team}" in the blueprint`);
    }
    if (spec.robot !== undefined && !robots.has(spec.robot)) {
      problems.push(`defaultPermissions.${rule}.robot: no robot "${spec.robot}" in the blueprint`);
    }
  }
  if (problems.length > 0) throw new Error(`OrganizationBlueprint "${args.name}": ${problems.join("; ")}`);
}

/**
 * A tenant's organization in one declaration: the organization, its teams and robots, its repositories with
 * their permissions and prune rules, its default permissions and its quota, created as child resources with
 * least-privilege defaults. The children are properties, so a program can use `blueprint.robots.ci.token`.
 */
export class OrganizationBlueprint extends pulumi.ComponentResource {
  /** The organization. */
  readonly organization: Organization;
  /** The teams, by name. */
  readonly teams: Record<string, Team> = {};
  /** The robots, by short name. */
  readonly robots: Record<string, Robot> = {};
  /** The repositories, by name. */
  readonly repositories: Record<string, Repository> = {};

  constructor(name: string, args: OrganizationBlueprintArgs, opts?: pulumi.ComponentResourceOptions) {
    super("quay:index:OrganizationBlueprint", name, {}, opts);
    checkReferences(args);
    const connection = args.connection;
    const child = { parent: this };
    const org = new Organization(
      name,
      { name: args.name, email: args.email, forceDelete: args.forceDelete, connection },
      child,
    );
    this.organization = org;
    for (const [robot, spec] of Object.entries(args.robots ?? {})) {
      this.robots[robot] = new Robot(
        `${name}-robot-${robot}`,
                { organization: org.name, name: robot, description: spec.description, federation: spec.federation, connection },
        child,
      );
    }

    for (const [team, spec] of Object.entries(args.teams ?? {})) {
      this.teams[team] = new Team(
        `${name}-team-${team}`,
        {
          organization: org.name,
          name: team,
          role: spec.role ?? "member",
          description: spec.description,
          members:
            spec.members === undefined && spec.robots === undefined
              ? undefined
                            : [...(spec.members ?? []), ...(spec.robots ?? []).map((robot) => this.robots[robot].fullName)],
          syncGroup: spec.syncGroup,
          connection,
        },
        child,
      );
    }
    const teamName = (team: string) => this.teams[team]?.name ?? team;
    for (const [repository, spec] of Object.entries(args.repositories ?? {})) {
      const created = new Repository(
        `${name}-repo-${repository}`,
        {
          namespace: org.name,
          name: repository,
          visibility: spec.visibility ?? "private",
          description: spec.description,
          state: spec.state,
          forceDelete: spec.forceDelete,
          connection,
        },
        child,
      );
      this.repositories[repository] = created;
      const grant = (
        subject: string,
        target: { team?: pulumi.Input<string>; user?: pulumi.Input<string> },
        role: RepositoryRole,
      ) =>
        new RepositoryPermission(
          `${name}-repo-${repository}-${subject}`,
          { repository: created.fullName, ...target, role, connection },
          child,
        );
      for (const [team, role] of Object.entries(spec.teams ?? {}))
        grant(`team-${team}`, { team: teamName(team) }, role);
      for (const [robot, role] of Object.entries(spec.robots ?? {})) {
        grant(`robot-${robot}`, { user: this.robots[robot].fullName }, role);
      }
      for (const [user, role] of Object.entries(spec.users ?? {})) grant(`user-${user}`, { user }, role);
      for (const [rule, policy] of Object.entries(spec.prunePolicies ?? {})) {
        new AutoPrunePolicy(
          `${name}-repo-${repository}-prune-${rule}`,
          { repository: created.fullName, ...policy, connection },
          child,
        );
      }
    }
    for (const [rule, spec] of Object.entries(args.defaultPermissions ?? {})) {
      new DefaultPermission(
        `${name}-default-${rule}`,
        {
          organization: org.name,
          role: spec.role,
          delegateTeam: spec.team === undefined ? undefined : teamName(spec.team),
          delegateUser: spec.robot !== undefined ? this.robots[spec.robot].fullName : spec.user,
          activatingUser: spec.activatingUser,
          connection,
        },
        child,
      );
    }
    if (args.quota) new Quota(`${name}-quota`, { organization: org.name, ...args.quota, connection }, child);
    for (const [rule, policy] of Object.entries(args.prunePolicies ?? {})) {
      new AutoPrunePolicy(`${name}-prune-${rule}`, { organization: org.name, ...policy, connection }, child);
    }
    this.registerOutputs({ organization: org.name });
  }
}
