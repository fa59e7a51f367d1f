/** `read` (refresh), `update` and `delete`: the operations on an object that exists. */
import { findKind } from "../catalog";
import type { ConfigSource } from "../quay/config";
import { collectBeforeDelete } from "./carry-over";
import { contextFor } from "./context";
import { record } from "./create";
import { describeFailure } from "./failure";
import {
  changedInputs,
  inputKeys,
  isOptional,
  isWriteOnly,
  type PropertyBag,
  withoutProvider,
  withoutUndefined,
} from "./values";

/**
 * Reads the object for refresh; no `id` in the answer means it is gone and leaves the state. Only what
 * the program manages is refreshed: identity, inputs it set, and outputs. Inputs Quay never returns
 * keep their last applied value.
 */
export async function read(
  kind: string,
  config: ConfigSource | undefined,
  id: string,
  props: PropertyBag,
): Promise<{ id?: string; props?: PropertyBag; inputs?: PropertyBag }> {
  const definition = findKind(kind);
  const state = withoutProvider(props);
  return describeFailure("reading", definition, state, async () => {
    const context = contextFor(config, state);
    const current = (await definition.read(context, id, state)) as PropertyBag | undefined;
    if (current === undefined) return {};
    const refreshed: PropertyBag = { ...state };
    for (const key of inputKeys(definition)) {
      const managed = state[key] !== undefined || !isOptional(definition, key);
      if (key !== "connection" && managed && !isWriteOnly(definition, key)) refreshed[key] = current[key];
    }
    for (const key of Object.keys(definition.outputs.shape)) refreshed[key] = current[key];
    const { outs } = record(id, refreshed, context);
    // The inputs as check records them (derived outputs included): when they are the state's, a refresh
    // leaves every resource the same, and the next run writes no checkpoint per resource.
    const inputs = Object.fromEntries(inputKeys(definition).flatMap((key) => (key in outs ? [[key, outs[key]]] : [])));
    for (const [key, value] of Object.entries(definition.derive?.(inputs as never) ?? {})) {
      if (value !== undefined) inputs[key] = outs[key];
    }
    return { id, props: outs, inputs };
  });
}

/** Applies in-place changes and returns the new state. */
export async function update(
  kind: string,
  config: ConfigSource | undefined,
  id: string,
  olds: PropertyBag,
  news: PropertyBag,
): Promise<{ outs: PropertyBag }> {
  const definition = findKind(kind);
  const state = withoutProvider(olds);
  const inputs = withoutProvider(news);
  return describeFailure("updating", definition, inputs, async () => {
    const context = contextFor(config, inputs);
    const changed = new Set(changedInputs(definition, state, inputs));
    const kept = Object.fromEntries(Object.keys(definition.outputs.shape).map((key) => [key, state[key]]));
    const outputs =
      definition.update && changed.size > 0
        ? await definition.update(context, id, state as never, inputs as never, changed)
        : kept;
    return { outs: record(id, { ...inputs, ...outputs }, context).outs };
  });
}

/** Deletes the object; already gone counts as deleted. */
export async function deleteResource(
  kind: string,
  config: ConfigSource | undefined,
  id: string,
  props: PropertyBag,
): Promise<void> {
  const definition = findKind(kind);
  const state = withoutUndefined(withoutProvider(props));
  await describeFailure("deleting", definition, state, async () => {
    const context = contextFor(config, state);
    await collectBeforeDelete(definition, context, id, state);
    await definition.delete(context, id, state as never);
  });
}
