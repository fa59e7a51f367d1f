/**
 * `Tenant`: an organization and everything it holds, declared and applied as one resource. The shape is
 * `OrganizationBlueprint`'s (and more); `tenant.parts.ts` maps it to the kinds, whose own operations
 * create, update, read and delete each object.
 */
import { z } from "zod";
import { metaOf } from "../resources/_shared/define";
import { idFormat } from "../resources/_shared/id-format";
import { namespaceName, namespacePart, repositoryName } from "../resources/_shared/names";
import { autoPrunePolicy } from "../resources/auto-prune-policy";
import { defaultPermission } from "../resources/default-permission";
import { organization } from "../resources/organization";
import { quota } from "../resources/quota";
import { repository } from "../resources/repository";
import { repositoryMirror } from "../resources/repository-mirror";
import { repositoryNotification } from "../resources/repository-notification";
import { repositoryPermission } from "../resources/repository-permission";
import { robot } from "../resources/robot";
import { tagImmutabilityPolicy } from "../resources/tag-immutability-policy";
import { team } from "../resources/team";
import { defineComposite } from "./_shared/define";
import { tenantParts, validateTenant } from "./tenant.parts";

/** A kind's input schema with the tenant's own description; its secrecy and write-only marks are kept. */
function described<T extends z.ZodType>(schema: T, description: string): T {
  const { secret, writeOnly, quietOnFailure } = metaOf(schema);
  return schema.meta({ description, secret, writeOnly, quietOnFailure }) as T;
}

/** A list of names in any order, recorded sorted and without repeats. */
function nameSet(item: z.ZodType<string>, description: string) {
  return z
    .array(item)
    .transform((names) => [...new Set(names)].sort())
    .optional()
    .meta({ description });
}

const role = repositoryPermission.inputs.shape.role;
const roles = (subject: string, key: z.ZodType<string>) =>
  z
    .record(key, role)
    .optional()
    .meta({ description: `Roles of ${subject} on the repository (\`read\`, \`write\` or \`admin\`), by name.` });

const pruneRule = z
  .object({
    keepNewest: autoPrunePolicy.inputs.shape.keepNewest,
    olderThan: autoPrunePolicy.inputs.shape.olderThan,
    tagPattern: autoPrunePolicy.inputs.shape.tagPattern,
    tagPatternMatches: autoPrunePolicy.inputs.shape.tagPatternMatches,
  })
  .meta({ description: "A rule that prunes tags: exactly one of `keepNewest` and `olderThan`." });

const pruneRules = (where: string) =>
  z
    .record(z.string().min(1), pruneRule)
    .optional()
    .meta({ description: `Prune rules of ${where}, by a name of your choosing (\`keep-100\`).` });

const immutabilityRule = z
  .object({
    tagPattern: tagImmutabilityPolicy.inputs.shape.tagPattern,
    tagPatternMatches: tagImmutabilityPolicy.inputs.shape.tagPatternMatches,
  })
  .meta({ description: "A rule that makes tags immutable: pushes cannot overwrite them, nor deletes remove them." });

const immutabilityRules = (where: string) =>
  z
    .record(z.string().min(1), immutabilityRule)
    .optional()
    .meta({
      description: `Tag immutability rules of ${where}, by a name of your choosing (\`releases\`). Quay 3.17+ with FEATURE_IMMUTABLE_TAGS.`,
    });

const notification = z
  .object({
    event: repositoryNotification.inputs.shape.event,
    method: repositoryNotification.inputs.shape.method,
    config: repositoryNotification.inputs.shape.config,
    eventConfig: repositoryNotification.inputs.shape.eventConfig,
    title: repositoryNotification.inputs.shape.title,
  })
  .meta({
    description:
      "A notification: Quay tells `method` when `event` happens. Quay cannot update one: any change replaces it.",
  });

