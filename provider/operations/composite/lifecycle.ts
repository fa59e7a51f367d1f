/**
 * A composite's create, update, refresh, delete and import: each object through its kind's own operations
 * (create with adoption and lost-answer recovery, carry-over, delete guards), and the composite's state as
 * the record of what they made. A run that fails part-way throws with the state it leaves, so the engine
 * records it and the next run converges.
 */

import { findKind } from "../../catalog";
import type { AnyCompositeDefinition, Bag, RecordedObject } from "../../composites/_shared/define";
import { withoutValueAt, withValueAt } from "../../composites/_shared/paths";
import type { ConfigSource } from "../../quay/config";
import { QuayOperationError } from "../../quay/errors";
import { collectOrganization } from "../collect";
import { contextFor } from "../context";
import { type Recorded, record } from "../create";
import { describeFailure } from "../failure";
import { read } from "../lifecycle";
import { changedInputs, type PropertyBag, withoutProvider } from "../values";
import { applyChanges, type ObjectFailure } from "./apply";
import { compositeCheck } from "./check";
import { objectChanges } from "./diff";
import { recordFound, shapeOf } from "./found";
import { objectsRecord, plannedObjects, recordedObjects } from "./objects";

/** The inputs in a composite's state, without the record of its objects (whose every name is no secret). */
function inputsOf(definition: AnyCompositeDefinition, state: PropertyBag): PropertyBag {
  return Object.fromEntries(Object.entries(state).filter(([key]) => key in definition.inputs.shape));
}

/** The composite's state: its checked inputs, the record of its objects, and what follows from them. */
function stateOf(
  definition: AnyCompositeDefinition,
  inputs: PropertyBag,
  objects: ReadonlyMap<string, RecordedObject>,
  context: { quayUrl: string },
): PropertyBag {
  const outputs = { ...definition.summarize([...objects.values()]), objects: objectsRecord(objects) };
  return record("", { ...inputs, ...outputs }, context).outs;
}

/** The error for a run in which objects failed: each named by its path, with the state the run leaves. */
function partialFailure(
  id: string | undefined,
  failures: readonly ObjectFailure[],
  properties: PropertyBag,
): QuayOperationError {
  const reasons = failures.map(({ path, error }) => `${path || "the organization"}: ${(error as Error).message}`);
  const counted = failures.length === 1 ? "an object failed" : `${failures.length} objects failed`;
  const list = reasons.join("\n  ");
  if (id === undefined) {
    // A delete, or a create whose organization failed: nothing to record; what Quay did stays done.
    return QuayOperationError.wrapping(
      `${counted}; the next run tries again from what Quay holds:\n  ${list}`,
      failures[0]?.error,
      "QUAY_UNEXPECTED",
    );
  }
  return new QuayOperationError(
    "QUAY_INCOMPLETE",
    `${counted}; what was done is recorded, and the next run goes on from there:\n  ${list}`,
    { cause: failures[0]?.error, recorded: { id, properties } },
  );
}

/**
 * Rethrows `failure` with the dynamic provider's text (`__provider` of `news`) in the state it records: the
 * dynamic host refreshes and deletes a resource through that text, so a state without it could do neither.
 */
function keepingProviderText(failure: unknown, news: PropertyBag): never {
  const recorded = failure as { properties?: PropertyBag };
  if (recorded?.properties && news.__provider !== undefined) recorded.properties.__provider = news.__provider;
  throw failure;
}

/** Applies the checked `inputs` to Quay from the objects `olds` records (none for a create). */
async function converge(
  definition: AnyCompositeDefinition,
  config: ConfigSource | undefined,
  olds: PropertyBag,
  inputs: PropertyBag,
): Promise<Recorded> {
  const context = contextFor(config, inputs);
  const recorded = recordedObjects(olds);
  const changes = await objectChanges(definition, recorded, inputs, config);
  const applied = await applyChanges(changes, recorded, config);
  const outs = stateOf(definition, inputs, applied.objects, context);
  const root = applied.objects.get(definition.root);
  if (applied.failures.length > 0) throw partialFailure(root?.id, applied.failures, outs);
  return { id: root?.id ?? String(inputs[definition.naturalKey[0]]), outs };
}

