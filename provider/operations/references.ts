/**
 * What a declaration names that its program does not declare: a team member or a permission's user, a
 * permission's team, a repository's namespace, a mirror's robot. The preview asks Quay about each once,
 * with GET requests only, so a name Quay does not have stops the preview instead of the `up` after the
 * merge. An input names another object through its `meta({ references })`; a composite's objects are
 * planned from its shape, and those it declares itself count as declared.
 */
import { findComposite, findKind } from "../catalog";
import type { ConfigSource } from "../quay/config";
import { isAbsent } from "../quay/errors";
import { commonRoutes, type Route } from "../quay/routes";
import { metaOf } from "../resources/_shared/define";
import { unwrap } from "../resources/_shared/references";
import { organizationRoutes } from "../resources/organization";
import { repositoryRoutes } from "../resources/repository";
import { params, pathsFor } from "../resources/robot.routes";
import { contextFor } from "./context";
import { isUnknown, type PropertyBag } from "./values";

/** A name a declaration uses that Quay does not have, and that no declaration of the program makes. */
export interface MissingReference {
  /** The input (or a composite's path) that names it. */
  field: string;
  /** The name, as the program wrote it. */
  value: string;
  /** What it should name: `user`, `robot`, `team of acme`, `organization or user`, `repository`. */
  what: string;
}

/** One object a declaration names: its kind, its natural key's values, and where it is named. */
export interface Reference {
  kind: "Organization" | "User" | "Robot" | "Team" | "Repository";
  parts: string[];
  field: string;
  value: string;
}

/** How many objects one run asks Quay about at most; the rest go unchecked. */
const budget = 100;
let asked = 0;
const answers = new Map<string, Promise<boolean | undefined>>();

/** The objects `inputs` of `kind` name through their references, at `field` paths. */
export function referencesOf(kind: string, inputs: PropertyBag, prefix = ""): Reference[] {
  const definition = findKind(kind);
  const found: Reference[] = [];
  const organizationOf = () =>
    typeof inputs.organization === "string" ? inputs.organization : String(inputs.repository ?? "").split("/")[0];
  for (const [key, schema] of Object.entries(definition.inputs.shape)) {
    const value = inputs[key];
    if (value === undefined || isUnknown(value)) continue;
    const inner = unwrap(schema) as { element?: unknown };
    const reference = metaOf(inner as never).references ?? metaOf(schema).references;
    const each = inner.element ? metaOf(inner.element as never).references : undefined;
    const target = reference ?? each;
    const values = each && Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (typeof item !== "string" || !target) continue;
      const field = `${prefix}${key}`;
      if (target === "Organization.name") found.push({ kind: "Organization", parts: [item], field, value: item });
      else if (target === "Team.name")
        found.push({ kind: "Team", parts: [organizationOf(), item], field, value: item });
      else if (target === "Repository.fullName") {
        const slash = item.indexOf("/");
        found.push({ kind: "Repository", parts: [item.slice(0, slash), item.slice(slash + 1)], field, value: item });
      } else if (target === "Robot.fullName") {
        const plus = item.indexOf("+");
        found.push(
          plus < 0
            ? { kind: "User", parts: [item], field, value: item }
            : { kind: "Robot", parts: [item.slice(0, plus), item.slice(plus + 1)], field, value: item },
        );
      }
    }
  }
  return found;
}