const mirrorFields = repositoryMirror.inputs.shape;
const mirror = z
  .object({
    externalReference: mirrorFields.externalReference,
    robot: described(
      namespaceName(),
      "The tenant's robot the mirror acts as, by short name (`mirror` for the robot `mirror` in `robots`); Quay gives it write access.",
    ),
    tagPatterns: mirrorFields.tagPatterns,
    syncIntervalSeconds: mirrorFields.syncIntervalSeconds,
    syncStartDate: mirrorFields.syncStartDate,
    enabled: mirrorFields.enabled,
    username: mirrorFields.username,
    password: mirrorFields.password,
    verifyTls: mirrorFields.verifyTls,
    unsignedImages: mirrorFields.unsignedImages,
    httpProxy: mirrorFields.httpProxy,
    httpsProxy: mirrorFields.httpsProxy,
    noProxy: mirrorFields.noProxy,
    skopeoTimeoutSeconds: mirrorFields.skopeoTimeoutSeconds,
    syncTrigger: mirrorFields.syncTrigger,
  })
  .meta({
    description:
      "Mirror an external repository into this one (FEATURE_REPO_MIRROR). Leave the repository's `state` unset: the mirror sets it.",
  });

const teamEntry = z
  .object({
    role: team.inputs.shape.role,
    description: team.inputs.shape.description,
    members: nameSet(
      namespaceName().meta({ references: "Robot.fullName" }),
      "The users in the team, by user name. With `robots`, the complete member list: members not listed are removed. Leave both unset to not manage membership.",
    ),
    robots: nameSet(
      namespaceName(),
      "The tenant's robots in the team, by short name (`ci` for the robot `ci` in `robots`).",
    ),
    syncGroup: team.inputs.shape.syncGroup,
  })
  .meta({ description: "A team of the organization." });

const robotEntry = z
  .object({
    description: robot.inputs.shape.description,
    federation: robot.inputs.shape.federation,
    tokenRotation: robot.inputs.shape.tokenRotation,
  })
  .meta({ description: "A robot account of the organization." });

const repositoryFields = repository.inputs.shape;
const repositoryEntry = z
  .object({
    visibility: repositoryFields.visibility,
    description: repositoryFields.description,
    state: described(
      repositoryFields.state,
      "`NORMAL`, `READ_ONLY` (no pushes) or `MIRROR` (FEATURE_REPO_MIRROR). Leave it unset when the repository has a `mirror`: the mirror sets it. Updated in place.",
    ),
    forceDelete: repositoryFields.forceDelete,
    teams: roles("the tenant's teams", namespaceName()),
    robots: roles("the tenant's robots (short names)", namespaceName()),
    users: roles("users (not robots)", namespaceName().meta({ references: "Robot.fullName" })),
    prunePolicies: pruneRules("this repository"),
    immutabilityPolicies: immutabilityRules("this repository"),
    notifications: z
      .record(z.string().min(1), notification)
      .optional()
      .meta({ description: "Notifications of this repository, by a name of your choosing (`deploy-hook`)." }),
    mirror: mirror.optional(),
  })
  .meta({ description: "A repository and who may use it." });

const defaultPermissionEntry = z
  .object({
    team: namespaceName().optional().meta({ description: "The tenant's team that gets the role." }),
    robot: namespaceName().optional().meta({ description: "The tenant's robot (short name) that gets the role." }),
    user: namespaceName()
      .meta({ references: "Robot.fullName" })
      .optional()
      .meta({ description: "The user that gets the role." }),
    role: defaultPermission.inputs.shape.role,
    activatingUser: defaultPermission.inputs.shape.activatingUser,
  })
  .meta({
    description: "A role Quay grants on every repository created later: to exactly one of a team, a robot or a user.",
  });

const orgFields = organization.inputs.shape;

const tenantId = idFormat("Tenant", "{name}", { name: namespacePart });

const robotCredential = z.object({
  fullName: robot.outputs.shape.fullName,
  token: robot.outputs.shape.token,
  dockerConfigJson: robot.outputs.shape.dockerConfigJson,
});

