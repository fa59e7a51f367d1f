/** `Robot`: a robot account of an organization or of the authenticated user. Routes: quay-behavior.md §10. */
import { z } from "zod";
import { parseReply } from "../quay/client";
import type { PathParams } from "../quay/paths";
import { type Route, routes } from "../quay/routes";
import { type CrudContext, defineResource } from "./_shared/define";
import { namespaceName, robotNamePattern } from "./_shared/names";

const robotReply = z.object({
  name: z.string(),
  description: z.string().nullish(),
  token: z.string().optional(),
});

/** Org robots and user robots have the same operations under different paths. */
function robotRoutes(organization: string | undefined): {
  create: Route;
  remove: Route;
  regenerate: Route;
} {
  return organization === undefined
    ? {
        create: routes.createUserRobot,
        remove: routes.deleteUserRobot,
        regenerate: routes.regenerateUserRobotToken,
      }
    : {
        create: routes.createOrganizationRobot,
        remove: routes.deleteOrganizationRobot,
        regenerate: routes.regenerateOrganizationRobotToken,
      };
}

function params(organization: string | undefined, shortname: string): PathParams {
  return organization === undefined
    ? { robot_shortname: shortname }
    : { orgname: organization, robot_shortname: shortname };
}

/** A `.dockerconfigjson` for the robot: what a Kubernetes pull secret or `docker login` needs. */
function dockerConfigJson(context: CrudContext, fullName: string, token: string): string {
  const auth = Buffer.from(`${fullName}:${token}`).toString("base64");
  return JSON.stringify({ auths: { [context.registryHost]: { auth } } });
}

/** How often a delete retries while a mirror still uses the robot (about half a minute in all). */
const mirrorWaitAttempts = 13;

const robotId = {
  format: "<namespace>+<name>",
  parse: (id: string) => {
    const match = robotNamePattern.exec(id);
    if (!match) throw new Error(`Robot id "${id}" is not valid: expected <namespace>+<name>`);
    return { namespace: match[1], name: match[2] };
  },
};

/** The `Robot` kind. */
export const robot = defineResource({
  kind: "Robot",
  description:
    "A robot account: a machine identity with its own token, for CI systems and pull secrets. Quay cannot " +
    "change a robot's description, so changing it replaces the robot, which gets a new token.",
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
  deleteBeforeReplace: true,
  notes: [
    "Quay has no way to update a robot; a changed description replaces it, and the replacement has a new token.",
    "`token` and `dockerConfigJson` are secret outputs: encrypted in state, masked in previews.",
    "Quay cannot delete a robot while a repository mirror uses it, and a mirror configuration goes only with its " +
      "repository; a delete waits about half a minute for that (as in a destroy, which deletes the repository too) before failing.",
  ],
  routes: [
    routes.createOrganizationRobot,
    routes.listOrganizationRobots,
    routes.deleteOrganizationRobot,
    routes.regenerateOrganizationRobotToken,
    routes.createUserRobot,
    routes.listUserRobots,
    routes.deleteUserRobot,
    routes.regenerateUserRobotToken,
  ],

  // A user robot's prefix is the token user's name, known only by asking Quay.
  derive: (inputs) => ({
    fullName: inputs.organization === undefined ? undefined : `${inputs.organization}+${inputs.name}`,
  }),

  async locate({ client }, inputs) {
    if (inputs.organization !== undefined) return `${inputs.organization}+${inputs.name}`;
    const user = parseReply(
      routes.getCurrentUser,
      z.object({ username: z.string() }),
      await client.request(routes.getCurrentUser),
    );
    return `${user.username}+${inputs.name}`;
  },

  async create(context, inputs) {
    const paths = robotRoutes(inputs.organization);
    const reply = await context.client.request(paths.create, {
      params: params(inputs.organization, inputs.name),
      body: { description: inputs.description },
    });
    const created = parseReply(paths.create, robotReply.required({ token: true }), reply);
    return {
      id: created.name,
      outputs: {
        fullName: created.name,
        token: created.token,
        dockerConfigJson: dockerConfigJson(context, created.name, created.token),
      },
    };
  },

  async read(context, id, state) {
    const { name } = robotId.parse(id);
    // One list per namespace, shared by all its robots; it carries the tokens for admins.
    const list = state.organization === undefined ? routes.listUserRobots : routes.listOrganizationRobots;
    const listParams: PathParams = state.organization === undefined ? {} : { orgname: state.organization };
    const reply = await context.client.cachedFind(list, { params: listParams, query: { token: true } });
    const robots = reply === undefined ? [] : parseReply(list, z.object({ robots: z.array(robotReply) }), reply).robots;
    const found = robots.find((robot) => robot.name === id);
    if (!found) return undefined;
    // Quay shows the token only to admins; keep the known one when it is left out (anchors.md §4).
    const token = found.token ?? (state.token as string);
    return {
      organization: state.organization,
      name,
      description: found.description ?? "",
      fullName: found.name,
      token,
      dockerConfigJson: dockerConfigJson(context, found.name, token),
    };
  },

  async update(context, id, olds, news) {
    if (olds.tokenRotation === news.tokenRotation) {
      return { fullName: olds.fullName, token: olds.token, dockerConfigJson: olds.dockerConfigJson };
    }
    const paths = robotRoutes(news.organization);
    const { name } = robotId.parse(id);
    const reply = await context.client.request(paths.regenerate, { params: params(news.organization, name) });
    const regenerated = parseReply(paths.regenerate, robotReply.required({ token: true }), reply);
    return {
      fullName: regenerated.name,
      token: regenerated.token,
      dockerConfigJson: dockerConfigJson(context, regenerated.name, regenerated.token),
    };
  },

  async delete({ client }, id, state) {
    const { name } = robotId.parse(id);
    const remove = () =>
      client.find(robotRoutes(state.organization).remove, { params: params(state.organization, name) });
    // Quay cannot delete a mirror configuration, so a mirror's robot stays in use until its repository
    // is deleted, which a destroy does at the same time. Wait for that a while before giving up (§10).
    for (let attempt = 1; ; attempt += 1) {
      try {
        await remove();
        return;
      } catch (error) {
        const inUse = ((error as { quayMessage?: string }).quayMessage ?? "") === "Robot is being used by a mirror";
        if (!inUse) throw error;
        if (attempt >= mirrorWaitAttempts) {
          throw new Error(
            `${id} is still the robot of a repository mirror; Quay frees it only when that repository is deleted or its mirror uses another robot`,
            { cause: error },
          );
        }
        // The repository usually goes within a few requests: look again soon, then less often.
        await new Promise((resolve) => setTimeout(resolve, Math.min(4000, 50 * 2 ** attempt)));
      }
    }
  },
});
