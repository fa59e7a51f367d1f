/**
 * `OrganizationBlueprint`: a tenant's whole organization as one typed component, whose objects (the
 * organization, its teams, robots, repositories with their roles and rules, default permissions, quota and
 * prune rules) are child resources. It declares exactly the objects a {@link Tenant} of the same shape
 * does, from the same table (`pulumi-quay/runtime`'s `blueprintChildren`); the Tenant applies them as one
 * resource instead.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as runtime from "../provider/runtime";
import { AutoPrunePolicy } from "./auto-prune-policy";
import { DefaultPermission } from "./default-permission";
import { Organization } from "./organization";
import { Quota } from "./quota";
import { Repository } from "./repository";
import { RepositoryMirror } from "./repository-mirror";
import { RepositoryNotification } from "./repository-notification";
import { RepositoryPermission } from "./repository-permission";
import { Robot } from "./robot";
import { TagImmutabilityPolicy } from "./tag-immutability-policy";
import { Team } from "./team";
import type { TenantShape } from "./tenant";

/** The arguments of an {@link OrganizationBlueprint}: a {@link Tenant}'s shape, with the organization's name as it is. */
export type OrganizationBlueprintArgs = Omit<TenantShape, "name" | "authoritative" | "connection"> & {
  /** The organization's name. */
  name: string;
  /** Configuration namespace of the Quay connection (default `quay`). */
  connection?: string;
};

/** The classes of the kinds a blueprint's children are. */
const classes: Record<
  string,
  new (
    name: string,
    args: never,
    opts?: pulumi.CustomResourceOptions,
  ) => pulumi.CustomResource
> = {
  Organization,
  Robot,
  Team,
  Repository,
  RepositoryPermission,
  AutoPrunePolicy,
  TagImmutabilityPolicy,
  RepositoryNotification,
  RepositoryMirror,
  DefaultPermission,
  Quota,
} as never;

/**
 * A tenant's organization in one declaration: the organization, its teams and robots, its repositories with
 * their roles, prune and immutability rules, notifications and mirrors, its default permissions and its
 * quota, created as child resources with least-privilege defaults (teams are plain members, repositories
 * private, nothing granted that the blueprint does not list). The children are properties, so a program can
 * use `blueprint.robots.ci.token`. A name the blueprint refers to but does not declare stops the program,
 * naming its path.
 */
export class OrganizationBlueprint extends pulumi.ComponentResource {
  /** The organization. */
  readonly organization!: Organization;
  /** The teams, by name. */
  readonly teams: Record<string, Team> = {};
  /** The robots, by short name. */
  readonly robots: Record<string, Robot> = {};
  /** The repositories, by name. */
  readonly repositories: Record<string, Repository> = {};

  constructor(name: string, args: OrganizationBlueprintArgs, opts?: pulumi.ComponentResourceOptions) {
    super("quay:index:OrganizationBlueprint", name, {}, opts);
    const { blueprintChildren } = require("pulumi-quay/runtime") as typeof runtime;
    const children = new Map<string, pulumi.CustomResource>();
    for (const child of blueprintChildren({ ...args })) {
      const made = new classes[child.kind](
        child.child === "" ? name : `${name}-${child.child}`,
        { ...child.inputs, connection: args.connection } as never,
        { parent: this, dependsOn: child.after.flatMap((after) => children.get(after) ?? []) },
      );
      children.set(child.child, made);
      const [map, key] = child.path;
      if (child.kind === "Organization") this.organization = made as Organization;
      else if (child.kind === "Team") this.teams[key] = made as Team;
      else if (child.kind === "Robot") this.robots[key] = made as Robot;
      else if (child.kind === "Repository" && map === "repositories") this.repositories[key] = made as Repository;
    }
    this.registerOutputs({ organization: this.organization.name });
  }
}
