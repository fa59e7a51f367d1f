/** `Robot`: a robot account of an organization or of the authenticated user. Routes: docs/quay-behavior.md §10. */
import { z } from "zod";
import { retrying } from "../quay/backoff";
import { hasQuayMessage, QuayOperationError } from "../quay/errors";
import { commonRoutes } from "../quay/routes";
import { completing } from "./_shared/completing";
import { type CrudContext, defineResource, type ListScope, readsInput } from "./_shared/define";
import { idFormat } from "./_shared/id-format";
import { namespaceName, namespacePart } from "./_shared/names";
import { normalizedPairs, readFederationWhereServed, writeFederation } from "./robot.federation";
import { type RobotGrants, readGrants, refuseWhileOrganizationMirrorPulls, restoreGrants } from "./robot.grants";
import { params, pathsFor, robotRoutes } from "./robot.routes";

const robotReply = z.object({
  name: z.string(),
  description: z.string().nullish(),
  token: z.string().optional(),
});
const robotsReply = z.object({ robots: z.array(robotReply) });

/** A `.dockerconfigjson` for the robot: what a Kubernetes pull secret or `docker login` needs. */
function dockerConfigJson(context: CrudContext, fullName: string, token: string): string {
  const auth = Buffer.from(`${fullName}:${token}`).toString("base64");
  return JSON.stringify({ auths: { [context.registryHost]: { auth } } });
}

const robotId = idFormat("Robot", "{namespace}+{name}", { namespace: namespacePart, name: namespacePart });

/** The robots of an organization, or of the token user when `organization` is undefined; one list per namespace. */
async function listRobots(context: CrudContext, organization: string | undefined) {
  const paths = pathsFor(organization);
  const reply = await context.client.cachedRead(paths.list, robotsReply, {
    params: params(organization),
    query: { token: true },
  });
  return reply?.robots ?? [];
}

