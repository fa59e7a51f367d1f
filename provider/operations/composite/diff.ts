/**
 * `diff` of a composite: object by object through the kinds' own diff, told as paths into the shape that a
 * reviewer reads (`repositories.api.teams.developers` updated, `robots.ci` added, `teams.auditors` deleted).
 * A new organization name replaces the whole composite, creating the new organization first.
 */
import type { AnyCompositeDefinition, Bag } from "../../composites/_shared/define";
import { type Path, pathText, valueAt } from "../../composites/_shared/paths";
import type { ConfigSource } from "../../quay/config";
import { collectOrganization } from "../collect";
import { contextFor } from "../context";
import type { DiffResult } from "../diff";
import { isUnknown, type PropertyBag, sameValue, withoutProvider } from "../values";
import { unmanagedChanges } from "./found";
import { type Change, changesBetween, plannedObjects, recordedObjects } from "./objects";

/** How a path of the shape changes. */
export type PathChange = "add" | "delete" | "update";

/** A composite's diff: the engine's answer, and each changed path of the shape. */
export interface CompositeDiff extends DiffResult {
  /** Each path that changes, as Pulumi writes paths, and how. */
  paths: Record<string, PathChange>;
  /** What changes, object by object (for the update that follows). */
  objects: Change[];
}

/** The shape paths of an object's changed inputs, by its part's `fields`, keeping those whose shape value differs. */
function changedPaths(
  definition: AnyCompositeDefinition,
  kind: string,
  path: Path,
  changed: readonly string[],
  olds: Bag,
  news: Bag,
): Path[] {
  const part = definition.parts.find((candidate) => candidate.kind === kind);
  return changed.flatMap((field): Path[] => {
    if (field === "connection") return [["connection"]];
    const mapped = part?.fields?.[field];
    if (mapped === null) return [path];
    const below = [...path, ...(mapped ?? [field])];
    // A team's members are its users and its robots: say which of the two changed.
    if (kind === "Team" && field === "members") {
      const differing = ["members", "robots"]
        .map((name) => [...path, name])
        .filter((candidate) => !sameValue(valueAt(olds, candidate), valueAt(news, candidate)));
      return differing.length > 0 ? differing : [below];
    }
    return [below];
  });
}

/** How the value at `path` changes from `olds` to `news`. */
function changeAt(olds: Bag, news: Bag, path: Path): PathChange {
  if (valueAt(olds, path) === undefined) return "add";
  return valueAt(news, path) === undefined ? "delete" : "update";
}

/** The unmanaged objects an `authoritative` composite deletes, found with GET requests only. */
async function unmanaged(
  definition: AnyCompositeDefinition,
  shape: Bag,
  recorded: ReturnType<typeof recordedObjects>,
  config: ConfigSource | undefined,
): Promise<Change[]> {
  if (shape.authoritative !== true || config === undefined || isUnknown(shape.name)) return [];
  if (!recorded.has(definition.root)) return [];
  const context = contextFor(config, shape);
  const found = await collectOrganization(context, String(shape.name));
  return unmanagedChanges(definition, shape, found.objects, recorded, found.reader);
}

/**
 * What changes, object by object, from the objects `recorded` to those the checked `inputs` declare, with
 * the deletions of an `authoritative` composite.
 */
export async function objectChanges(
  definition: AnyCompositeDefinition,
  recorded: ReturnType<typeof recordedObjects>,
  inputs: PropertyBag,
  config: ConfigSource | undefined,
): Promise<Change[]> {
  const planned = await plannedObjects(definition, inputs);
  return [
    ...(await changesBetween(recorded, planned, config)),
    ...(await unmanaged(definition, inputs, recorded, config)),
  ];
}

/** What changes from the composite's state `olds` to its checked inputs `news`. */
export async function compositeDiff(
  definition: AnyCompositeDefinition,
  olds: PropertyBag,
  news: PropertyBag,
  config?: ConfigSource,
): Promise<CompositeDiff> {
  const state = withoutProvider(olds);
  const inputs = withoutProvider(news);
  const rootKey = definition.naturalKey[0];
  if (!sameValue(state[rootKey], inputs[rootKey])) {
    return {
      changes: true,
      replaces: [rootKey],
      deleteBeforeReplace: false,
      changed: [rootKey],
      paths: { [rootKey]: "update" },
      objects: [],
    };
  }
  const objects = await objectChanges(definition, recordedObjects(state), inputs, config);
  const paths: Record<string, PathChange> = {};
  for (const change of objects) {
    if (change.action === "create") paths[pathText(change.planned.path) || rootKey] = "add";
    else if (change.action === "delete") paths[pathText(change.recorded.path) || rootKey] = "delete";
    else if (change.action === "update" || change.action === "replace") {
      const { kind, path } = change.planned;
      for (const changed of changedPaths(definition, kind, path, change.changed, state, inputs)) {
        paths[pathText(changed)] = changeAt(state, inputs, changed);
      }
    }
  }
  for (const setting of definition.settings) {
    if (!sameValue(state[setting], inputs[setting]) || isUnknown(inputs[setting])) paths[setting] = "update";
  }
  const changed = [...new Set(Object.keys(paths).map((path) => /^[^.[]+/.exec(path)?.[0] ?? path))];
  return {
    changes: Object.keys(paths).length > 0,
    replaces: [],
    deleteBeforeReplace: false,
    changed,
    paths,
    objects,
  };
}
