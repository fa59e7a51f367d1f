/**
 * `DefaultPermission`: a role Quay grants on every new repository of an organization. Quay calls it a
 * prototype. Routes: docs/quay-behavior.md §7.
 */
import { z } from "zod";
import type { QuayClient } from "../quay/client";
import { defineRoutes, notFound } from "../quay/routes";
import { defineResource, type ListScope } from "./_shared/define";
import { idFormat } from "./_shared/id-format";
import { namespaceName, namespacePart, userOrRobotName } from "./_shared/names";

/** The prototype routes; there is no read for one prototype. */
export const prototypeRoutes = defineRoutes({
  /** GET /organization/{orgname}/prototypes — every prototype; there is no GET for one. */
  listPrototypes: { method: "GET", path: "/organization/{orgname}/prototypes", ok: [200], scope: "org:admin" },
  /** POST /organization/{orgname}/prototypes — answers 200 (not 201) with the prototype. */
  createPrototype: { method: "POST", path: "/organization/{orgname}/prototypes", ok: [200], scope: "org:admin" },
  /** PUT /organization/{orgname}/prototypes/{prototypeid} — changes the role only. */
  updatePrototype: {
    method: "PUT",
    path: "/organization/{orgname}/prototypes/{prototypeid}",
    ok: [200],
    scope: "org:admin",
  },
  /** DELETE /organization/{orgname}/prototypes/{prototypeid} — 404 when missing. */
  deletePrototype: {
    method: "DELETE",
    path: "/organization/{orgname}/prototypes/{prototypeid}",
    ok: [204],
    absent: [notFound],
    scope: "org:admin",
  },
});

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

/** One default permission as Quay lists it. */
export type Prototype = z.output<typeof prototypesReply>["prototypes"][number];

/** The default permissions of `organization`, one list for all; undefined when it is gone. */
export async function listPrototypes(client: QuayClient, organization: string): Promise<Prototype[] | undefined> {
  const reply = await client.cachedRead(prototypeRoutes.listPrototypes, prototypesReply, {
    params: { orgname: organization },
  });
  return reply?.prototypes;
}

const defaultPermissionId = idFormat("DefaultPermission", "{organization}/{prototypeId}", {
  organization: namespacePart,
  prototypeId: /[^/]+/,
});

/** The prototype a resource stands for: the one its state last read (see `read`), else its id's. */
function recordedPrototype(id: string, state: Record<string, unknown>): string {
  return typeof state.prototypeId === "string" ? state.prototypeId : defaultPermissionId.parse(id).prototypeId;
}

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

