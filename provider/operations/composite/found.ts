/**
 * A composite from what Quay holds: the shape of an organization's objects (for `pulumi import`, the
 * exporter's tenant and blueprint forms), each object placed by its part, and, for `authoritative`
 * composites, the objects the organization holds that the shape does not declare.
 */
import type { AnyCompositeDefinition, Bag, RecordedObject } from "../../composites/_shared/define";
import { type Path, valueAt, withValueAt } from "../../composites/_shared/paths";
import { heldByQuay, metaOf } from "../../resources/_shared/define";
import type { FoundObject } from "../collect";
import type { Change, Planned } from "./objects";
import { objectKey } from "./objects";

/** An object found in Quay, with the path its part gave it in the shape. */
export interface Placed {
  object: FoundObject;
  path: Path;
}

/**
 * The roles Quay gives by itself among `found`: the admin role of the user who created a repository (taken
 * to be the token's user) and the write role of a repository mirror's robot. No composite declares them.
 */
export function quaysOwnGrants(found: readonly FoundObject[], tokenUser: string): Set<FoundObject> {
  const mirrorRobots = new Map(
    found
      .filter((object) => object.kind.kind === "RepositoryMirror")
      .map((object) => [object.state.repository, object.state.robot]),
  );
  return new Set(
    found.filter(
      ({ kind, state }) =>
        kind.kind === "RepositoryPermission" &&
        state.team === undefined &&
        ((state.user === tokenUser && state.role === "admin") ||
          (state.user === mirrorRobots.get(state.repository) && state.role === "write")),
    ),
  );
}

/**
 * The shape of the organization `name` holding `found`, and where each object went: the objects the parts
 * can place, in the order of the parts (an organization's settings before its repositories, a repository
 * before its roles), the others left out, and the roles Quay gave by itself (`quaysOwnGrants`), which it
 * also returns: no program declares them.
 */
export function shapeOf(
  definition: AnyCompositeDefinition,
  name: string,
  found: readonly FoundObject[],
  tokenUser: string,
): { shape: Bag; placed: Placed[]; quaysOwn: Set<FoundObject> } {
  let shape: Bag = { name };
  const placed: Placed[] = [];
  const own = quaysOwnGrants(found, tokenUser);
  for (const part of definition.parts) {
    for (const object of found.filter((candidate) => candidate.kind.kind === part.kind && !own.has(candidate))) {
      const placement = part.place(object.state, shape);
      if (!placement) continue;
      shape = withValueAt(shape, placement.path, placement.value);
      placed.push({ object, path: placement.path });
    }
  }
  return { shape, placed, quaysOwn: own };
}

/**
 * The state a composite records for an object found in Quay: what its kind lists, without what Quay never
 * returns (the program sets it, and the next `up` sends it), with the Quay it lives in.
 */
export function foundState(object: FoundObject, quayUrl: string): Bag {
  const { kind, state } = object;
  const kept = Object.entries(state).filter(
    ([key, value]) =>
      value !== undefined &&
      value !== heldByQuay &&
      !(key in kind.inputs.shape && metaOf(kind.inputs.shape[key]).writeOnly),
  );
  return { ...Object.fromEntries(kept), quayUrl };
}

/** The record of found objects, as a composite holding them would keep it, with the `after` paths of the plan. */
export function recordFound(
  placed: readonly Placed[],
  planned: readonly Planned[],
  quayUrl: string,
): Map<string, RecordedObject> {
  const afterOf = new Map(planned.map((object) => [object.key, object.after]));
  return new Map(
    placed.map(({ object, path }) => {
      const key = objectKey(object.kind.kind, path);
      return [
        key,
        {
          kind: object.kind.kind,
          id: object.id,
          path,
          after: afterOf.get(key) ?? [],
          state: foundState(object, quayUrl),
        },
      ];
    }),
  );
}

/**
 * The deletions an `authoritative` composite makes: objects of its parts' kinds that the organization holds
 * and `recorded` does not, inside what the shape declares (roles and rules of its own repositories; an
 * undeclared repository goes with its contents). Quay's own grants stay: the creator's role on a repository,
 * a mirror robot's, and those a declared default permission gave.
 */
export function unmanagedChanges(
  definition: AnyCompositeDefinition,
  shape: Bag,
  found: readonly FoundObject[],
  recorded: ReadonlyMap<string, RecordedObject>,
  tokenUser: string,
): Change[] {
  const managed = new Set([...recorded.values()].map((object) => `${object.kind} ${object.id}`));
  const kinds = new Set(definition.parts.map((part) => part.kind));
  const grantedByDefault = new Set(
    Object.values((shape.defaultPermissions ?? {}) as Record<string, Bag>).flatMap((rule) => [
      `team:${String(rule.team)}:${String(rule.role)}`,
      `robot:${String(rule.robot)}:${String(rule.role)}`,
      `user:${String(rule.user)}:${String(rule.role)}`,
    ]),
  );
  const own = quaysOwnGrants(found, tokenUser);
  const changes: Change[] = [];
  for (const object of found) {
    const kind = object.kind.kind;
    if (!kinds.has(kind) || kind === definition.root || own.has(object) || managed.has(`${kind} ${object.id}`))
      continue;
    const part = definition.parts.find((candidate) => candidate.kind === kind)!;
    const placement = part.place(object.state, shape);
    if (!placement) continue;
    const [map, container] = placement.path;
    if (map === "repositories" && placement.path.length > 2 && valueAt(shape, [map, container]) === undefined) continue;
    if (kind === "RepositoryPermission") {
      const [, , subjectMap, subject] = placement.path;
      if (grantedByDefault.has(`${subjectMap.replace(/s$/, "")}:${subject}:${String(object.state.role)}`)) continue;
    }
    changes.push({
      action: "delete",
      key: `${objectKey(kind, placement.path)} (unmanaged)`,
      unmanaged: true,
      recorded: { kind, id: object.id, path: placement.path, after: [], state: object.state },
    });
  }
  return changes;
}
