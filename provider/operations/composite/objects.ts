/**
 * A composite's objects two ways: those its shape declares (planned, each checked as its kind checks it)
 * and those its state records (made by an earlier run), matched by a key of kind and path, and what
 * changes between the two, decided object by object by the kinds' own diff.
 */
import { findKind } from "../../catalog";
import type { AnyCompositeDefinition, Bag, PlannedObject, RecordedObject } from "../../composites/_shared/define";
import { type Path, pathText } from "../../composites/_shared/paths";
import type { ConfigSource } from "../../quay/config";
import { referencedKinds } from "../../resources/_shared/references";
import { type CheckFailure, check } from "../check";
import { diff } from "../diff";
import type { PropertyBag } from "../values";
import { changedInputs, withoutUndefined } from "../values";

/** The key of an object in a composite: its kind and path, `Team teams.developers` (the root: its kind). */
export function objectKey(kind: string, path: Path): string {
  return path.length === 0 ? kind : `${kind} ${pathText(path)}`;
}

/** A declared object with its key, its inputs as its kind checked them, and what that check found wrong. */
export interface Planned extends PlannedObject {
  key: string;
  checked: PropertyBag;
  failures: CheckFailure[];
}

/**
 * The objects `shape` declares, in the order of the composite's parts, each checked by its kind (the
 * connection's settings are the composite's, checked once by its own check).
 */
export async function plannedObjects(definition: AnyCompositeDefinition, shape: Bag): Promise<Planned[]> {
  const planned: Planned[] = [];
  for (const part of definition.parts) {
    for (const object of part.plan(shape)) {
      const inputs = withoutUndefined({ ...object.inputs, connection: shape.connection });
      const result = await check(part.kind, inputs);
      planned.push({
        kind: part.kind,
        ...object,
        key: objectKey(part.kind, object.path),
        checked: result.inputs,
        failures: result.failures,
      });
    }
  }
  return planned;
}

/** The objects a composite's state records, by key; none for a state without them. */
export function recordedObjects(state: PropertyBag): Map<string, RecordedObject> {
  const objects = state.objects;
  if (!objects || typeof objects !== "object") return new Map();
  return new Map(Object.entries(objects as Record<string, RecordedObject>));
}

/** The composite's record of its objects, for its state. */
export function objectsRecord(objects: ReadonlyMap<string, RecordedObject>): Record<string, RecordedObject> {
  return Object.fromEntries([...objects].sort(([left], [right]) => left.localeCompare(right)));
}

/** What happens to one object of a composite in a run. */
export type Change =
  | { action: "create"; planned: Planned }
  | {
      action: "same";
      planned: Planned;
      recorded: RecordedObject;
      /** The key it was recorded under, when its declaration moved to another key. */
      movedFrom?: string;
    }
  | { action: "update"; planned: Planned; recorded: RecordedObject; changed: string[] }
  | {
      action: "replace";
      planned: Planned;
      recorded: RecordedObject;
      changed: string[];
      /** Whether the old object must go first (the new one keeps its name in the same Quay). */
      deleteFirst: boolean;
    }
  | { action: "delete"; recorded: RecordedObject; key: string; unmanaged?: boolean };

/**
 * What changes from the `recorded` objects to the `planned` ones, each decided by its kind's diff: created,
 * updated in place, replaced, left the same, or deleted (recorded but no longer declared).
 */
export async function changesBetween(
  recorded: ReadonlyMap<string, RecordedObject>,
  planned: readonly Planned[],
  config: ConfigSource | undefined,
): Promise<Change[]> {
  const changes = await Promise.all(
    planned.map(async (object): Promise<Change> => {
      const before = recorded.get(object.key);
      if (!before) return { action: "create", planned: object };
      const decided = await diff(object.kind, before.state, object.checked, config, before.id);
      if (!decided.changes) return { action: "same", planned: object, recorded: before };
      if (decided.replaces.length === 0) {
        return { action: "update", planned: object, recorded: before, changed: decided.changed };
      }
      return {
        action: "replace",
        planned: object,
        recorded: before,
        changed: decided.changed,
        deleteFirst: decided.deleteBeforeReplace,
      };
    }),
  );
  const declared = new Set(planned.map((object) => object.key));
  const removed = [...recorded].filter(([key]) => !declared.has(key));
  // A declaration moved to another key (a rule renamed) that its kind sees no change in is the same object.
  return changes
    .map((change): Change => {
      if (change.action !== "create") return change;
      const definition = findKind(change.planned.kind);
      const index = removed.findIndex(
        ([, object]) =>
          object.kind === change.planned.kind &&
          changedInputs(definition, object.state, change.planned.checked).length === 0,
      );
      if (index < 0) return change;
      const [[movedFrom, moved]] = removed.splice(index, 1);
      return { action: "same", planned: change.planned, recorded: moved, movedFrom };
    })
    .concat(removed.map(([key, object]) => ({ action: "delete", recorded: object, key })));
}

/** How many kinds deep `kind` references (the organization 0, a team 2, a permission 3): deletes run deepest first. */
export function kindDepth(kind: string): number {
  const known = depths.get(kind);
  if (known !== undefined) return known;
  const depth = Math.max(-1, ...referencedKinds(findKind(kind)).map(kindDepth)) + 1;
  depths.set(kind, depth);
  return depth;
}

const depths = new Map<string, number>();
