/**
 * What the registry policy's rules judge, from either side: a program's resources (both modes, a Tenant
 * as the objects its shape declares) or the objects `collect` found in a Quay.
 */
import { findComposite, findKind } from "../catalog";
import type { FoundNamespace } from "../operations/collect";
import type { Subject } from "./rules";

/** The kind a resource type token names: `quay:index:Repository` (native) or `…dynamic/quay:Repository`. */
export function kindOfType(type: string): string | undefined {
  const match = /(?:^|\/)quay:(?:index:)?(\w+)$/.exec(type);
  if (!match) return undefined;
  const kind = match[1];
  try {
    return findComposite(kind) ? kind : findKind(kind).kind;
  } catch {
    return undefined;
  }
}

/**
 * The subjects of one resource: itself, or for a composite (a Tenant) each object its shape declares,
 * found by the same table that applies it. Reading `props` may throw at preview (a value not known yet).
 */
export function resourceSubjects(resource: {
  type: string;
  name: string;
  urn?: string;
  props: Record<string, unknown>;
}): Subject[] {
  const kind = kindOfType(resource.type);
  if (kind === undefined) return [];
  const composite = findComposite(kind);
  if (!composite) return [{ kind, where: `${kind} "${resource.name}"`, props: resource.props, urn: resource.urn }];
  return composite.parts.flatMap((part) =>
    part.plan(resource.props).map((object) => {
      const path = object.path.length > 0 ? object.path.join(".") : undefined;
      const where = `${kind} "${resource.name}"${path ? ` at ${path}` : ""}`;
      return { kind: part.kind, where, ...(path ? { path } : {}), props: object.inputs, urn: resource.urn };
    }),
  );
}

/**
 * The subjects of what Quay holds in a namespace, as `collect` read it. The grants Quay makes itself (the
 * reader's admin role on the repositories it created) are left out: no program declares them.
 */
export function foundSubjects(namespace: FoundNamespace): Subject[] {
  return namespace.objects
    .filter(
      (object) =>
        !(
          object.kind.kind === "RepositoryPermission" &&
          object.state.user === namespace.reader &&
          object.state.role === "admin"
        ),
    )
    .map((object) => ({ kind: object.kind.kind, where: `${object.kind.kind} ${object.id}`, props: object.state }));
}
