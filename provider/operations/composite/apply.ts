/**
 * Applies a composite's changes through the kinds' own operations: creates and updates first, each object
 * as soon as the objects it needs are done (all at once otherwise; the connection caps the requests in
 * flight), then, only when all of them succeeded, the deletes, deepest kinds first and the organization
 * last. A failure stops what has not started; what was made is recorded, so the next run finishes the rest.
 */
import type { RecordedObject } from "../../composites/_shared/define";
import { pathText } from "../../composites/_shared/paths";
import type { ConfigSource } from "../../quay/config";
import { create } from "../create";
import { deleteResource, read, update } from "../lifecycle";
import type { PropertyBag } from "../values";
import { type Change, kindDepth, type Planned } from "./objects";

/** One object that failed, and why. */
export interface ObjectFailure {
  /** Where it sits in the composite's shape, as Pulumi writes paths; empty for the root. */
  path: string;
  error: unknown;
}

/** What a run of changes leaves: the objects that exist now, by key, and what failed. */
export interface Applied {
  objects: Map<string, RecordedObject>;
  failures: ObjectFailure[];
}

/** Whether the object no longer exists, as its kind reads it; false when that cannot be told. */
async function gone(object: RecordedObject, config: ConfigSource | undefined): Promise<boolean> {
  const now = await read(object.kind, config, object.id, object.state).catch(() => ({ id: object.id }));
  return now.id === undefined;
}

/** The record of a planned object made with `id` and `state`. */
function made(object: Planned, id: string, state: PropertyBag): RecordedObject {
  return { kind: object.kind, id, path: object.path, after: object.after, state };
}

/** An object a failed create made anyway (`operations/create.ts`): its id and state, when the error carries them. */
function madeAnyway(error: unknown): { id: string; properties: PropertyBag } | undefined {
  const { id, properties } = error as { id?: unknown; properties?: unknown };
  return typeof id === "string" && properties && typeof properties === "object"
    ? { id, properties: properties as PropertyBag }
    : undefined;
}

/**
 * Applies `changes` to the objects `recorded`, with the connection settings `config`. The deletes (of
 * objects no longer declared, and of the old half of a create-first replacement) run only when every create
 * and update succeeded.
 */
export async function applyChanges(
  changes: readonly Change[],
  recorded: ReadonlyMap<string, RecordedObject>,
  config: ConfigSource | undefined,
): Promise<Applied> {
  const objects = new Map(recorded);
  const failures: ObjectFailure[] = [];
  const removals: { key: string; object: RecordedObject }[] = [];
  const fail = (path: string, error: unknown) => failures.push({ path, error });

  const creating = async (object: Planned) => {
    try {
      const result = await create(object.kind, config, object.checked);
      objects.set(object.key, made(object, result.id, result.outs));
    } catch (error) {
      const partial = madeAnyway(error);
      if (partial) objects.set(object.key, made(object, partial.id, partial.properties));
      throw error;
    }
  };

  const declared = new Map(
    changes.flatMap((change) => (change.action === "delete" ? [] : [[pathText(change.planned.path), change] as const])),
  );
  const steps = new Map<string, Promise<boolean>>();
  /** The step of the object at `path`: resolves to whether it is done (true for a path nothing declares). */
  const stepAt = (path: string): Promise<boolean> => {
    const change = declared.get(path);
    if (!change) return Promise.resolve(true);
    let step = steps.get(path);
    if (!step) {
      step = run(change);
      steps.set(path, step);
    }
    return step;
  };
  const run = async (change: Exclude<Change, { action: "delete" }>): Promise<boolean> => {
    const object = change.planned;
    const needed = await Promise.all(object.after.map((after) => stepAt(pathText(after))));
    if (needed.includes(false) || failures.length > 0) return false;
    try {
      switch (change.action) {
        case "same":
          if (change.movedFrom !== undefined) objects.delete(change.movedFrom);
          objects.set(object.key, { ...change.recorded, path: object.path, after: object.after });
          break;
        case "create":
          await creating(object);
          break;
        case "update": {
          const { id, state } = change.recorded;
          const result = await update(object.kind, config, id, state, object.checked);
          objects.set(object.key, made(object, id, result.outs));
          break;
        }
        case "replace":
          if (change.deleteFirst) {
            await deleteResource(object.kind, config, change.recorded.id, change.recorded.state);
            objects.delete(object.key);
            await creating(object);
          } else {
            await creating(object);
            // Recorded until its delete succeeds, so a failure leaves nothing the next run does not know.
            objects.set(`${object.key} (replaced)`, change.recorded);
            removals.push({ key: `${object.key} (replaced)`, object: change.recorded });
          }
          break;
      }
      return true;
    } catch (error) {
      fail(pathText(object.path), error);
      return false;
    }
  };
  await Promise.all([...declared.keys()].map(stepAt));

  if (failures.length > 0) return { objects, failures };
  for (const change of changes) {
    if (change.action === "delete") removals.push({ key: change.key, object: change.recorded });
  }
  // Deepest kinds first (grants before teams, everything before the organization); one depth at a time.
  const depthsOf = [...new Set(removals.map(({ object }) => kindDepth(object.kind)))].sort((a, b) => b - a);
  for (const depth of depthsOf) {
    await Promise.all(
      removals
        .filter(({ object }) => kindDepth(object.kind) === depth)
        .map(async ({ key, object }) => {
          try {
            await deleteResource(object.kind, config, object.id, object.state);
          } catch (error) {
            // A delete that failed on something already gone (a role on a repository deleted by an earlier,
            // interrupted run: Quay's answers vary) is done; one that is still there stays a failure.
            if (!(await gone(object, config))) {
              fail(pathText(object.path), error);
              return;
            }
          }
          if (objects.get(key) === object) objects.delete(key);
        }),
    );
    if (failures.length > 0) break;
  }
  return { objects, failures };
}