/** The `Robot` kind. */
export const robot = defineResource({
  kind: "Robot",
  description:
    "A robot account: a machine identity with its own token, for CI systems and pull secrets. Quay cannot " +
    "change a robot's description, so changing it replaces the robot, which gets a new token and keeps its team " +
    "memberships and repository roles.",
  example:
    'const deployer = new quay.Robot("deployer", { organization: org.name, name: "deployer", description: "CI pushes" });\n' +
    "export const pullSecret = deployer.dockerConfigJson; // secret",
  inputs: z.object({
    organization: namespaceName()
      .optional()
      .meta({
        description:
          "Organization that owns the robot. Leave it unset for a robot of the user whose token the " +
          "connection uses. Changing it replaces the robot.",
        replaceOnChange: true,
        references: "Organization.name",
      }),
    name: namespaceName().meta({
      description:
        "Short name; the robot's full name is `<namespace>+<name>`. Lowercase letters and digits joined by " +
        "single `.`, `_` or `-`. Changing it replaces the robot.",
      replaceOnChange: true,
    }),
    description: z.string().max(255, { error: "must be at most 255 characters long" }).default("").meta({
      description: "What the robot is for. Quay has no update for it: changing it replaces the robot.",
      replaceOnChange: true,
    }),
    tokenRotation: z
      .string()
      .optional()
      .meta({
        description:
          "Any value; change it (to a date, say) to have Quay issue a new token in place. The old token " +
          "stops working at once.",
        writeOnly: true,
      }),
    federation: z
      .array(
        z.object({
          issuer: z
            .string()
            .regex(/^https?:\/\/\S+$/, { error: "must be an http:// or https:// URL" })
            .meta({ description: "The OIDC issuer URL, such as `https://token.actions.githubusercontent.com`." }),
          subject: z.string().min(1, { error: "must not be empty" }).meta({
            description: "The token subject the issuer vouches for, such as `repo:acme/app:ref:refs/heads/main`.",
          }),
        }),
      )
      .transform(normalizedPairs)
      .optional()
      .meta({
        description:
          "Keyless login: the OIDC issuer and subject pairs whose tokens may act as the robot (Quay 3.13 or later; " +
          "3.17.2 for a user's robot). The complete list; pairs not listed are removed. Order does not matter. " +
          "Leave it unset to not manage federation. Updated in place.",
      }),
  }),
  outputs: z.object({
    fullName: z
      .string()
      .meta({ description: "The robot's full name, `<namespace>+<name>`: its username for `docker login`." }),
    token: z.string().meta({ description: "The robot's token: its password for `docker login`.", secret: true }),
    dockerConfigJson: z.string().meta({
      description:
        'A ready `.dockerconfigjson` (`{"auths": {"<quay host>": {"auth": …}}}`) for a Kubernetes pull secret.',
      secret: true,
    }),
  }),
  id: robotId,
  naturalKey: ["organization", "name"],
  routes: robotRoutes,
  sample: { organization: "kinds", name: "builder", description: "CI" },
  requires: "any Quay (`federation`: 3.13+)",
  notes: [
    "Quay has no way to update a robot; a changed description replaces it (deleting the old one first, since " +
      "the name stays the same), and the replacement has a new token.",
    "`token` and `dockerConfigJson` are secret outputs: encrypted in state, masked in previews.",
    "Quay cannot delete a robot while a repository mirror names it, and a deleted repository keeps its mirror " +
      "configuration until Quay's repository garbage collector purges it (it runs every 60 s). A delete waits for " +
      "that, saying so, up to `quay:deleteWaitSeconds` (three minutes) before it fails; running `pulumi destroy` " +
      "again then finishes.",
  ],

  label: (inputs) => `${inputs.organization ?? "(token user)"}+${inputs.name}`,
  // A user robot's prefix is the token user's name, known only by asking Quay.
  derive: (inputs) => ({
    fullName: inputs.organization === undefined ? undefined : `${inputs.organization}+${inputs.name}`,
  }),

  async list(context, scope: ListScope) {
    if ("repository" in scope) return [];
    const organization = "organization" in scope ? scope.organization : undefined;
    return Promise.all(
      (await listRobots(context, organization)).map(async (found) => {
        const name = robotId.parse(found.name).name;
        // Federation is Quay 3.13+: where Quay has none to show, the robot is listed without it.
        const federation = await readFederationWhereServed(context.client, organization, name);
        return {
          id: found.name,
          organization,
          name,
          description: found.description ?? "",
          federation: federation.length > 0 ? federation : undefined,
          fullName: found.name,
          token: found.token ?? "",
          dockerConfigJson: dockerConfigJson(context, found.name, found.token ?? ""),
        };
      }),
    );
  },

  async locate({ client }, inputs) {
    if (inputs.organization !== undefined) return robotId.build({ namespace: inputs.organization, name: inputs.name });
    const user = await client.requestParsed(commonRoutes.getCurrentUser, z.object({ username: z.string() }));
    return robotId.build({ namespace: user.username, name: inputs.name });
  },

  async create(context, inputs) {
    const paths = pathsFor(inputs.organization);
    const created = await context.client.requestParsed(paths.create, robotReply.required({ token: true }), {
      params: params(inputs.organization, inputs.name),
      body: { description: inputs.description },
    });
    if (inputs.federation?.length) {
      const pairs = inputs.federation;
      const outputs = {
        fullName: created.name,
        token: created.token,
        dockerConfigJson: dockerConfigJson(context, created.name, created.token),
      };
      await completing(
        created.name,
        ["federation"],
        () => writeFederation(context.client, inputs.organization, inputs.name, pairs),
        outputs,
      );
    }
    return {
      id: created.name,
      outputs: {
        fullName: created.name,
        token: created.token,
        dockerConfigJson: dockerConfigJson(context, created.name, created.token),
      },
    };
  },

  async read(context, id, state, scope) {
    const { name } = robotId.parse(id);
    const found = (await listRobots(context, state.organization)).find((entry) => entry.name === id);
    if (!found) return undefined;
    // Quay shows the token only to admins; keep the known one when it is left out (§10).
    const token = found.token ?? (state.token as string);
    return {
      organization: state.organization,
      name,
      description: found.description ?? "",
      federation: readsInput(state, "federation", scope)
        ? await readFederationWhereServed(context.client, state.organization, name)
        : undefined,
      fullName: found.name,
      token,
      dockerConfigJson: dockerConfigJson(context, found.name, token),
    };
  },

  async update(context, id, olds, news, changed) {
    if (changed.has("federation") && news.federation !== undefined) {
      await writeFederation(context.client, news.organization, robotId.parse(id).name, news.federation);
    }
    if (!changed.has("tokenRotation")) {
      return { fullName: olds.fullName, token: olds.token, dockerConfigJson: olds.dockerConfigJson };
    }
    const paths = pathsFor(news.organization);
    const regenerated = await context.client.requestParsed(paths.regenerate, robotReply.required({ token: true }), {
      params: params(news.organization, robotId.parse(id).name),
    });
    return {
      fullName: regenerated.name,
      token: regenerated.token,
      dockerConfigJson: dockerConfigJson(context, regenerated.name, regenerated.token),
    };
  },

  carryOver: {
    collect: (context, id, state) => readGrants(context, state.organization, id),
    restore: (context, id, inputs, grants) => restoreGrants(context, inputs.organization, id, grants as RobotGrants),
  },

  async delete(context, id, state) {
    const { name } = robotId.parse(id);
    await refuseWhileOrganizationMirrorPulls(context, state.organization, id);
    const inUse = (error: unknown) => hasQuayMessage(error, "Robot is being used by a mirror");
    try {
      await retrying(
        () =>
          context.client.unlessAbsent(pathsFor(state.organization).remove, {
            params: params(state.organization, name),
          }),
        {
          budgetMs: context.deleteWaitMs,
          baseDelayMs: 100,
          maxDelayMs: 10_000,
          retryable: inUse,
          onWait: (_error, attempt) => {
            if (attempt === 4) {
              context.log(
                `waiting for Quay to free robot ${id}: a repository mirror names it, and Quay drops a deleted ` +
                  "repository's mirror configuration when its repository garbage collector runs (every 60 s)",
              );
            }
          },
        },
      );
    } catch (error) {
      if (!inUse(error)) throw error;
      throw new QuayOperationError(
        "QUAY_REFUSED",
        `Quay still counts ${id} as the robot of a repository mirror. If that repository was just deleted, Quay ` +
          "frees the robot when its repository garbage collector purges it (every 60 s): run `pulumi destroy` (or " +
          "`up`) again in a minute, or raise quay:deleteWaitSeconds. If the repository is not deleted yet, make it " +
          "depend on the robot (`dependsOn: [robot]`) so Pulumi deletes it first, or point the mirror at another robot.",
        { cause: error },
      );
    }
  },
});
