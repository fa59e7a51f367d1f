/** Default permissions, which Quay calls prototypes: `endpoints/api/prototype.py` (docs/quay-behavior.md §7). */
import { randomUUID } from "node:crypto";
import { type Handler, type HandlerFamily, type RequestContext, validatedBody } from "../context";
import { requireAdministeredOrganization } from "../permissions";
import { avatar, type OrganizationRecord, type PrototypeRecord, type Role } from "../records";
import { apiError, messageError } from "../replies";
import type { BodySchema } from "../schema";

const role: BodySchema = { type: "string", enum: ["read", "write", "admin"] };

function userView(context: RequestContext, organization: OrganizationRecord, name: string) {
  const isRobot = context.state.robots.has(name);
  return {
    name,
    is_robot: isRobot,
    kind: "user",
    is_org_member: isRobot || context.state.isMember(organization, name),
    avatar: avatar(name, isRobot ? "robot" : "user"),
  };
}

function prototypeView(context: RequestContext, organization: OrganizationRecord, prototype: PrototypeRecord) {
  const { kind, name } = prototype.delegate;
  return {
    id: prototype.id,
    role: prototype.role,
    activating_user: prototype.activatingUser ? userView(context, organization, prototype.activatingUser) : null,
    // A robot delegate has kind "user" too (§7).
    delegate:
      kind === "team" ? { name, kind: "team", avatar: avatar(name, "team") } : userView(context, organization, name),
  };
}

const listPrototypes: Handler = (context) => {
  const organization = requireAdministeredOrganization(context);
  return {
    status: 200,
    body: { prototypes: organization.prototypes.map((prototype) => prototypeView(context, organization, prototype)) },
  };
};

const createPrototype: Handler = (context) => {
  const organization = requireAdministeredOrganization(context);
  const body = validatedBody(context, {
    type: "object",
    required: ["role", "delegate"],
    properties: {
      role,
      activating_user: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
      delegate: {
        type: "object",
        required: ["name", "kind"],
        properties: { name: { type: "string" }, kind: { type: "string", enum: ["user", "team"] } },
      },
    },
  });
  const delegate = body.delegate as { name: string; kind: "user" | "team" };
  const activating = (body.activating_user as { name: string } | undefined)?.name;
  if (activating !== undefined && !context.state.users.has(activating)) {
    throw apiError(400, "Unknown activating user", context.host);
  }
  if (delegate.kind === "user" && !context.state.users.has(delegate.name) && !context.state.robots.has(delegate.name)) {
    throw apiError(400, "Missing delegate user or team", context.host);
  }
  if (delegate.kind === "team" && !organization.teams.has(delegate.name)) {
    // The exception is built with tuple arguments, and its repr leaks into the message (§7).
    throw messageError(400, `('Team does not exist: %s/%s', '${organization.name}', '${delegate.name}')`);
  }
  // Duplicates are accepted: Quay does not make prototypes unique.
  const prototype: PrototypeRecord = {
    id: randomUUID(),
    role: body.role as Role,
    delegate: { kind: delegate.kind, name: delegate.name },
    activatingUser: activating ?? null,
  };
  organization.prototypes.push(prototype);
  return { status: 200, body: prototypeView(context, organization, prototype) };
};

function findPrototype(context: RequestContext, organization: OrganizationRecord): PrototypeRecord {
  const prototype = organization.prototypes.find((candidate) => candidate.id === context.params.prototypeid);
  if (!prototype) throw apiError(404, "Not Found", context.host);
  return prototype;
}

const updatePrototype: Handler = (context) => {
  const organization = requireAdministeredOrganization(context);
  const prototype = findPrototype(context, organization);
  const body = validatedBody(context, { type: "object", required: ["role"], properties: { role } });
  prototype.role = body.role as Role;
  return { status: 200, body: prototypeView(context, organization, prototype) };
};

const deletePrototype: Handler = (context) => {
  const organization = requireAdministeredOrganization(context);
  const prototype = findPrototype(context, organization);
  organization.prototypes = organization.prototypes.filter((candidate) => candidate !== prototype);
  return { status: 204 };
};

/** Prototype (default permission) routes. */
export const family: HandlerFamily = {
  routes: {
    listPrototypes: "GET /organization/{orgname}/prototypes",
    createPrototype: "POST /organization/{orgname}/prototypes",
    updatePrototype: "PUT /organization/{orgname}/prototypes/{prototypeid}",
    deletePrototype: "DELETE /organization/{orgname}/prototypes/{prototypeid}",
  },
  handlers: { listPrototypes, createPrototype, updatePrototype, deletePrototype },
};
