/**
 * Policies that apply to an organization or to one repository (auto-prune, tag immutability): the two
 * scope inputs, the id `<scope>/<uuid>`, the rule that exactly one scope is set, and the choice between
 * the organization's routes and the repository's.
 */
import { z } from "zod";
import type { QuayClient } from "../../quay/client";
import type { PathParams } from "../../quay/paths";
import type { Route } from "../../quay/routes";
import { idFormat } from "./id-format";
import { namespaceName, namespacePart, repositoryPart } from "./names";

/** The routes of one policy family, for each scope. */
export interface ScopedRoutes {
  list: Route;
  create: Route;
  update: Route;
  remove: Route;
}

/** The `organization` and `repository` inputs; `what` says what the policy does, for their descriptions. */
export function scopeInputs(what: string) {
  return {
    organization: namespaceName()
      .optional()
      .meta({
        description: `Organization whose repositories the policy ${what}. Changing it replaces the policy.`,
        replaceOnChange: true,
        references: "Organization.name",
      }),
    repository: z
      .string()
      .regex(new RegExp(`^(?:${repositoryPart.source})$`), { error: "must be a repository such as acme/app" })
      .optional()
      .meta({
        description: `Repository (\`namespace/name\`) the policy ${what}, instead of a whole organization. Changing it replaces the policy.`,
        replaceOnChange: true,
        references: "Repository.fullName",
      }),
  };
}

/** The failure when not exactly one scope is set. */
export function scopeFailures(inputs: { organization?: string; repository?: string }) {
  return [inputs.organization, inputs.repository].filter((value) => value !== undefined).length === 1
    ? []
    : [{ property: "organization", reason: "set exactly one of organization and repository" }];
}

/** The scope a policy names: the repository, or else the organization. */
export const scopeOf = (inputs: { organization?: string; repository?: string }) =>
  (inputs.repository ?? inputs.organization) as string;

/** The scope inputs of a listed policy. */
export const scopeFields = (scope: string) => (scope.includes("/") ? { repository: scope } : { organization: scope });

/** The id format `<scope>/<uuid>` of a policy kind. */
export function scopedId(kind: string) {
  return idFormat(kind, "{scope}/{uuid}", {
    scope: new RegExp(`${repositoryPart.source}|${namespacePart.source}`),
    uuid: /[0-9a-f-]{36}/,
  });
}

/** The routes and path parameters for a policy of `scope`. */
export function routesFor(
  scope: string,
  routes: { organization: ScopedRoutes; repository: ScopedRoutes },
): ScopedRoutes & { params: PathParams } {
  return scope.includes("/")
    ? { ...routes.repository, params: { repository: scope } }
    : { ...routes.organization, params: { orgname: scope } };
}

/** The calls every scoped policy kind makes, for its routes and its list reply. */
export function scopedPolicies<P extends { uuid: string }>(
  kind: string,
  routes: { organization: ScopedRoutes; repository: ScopedRoutes },
  listReply: z.ZodType<{ policies: P[] }>,
) {
  const id = scopedId(kind);
  const list = async (client: QuayClient, scope: string): Promise<P[] | undefined> => {
    const scoped = routesFor(scope, routes);
    return (await client.cachedRead(scoped.list, listReply, { params: scoped.params }))?.policies;
  };
  return {
    id,
    list,
    /** Creates a policy in `scope`; Quay answers 201 `{uuid}`. */
    async create(client: QuayClient, scope: string, body: unknown): Promise<{ id: string; uuid: string }> {
      const scoped = routesFor(scope, routes);
      const { uuid } = await client.requestParsed(scoped.create, z.object({ uuid: z.string() }), {
        params: scoped.params,
        body,
      });
      return { id: id.build({ scope, uuid }), uuid };
    },
    /** The policy of `policyId`, with its scope, or undefined when it is gone. */
    async find(client: QuayClient, policyId: string): Promise<{ scope: string; found: P } | undefined> {
      const { scope, uuid } = id.parse(policyId);
      const found = (await list(client, scope))?.find((policy) => policy.uuid === uuid);
      return found ? { scope, found } : undefined;
    },
    /** Replaces the policy with `body`; returns its uuid. */
    async update(client: QuayClient, policyId: string, body: unknown): Promise<string> {
      const { scope, uuid } = id.parse(policyId);
      const scoped = routesFor(scope, routes);
      await client.request(scoped.update, { params: { ...scoped.params, policy_uuid: uuid }, body });
      return uuid;
    },
    /** Deletes the policy; already gone counts as deleted. */
    async remove(client: QuayClient, policyId: string): Promise<void> {
      const { scope, uuid } = id.parse(policyId);
      const scoped = routesFor(scope, routes);
      await client.unlessAbsent(scoped.remove, { params: { ...scoped.params, policy_uuid: uuid } });
    },
  };
}