/** Creates a composite: every object it declares. */
export async function compositeCreate(
  definition: AnyCompositeDefinition,
  config: ConfigSource | undefined,
  news: PropertyBag,
): Promise<Recorded> {
  const inputs = withoutProvider(news);
  return describeFailure("creating", definition, inputs, () => converge(definition, config, {}, inputs)).catch(
    (failure: unknown) => keepingProviderText(failure, news),
  );
}

/** Updates a composite: creates, updates, replaces and deletes its objects to match `news`. */
export async function compositeUpdate(
  definition: AnyCompositeDefinition,
  config: ConfigSource | undefined,
  olds: PropertyBag,
  news: PropertyBag,
): Promise<{ outs: PropertyBag }> {
  const inputs = withoutProvider(news);
  const { outs } = await describeFailure("updating", definition, inputs, () =>
    converge(definition, config, withoutProvider(olds), inputs),
  ).catch((failure: unknown) => keepingProviderText(failure, news));
  return { outs };
}

/** Deletes a composite: every object it made, deepest kinds first and the organization last. */
export async function compositeDelete(
  definition: AnyCompositeDefinition,
  config: ConfigSource | undefined,
  props: PropertyBag,
): Promise<void> {
  const state = withoutProvider(props);
  await describeFailure("deleting", definition, inputsOf(definition, state), async () => {
    const recorded = recordedObjects(state);
    const changes = [...recorded].map(([key, object]) => ({ action: "delete" as const, key, recorded: object }));
    const applied = await applyChanges(changes, recorded, config);
    if (applied.failures.length > 0) throw partialFailure(undefined, applied.failures, {});
  });
}

/**
 * Reads every object the composite made, through its kind's read (one list per parent): objects deleted by
 * hand leave the shape, and those changed by hand show there, at their paths. No root: the composite is gone.
 */
export async function compositeRead(
  definition: AnyCompositeDefinition,
  config: ConfigSource | undefined,
  id: string,
  props: PropertyBag,
): Promise<{ id?: string; props?: PropertyBag; inputs?: PropertyBag }> {
  const state = withoutProvider(props);
  return describeFailure("reading", definition, inputsOf(definition, state), async () => {
    const context = contextFor(config, state);
    const recorded = recordedObjects(state);
    const current = await Promise.all(
      [...recorded].map(async ([key, object]) => ({
        key,
        object,
        now: await read(object.kind, config, object.id, object.state),
      })),
    );
    if (current.some(({ key, now }) => key === definition.root && now.id === undefined)) return {};
    let shape: Bag = inputsOf(definition, state);
    const objects = new Map<string, RecordedObject>();
    for (const { key, object, now } of current) {
      if (now.id === undefined || now.props === undefined) {
        shape = withoutValueAt(shape, object.path);
        continue;
      }
      objects.set(key, { ...object, state: now.props });
      if (changedInputs(findKind(object.kind), object.state, now.props).length === 0) continue;
      const part = definition.parts.find((candidate) => candidate.kind === object.kind);
      const placement = part?.place(now.props, shape);
      if (placement) shape = withValueAt(shape, object.path, placement.value);
    }
    const outs = stateOf(definition, shape, objects, context);
    return { id, props: outs, inputs: shape };
  });
}

/**
 * The organization `id` whole, as the composite would declare it (for `pulumi import`): every object its
 * parts can hold, found with GET requests only, recorded as made by it. Undefined when there is none.
 */
export async function compositeImport(
  definition: AnyCompositeDefinition,
  config: ConfigSource | undefined,
  id: string,
): Promise<{ id: string; props: PropertyBag; inputs: PropertyBag } | undefined> {
  return describeFailure("importing", definition, { name: id }, async () => {
    const context = contextFor(config, {});
    const found = await collectOrganization(context, id).catch((error: Error) => {
      if (/does not exist/.test(error.message)) return undefined;
      throw error;
    });
    if (!found) return undefined;
    const { shape, placed } = shapeOf(definition, id, found.objects, found.reader);
    const checked = await compositeCheck(definition, shape);
    if (checked.failures.length > 0) {
      const reasons = checked.failures.map(({ property, reason }) => `${property} ${reason}`.trim());
      throw new QuayOperationError(
        "QUAY_UNEXPECTED",
        `what Quay holds does not fit a ${definition.kind}: ${reasons.join("; ")}`,
      );
    }
    const planned = await plannedObjects(definition, checked.inputs);
    const objects = recordFound(placed, planned, context.quayUrl);
    return { id, props: stateOf(definition, checked.inputs, objects, context), inputs: checked.inputs };
  });
}
