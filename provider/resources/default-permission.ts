/**
 * `DefaultPermission`: a role Quay grants on every new repository of an organization. Quay calls it a
 * prototype. Routes: quay-behavior.md §7.
 */
import { z } from "zod";
import { parseReply, type QuayClient } from "../quay/client";
import { routes } from "../quay/routes";
import { defineResource } from "./_shared/define";
import { namespaceName, namespacePattern, userOrRobotName } from "./_shared/names";

const prototypesReply = z.object({
  prototypes: z.array(
    z.object({
      id: z.string(),
      role: z.enum(["read", "write", "admin"]),
      activating_user: z.object({ name: z.string() }).nullish(),
      delegate: z.object({ name: z.string(), kind: z.enum(["user", "team"]) }),
    }),
  ),
});

type Prototype = z.output<typeof prototypesReply>["prototypes"][number];

async function listPrototypes(client: QuayClient, organization: string): Promise<Prototype[] | undefined> {
  const reply = await client.cachedFind(routes.listPrototypes, { params: { orgname: organization } });
  return reply === undefined ? undefined : parseReply(routes.listPrototypes, prototypesReply, reply).prototypes;
}

const defaultPermissionId = {
  format: "<organization>/<prototype id>",
  parse: (id: string) => {
    const [organization, prototypeId, ...rest] = id.split("/");
    if (rest.length > 0 || !namespacePattern.test(organization ?? "") || !prototypeId) {
      throw new Error(`DefaultPermission id "${id}" is not valid: expected <organization>/<prototype id>`);
    }
    return { organization, prototypeId };
  },
};

/** The same rule, by Quay's natural key: delegate and activating user. */
function sameRule(
  prototype: Prototype,
  inputs: { delegateUser?: string; delegateTeam?: string; activatingUser?: string },
) {
  const kind = inputs.delegateTeam !== undefined ? "team" : "user";
  const name = inputs.delegateTeam ?? inputs.delegateUser;
  return (
    prototype.delegate.kind === kind &&
    prototype.delegate.name === name &&
    (prototype.activating_user?.name ?? undefined) === inputs.activatingUser
  );
}

/** The organization's rule with the same delegate and activating user, if any. */
async function findRule(
  client: QuayClient,
  inputs: { organization: string; delegateUser?: string; delegateTeam?: string; activatingUser?: string },
): Promise<Prototype | undefined> {
  return (await listPrototypes(client, inputs.organization))?.find((prototype) => sameRule(prototype, inputs));
}

/** The `DefaultPermission` kind. */
export const defaultPermission = defineResource({
  kind: "DefaultPermission",
  description:
    "A role Quay grants automatically on every repository created in an organization; Quay calls it a " +
    "*prototype*. Set exactly one of `delegateUser` and `delegateTeam`; with `activatingUser`, it applies " +
    "only to repositories that user creates.",
  example:
    'new quay.DefaultPermission("developers-read-new-repos", { organization: org.name, delegateTeam: developers.name, role: "read" });',
  inputs: z.object({
    organization: namespaceName().meta({
      description: "Organization whose new repositories get the role. Changing it replaces the rule.",
      replaceOnChange: true,
    }),
    role: z.enum(["read", "write", "admin"], { error: "must be read, write or admin" }).meta({
      description: "Role granted on each new repository: `read`, `write` or `admin`. Updated in place.",
    }),
    delegateUser: userOrRobotName().optional().meta({
      description: "User or robot (`org+name`) that receives the role. Changing it replaces the rule.",
      replaceOnChange: true,
    }),
    delegateTeam: namespaceName()
      .optional()
      .meta({ description: "Team that receives the role. Changing it replaces the rule.", replaceOnChange: true }),
    activatingUser: namespaceName().optional().meta({
      description:
        "Apply the rule only to repositories this user creates. Unset: every creator. Changing it replaces the rule.",
      replaceOnChange: true,
    }),
  }),
  outputs: z.object({ prototypeId: z.string().meta({ description: "The id Quay gave the rule (a UUID)." }) }),
  id: defaultPermissionId,
  deleteBeforeReplace: true,
  notes: [
    "Default permissions apply only to repositories created after them, and only when a user (not the organization itself) creates the repository.",
    "Quay has no read for one rule and accepts duplicates. Reads share one list of the organization's rules; " +
      "a create whose answer is lost looks for the rule by delegate and activating user before trying again, so it makes no duplicate.",
    "A rule for a specific activating user beats a general one for the same delegate.",
  ],
  routes: [routes.listPrototypes, routes.createPrototype, routes.updatePrototype, routes.deletePrototype],

  validate(inputs) {
    const given = [inputs.delegateUser, inputs.delegateTeam].filter((value) => value !== undefined).length;
    return given === 1
      ? []
      : [{ property: "delegateUser", reason: "set exactly one of delegateUser and delegateTeam" }];
  },

  async locate({ client }, inputs) {
    const existing = await findRule(client, inputs);
    return existing ? `${inputs.organization}/${existing.id}` : undefined;
  },

  async create({ client }, inputs) {
    const params = { orgname: inputs.organization };
    const delegate =
      inputs.delegateTeam !== undefined
        ? { kind: "team", name: inputs.delegateTeam }
        : { kind: "user", name: inputs.delegateUser };
    const reply = await client.request(routes.createPrototype, {
      params,
      body: {
        role: inputs.role,
        delegate,
        ...(inputs.activatingUser === undefined ? {} : { activating_user: { name: inputs.activatingUser } }),
      },
    });
    const { id } = parseReply(routes.createPrototype, z.object({ id: z.string() }), reply);
    return { id: `${inputs.organization}/${id}`, outputs: { prototypeId: id } };
  },

  async read({ client }, id) {
    const { organization, prototypeId } = defaultPermissionId.parse(id);
    const found = (await listPrototypes(client, organization))?.find((prototype) => prototype.id === prototypeId);
    if (!found) return undefined;
    return {
      organization,
      role: found.role,
      delegateUser: found.delegate.kind === "user" ? found.delegate.name : undefined,
      delegateTeam: found.delegate.kind === "team" ? found.delegate.name : undefined,
      activatingUser: found.activating_user?.name ?? undefined,
      prototypeId,
    };
  },

  async update({ client }, id, olds, news) {
    const { organization, prototypeId } = defaultPermissionId.parse(id);
    if (olds.role !== news.role) {
      await client.request(routes.updatePrototype, {
        params: { orgname: organization, prototypeid: prototypeId },
        body: { role: news.role },
      });
    }
    return { prototypeId };
  },

  async delete({ client }, id) {
    const { organization, prototypeId } = defaultPermissionId.parse(id);
    await client.find(routes.deletePrototype, { params: { orgname: organization, prototypeid: prototypeId } });
  },
});