/** A prototype as the kind describes it. */
function describe(organization: string, found: Prototype) {
  return {
    id: defaultPermissionId.build({ organization, prototypeId: found.id }),
    organization,
    role: found.role,
    delegateUser: found.delegate.kind === "user" ? found.delegate.name : undefined,
    delegateTeam: found.delegate.kind === "team" ? found.delegate.name : undefined,
    activatingUser: found.activating_user?.name ?? undefined,
    prototypeId: found.id,
  };
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
      references: "Organization.name",
    }),
    role: z.enum(["read", "write", "admin"], { error: "must be read, write or admin" }).meta({
      description: "Role granted on each new repository: `read`, `write` or `admin`. Updated in place.",
    }),
    delegateUser: userOrRobotName().optional().meta({
      description: "User or robot (`org+name`) that receives the role. Changing it replaces the rule.",
      replaceOnChange: true,
      references: "Robot.fullName",
    }),
    delegateTeam: namespaceName().optional().meta({
      description: "Team that receives the role. Changing it replaces the rule.",
      replaceOnChange: true,
      references: "Team.name",
    }),
    activatingUser: namespaceName().optional().meta({
      description:
        "Apply the rule only to repositories this user creates. Unset: every creator. Changing it replaces the rule.",
      replaceOnChange: true,
    }),
  }),
  outputs: z.object({ prototypeId: z.string().meta({ description: "The id Quay gave the rule (a UUID)." }) }),
  id: defaultPermissionId,
  naturalKey: [],
  routes: prototypeRoutes,
  sample: { organization: "kinds", delegateTeam: "existing", role: "read" },
  notes: [
    "Default permissions apply only to repositories created after them, and only when a user (not the organization itself) creates the repository.",
    "Quay has no read for one rule and accepts duplicates. Reads share one list of the organization's rules; " +
      "a create whose answer is lost looks for the rule by delegate and activating user before trying again, so it makes no duplicate.",
    "A rule for a specific activating user beats a general one for the same delegate.",
  ],

  label: (inputs) =>
    `${inputs.role} for ${inputs.delegateTeam === undefined ? inputs.delegateUser : `team ${inputs.delegateTeam}`} ` +
    `on new repositories of ${inputs.organization}${inputs.activatingUser === undefined ? "" : ` created by ${inputs.activatingUser}`}`,

  validate(inputs) {
    const given = [inputs.delegateUser, inputs.delegateTeam].filter((value) => value !== undefined).length;
    return given === 1
      ? []
      : [{ property: "delegateUser", reason: "set exactly one of delegateUser and delegateTeam" }];
  },

  async list({ client }, scope: ListScope) {
    if (!("organization" in scope)) return [];
    return ((await listPrototypes(client, scope.organization)) ?? []).map((found) =>
      describe(scope.organization, found),
    );
  },

  async locate({ client }, inputs, excluding) {
    const ids = ((await listPrototypes(client, inputs.organization)) ?? [])
      .filter((prototype) => sameRule(prototype, inputs))
      .map((prototype) => defaultPermissionId.build({ organization: inputs.organization, prototypeId: prototype.id }));
    return ids.find((id) => !excluding?.has(id));
  },

  async create({ client }, inputs) {
    const delegate =
      inputs.delegateTeam !== undefined
        ? { kind: "team", name: inputs.delegateTeam }
        : { kind: "user", name: inputs.delegateUser };
    const { id } = await client.requestParsed(prototypeRoutes.createPrototype, z.object({ id: z.string() }), {
      params: { orgname: inputs.organization },
      body: {
        role: inputs.role,
        delegate,
        ...(inputs.activatingUser === undefined ? {} : { activating_user: { name: inputs.activatingUser } }),
      },
    });

    return {
      id: defaultPermissionId.build({ organization: inputs.organization, prototypeId: id }),
      outputs: { prototypeId: id },
    };
  },

  async read({ client }, id, state) {
    const { organization } = defaultPermissionId.parse(id);
    const prototypeId = recordedPrototype(id, state);
    const listed = (await listPrototypes(client, organization)) ?? [];
    // A robot replaced to change its description gets its default permissions back under new ids: the rule
    // of the same delegate, activating user and role is this one.
    const found =
      listed.find((prototype) => prototype.id === prototypeId) ??
      (state.delegateUser?.includes("+")
        ? listed.find((prototype) => sameRule(prototype, state) && prototype.role === state.role)
        : undefined);
    if (!found) return undefined;
    const { id: _id, ...described } = describe(organization, found);
    return described;
  },

  async update({ client }, id, olds, news, changed) {
    const { organization } = defaultPermissionId.parse(id);
    const prototypeId = recordedPrototype(id, olds);
    if (changed.has("role")) {
      await client.request(prototypeRoutes.updatePrototype, {
        params: { orgname: organization, prototypeid: prototypeId },
        body: { role: news.role },
      });
    }
    return { prototypeId };
  },

  async delete({ client }, id, state) {
    const { organization } = defaultPermissionId.parse(id);
    const remove = (prototypeid: string) =>
      client.unlessAbsent(prototypeRoutes.deletePrototype, { params: { orgname: organization, prototypeid } });
    if ((await remove(recordedPrototype(id, state))) || !state.delegateUser?.includes("+")) return;
    // Gone under its id: a robot's rule given back under a new one (see `read`) is this one.
    const moved = (await listPrototypes(client, organization))?.find(
      (prototype) => sameRule(prototype, state) && prototype.role === state.role,
    );
    if (moved) await remove(moved.id);
  },
});