/** The `Tenant` kind. */
export const tenant = defineComposite({
  kind: "Tenant",
  description:
    "An organization and everything it holds (teams, robots, repositories with their roles, prune and " +
    "immutability rules, notifications and mirrors, default permissions, its quota and prune rules), declared " +
    "and applied as one resource: a registry of hundreds of objects previews, applies and refreshes in seconds. " +
    "The provider creates, updates and deletes each object in dependency order, in parallel, through the same " +
    "operations as the per-object resources. Defaults are least privilege: teams are plain members, repositories " +
    "private, and nothing is granted that the tenant does not list. Objects the tenant did not make are left " +
    "alone unless `authoritative` is set.",
  example:
    'const checkout = new quay.Tenant("checkout", {\n' +
    '  name: "checkout",\n' +
    '  teams: { developers: { role: "creator", members: ["alice"], robots: ["ci"] }, auditors: {} },\n' +
    '  robots: { ci: { description: "Pushes from CI" }, cluster: {} },\n' +
    '  repositories: { api: { teams: { developers: "write", auditors: "read" }, robots: { cluster: "read" } } },\n' +
    '  quota: { limit: "500 GiB", limits: [{ type: "Reject", thresholdPercent: 100 }] },\n' +
    "});\n" +
    "export const pullSecret = checkout.robotCredentials.apply((robots) => robots.cluster.dockerConfigJson);",
  notes: [
    "One resource for the whole organization: the preview names each object and field that changes " +
      "(`repositories.api.teams.developers`, `+ robots.ci`, `- teams.auditors`), secrets by name only.",
    "Changing `name` replaces the tenant: the new organization and everything in it are created first, then the old one is deleted.",
    "A run that fails part-way records what it made; the next `pulumi up` finishes the rest.",
    "Objects the organization holds that the tenant does not declare are left alone, unless `authoritative` " +
      "is true: then the preview lists them as deletions, and `up` deletes them (repositories holding tags " +
      "only with their `forceDelete`).",
    "A robot whose description changes is replaced (Quay cannot update it): it gets a new token and keeps its team memberships and roles.",
    "`pulumi import quay:index:Tenant <name> <organization>` (native mode) takes over an existing organization whole, with no write to Quay.",
  ],
  requires:
    "any Quay; the quota needs a superuser's token, prune rules FEATURE_AUTO_PRUNE, immutability rules Quay 3.17+ and mirrors FEATURE_REPO_MIRROR",
  inputs: z.object({
    name: described(
      orgFields.name,
      "The organization's name. Changing it replaces the tenant, creating the new organization first.",
    ),
    email: orgFields.email,
    tagExpirationSeconds: orgFields.tagExpirationSeconds,
    forceDelete: orgFields.forceDelete,
    teams: z
      .record(namespaceName(), teamEntry)
      .optional()
      .meta({ description: "Teams, by name (not `owners`, which Quay makes and keeps)." }),
    robots: z.record(namespaceName(), robotEntry).optional().meta({ description: "Robot accounts, by short name." }),
    repositories: z
      .record(repositoryName(), repositoryEntry)
      .optional()
      .meta({ description: "Repositories, by name (nested names such as `team/app` allowed)." }),
    defaultPermissions: z
      .record(z.string().min(1), defaultPermissionEntry)
      .optional()
      .meta({ description: "Roles Quay grants on repositories created later, by a name of your choosing." }),
    quota: z.object({ limit: quota.inputs.shape.limit, limits: quota.inputs.shape.limits }).optional().meta({
      description: "The storage quota (`500 GiB`) and its warning and reject limits; needs a superuser's token.",
    }),
    prunePolicies: pruneRules("the whole organization"),
    immutabilityPolicies: immutabilityRules("the whole organization"),
    authoritative: z
      .boolean({ error: "must be true or false" })
      .default(false)
      .meta({
        description:
          "Whether the tenant is the whole truth about the organization: teams, robots, repositories, their roles, " +
          "default permissions, prune and immutability rules and notifications it does not declare are deleted " +
          "(Quay's own `owners` team, the creator's role and a mirror robot's role are kept). The preview lists each " +
          "one first. Default false: what the tenant did not make is left alone.",
      }),
  }),
  outputs: z.object({
    robotCredentials: z.record(z.string(), robotCredential).meta({
      description:
        "Each robot's full name (`<organization>+<name>`), token and ready `.dockerconfigjson`, by short name. Secret.",
      secret: true,
    }),
    objects: z.record(z.string(), z.unknown()).meta({
      description:
        "What the tenant made in Quay, for its own bookkeeping: each object's kind, id and recorded state. Secret, " +
        "as it holds robot tokens and mirror passwords.",
      secret: true,
    }),
  }),
  id: tenantId,
  naturalKey: ["name"],
  root: "Organization",
  parts: tenantParts,
  settings: ["authoritative"],
  label: (inputs) => String(inputs.name),
  validate: (inputs) => validateTenant(inputs as never),
  summarize(objects) {
    const robotCredentials: Record<string, z.output<typeof robotCredential>> = {};
    for (const object of objects) {
      if (object.kind !== "Robot") continue;
      const { fullName, token, dockerConfigJson } = object.state as Record<string, string>;
      robotCredentials[object.path[1]] = { fullName, token, dockerConfigJson };
    }
    return { robotCredentials };
  },
});