/** Whether Quay has `reference` (undefined when it cannot tell: the token may not see it). */
async function exists(context: ReturnType<typeof contextFor>, reference: Reference): Promise<boolean | undefined> {
  const client = context.client;
  const found = (route: Route, routeParams: Record<string, string>) =>
    client.cachedFind(route, { params: routeParams }).then(
      (reply) => (reply === undefined ? false : reply),
      (error: unknown) => (isAbsent(error) ? false : undefined),
    );
  const namespace = reference.parts[0];
  // Quay answers 403 about what is in a namespace that does not exist: then the namespace tells.
  const namespaceExists = async () =>
    (await found(organizationRoutes.getOrganization, { orgname: namespace })) !== false ||
    (await found(commonRoutes.getUser, { username: namespace })) !== false;
  const inNamespace = async (answer: unknown) =>
    answer === undefined ? ((await namespaceExists()) ? undefined : false) : answer;
  switch (reference.kind) {
    case "User":
      return (await found(commonRoutes.getUser, { username: namespace })) !== false;
    case "Organization":
      return namespaceExists();
    case "Team": {
      const view = (await found(organizationRoutes.getOrganization, { orgname: namespace })) as
        | { teams?: Record<string, unknown> }
        | false
        | undefined;
      // A view without teams is one the token may not administer.
      if (view === false || view === undefined) return view;
      return view.teams ? reference.parts[1] in view.teams : undefined;
    }
    case "Robot": {
      const listed = (await inNamespace(await found(pathsFor(namespace).list, params(namespace)))) as
        | { robots?: { name: string }[] }
        | false
        | undefined;
      if (listed === false || listed === undefined) return listed;
      return listed.robots ? listed.robots.some((robot) => robot.name === reference.value) : undefined;
    }
    case "Repository": {
      const repository = await inNamespace(
        await found(repositoryRoutes.getRepository, { repository: reference.parts.join("/") }),
      );
      return repository === undefined ? undefined : repository !== false;
    }
  }
}

/** What a reference should name, in words. */
function described(reference: Reference): string {
  if (reference.kind === "Team") return `a team of organization ${reference.parts[0]}`;
  if (reference.kind === "Organization") return "an organization (or a user's namespace)";
  return `a ${reference.kind.toLowerCase()}`;
}

/**
 * The names `inputs` of `kind` use that Quay does not have and no declaration makes (`declared` tells, by
 * the key the duplicate check files declarations under, for the Quay `quay` names). GET requests only, each
 * object asked once per run, a hundred at most.
 */
export async function missingReferences(
  kind: string,
  inputs: PropertyBag,
  config: ConfigSource,
  declared: (key: string) => boolean,
  quay: string,
): Promise<MissingReference[]> {
  const context = contextFor(config, inputs);
  const keyOf = (reference: { kind: string; parts: readonly string[] }) =>
    JSON.stringify([reference.kind, quay, ...reference.parts]);
  const composite = findComposite(kind);
  const references: Reference[] = [];
  const ownKeys = new Set<string>();
  if (composite) {
    for (const part of composite.parts) {
      for (const object of part.plan(inputs)) {
        const definition = findKind(part.kind);
        ownKeys.add(
          keyOf({ kind: definition.kind, parts: definition.naturalKey.map((key) => String(object.inputs[key])) }),
        );
        const at = object.path.length > 0 ? `${object.path.join(".")}.` : "";
        // A name that is the key of a map (`repositories.app.users.alice`) is named by that path.
        const named = referencesOf(part.kind, object.inputs, at).map((reference) =>
          object.path.at(-1) === reference.value ? { ...reference, field: object.path.join(".") } : reference,
        );
        references.push(...named);
      }
    }
  } else {
    references.push(...referencesOf(kind, inputs));
  }
  const missing: MissingReference[] = [];
  await Promise.all(
    references.map(async (reference) => {
      const key = keyOf(reference);
      if (ownKeys.has(key) || declared(key)) return;
      // Quay makes an organization's `owners` team with it.
      const organization = { kind: "Organization", parts: reference.parts.slice(0, 1) };
      const ownersOf = reference.kind === "Team" && reference.parts[1] === "owners";
      if (ownersOf && (ownKeys.has(keyOf(organization)) || declared(keyOf(organization)))) return;
      let answer = answers.get(`${context.quayUrl} ${key}`);
      if (!answer) {
        if (asked >= budget) return;
        asked += 1;
        answer = exists(context, reference);
        answers.set(`${context.quayUrl} ${key}`, answer);
      }
      if ((await answer) === false)
        missing.push({ field: reference.field, value: reference.value, what: described(reference) });
    }),
  );
  return missing;
}
