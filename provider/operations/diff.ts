/**
 * `diff`: which inputs change, whether that needs a replacement, and in which order. A replacement
 * deletes first only when the new object must reuse the old one's name in the same Quay; otherwise
 * the new object is created first, so a failure deletes nothing.
 */
import { findKind } from "../catalog";
import type { ConfigSource } from "../quay/config";
import { QuayOperationError } from "../quay/errors";
import { type AnyResourceDefinition, metaOf } from "../resources/_shared/define";
import { expectDeleteFirst } from "./carry-over";
import { connectionOf, contextFor } from "./context";
import { changedInputs, isSecretInput, isUnknown, type PropertyBag, replaces, withoutProvider } from "./values";

/** What a diff decides. */
export interface DiffResult {
  /** Whether anything changes. */
  changes: boolean;
  /** The changed inputs that need a replacement. */
  replaces: string[];
  /** Whether the old object must go before the new one is created. */
  deleteBeforeReplace: boolean;
  /** Every changed input, replacing or not. */
  changed: string[];
}

/**
 * Compares state (`olds`) with checked new inputs (`news`) of the object `id`. `config` resolves where
 * `connection` points.
 */
export async function diff(
  kind: string,
  olds: PropertyBag,
  news: PropertyBag,
  config?: ConfigSource,
  id?: string,
): Promise<DiffResult> {
  const definition = findKind(kind);
  const state = withoutProvider(olds);
  const inputs = withoutProvider(news);
  const changed = changedInputs(definition, state, inputs);
  refuseFixedChanges(definition, state, inputs, changed);
  const replacing = changed.filter((key) => replaces(definition, key));
  const target = connectionChange(definition, state, inputs, config);
  if (target === "replace") replacing.push("connection");
  if (target !== "same") changed.push("connection");
  const deleteBeforeReplace = replacing.length > 0 && reusesName(definition, replacing);
  if (deleteBeforeReplace && id !== undefined) expectDeleteFirst(definition, id, state);
  return { changes: changed.length > 0, replaces: replacing, deleteBeforeReplace, changed };
}

/** Stops the preview on a change Quay can neither apply nor survive as a replacement, saying what to do. */
function refuseFixedChanges(
  definition: AnyResourceDefinition,
  state: PropertyBag,
  inputs: PropertyBag,
  changed: readonly string[],
): void {
  for (const key of changed) {
    const reason = metaOf(definition.inputs.shape[key]).fixed;
    // A value still unknown at preview may turn out the same: the run decides.
    if (reason === undefined || isUnknown(inputs[key])) continue;
    const from = isSecretInput(definition, key) ? "" : ` from ${JSON.stringify(state[key])}`;
    throw new QuayOperationError(
      "QUAY_REFUSED",
      `${definition.kind} "${definition.label(state as never)}": ${key} cannot change${from}: ${reason} Nothing was changed.`,
    );
  }
}

/** Whether the replacement keeps the natural key in the same Quay, so Quay would refuse a second object. */
function reusesName(definition: AnyResourceDefinition, replacing: readonly string[]): boolean {
  return (
    definition.naturalKey.length > 0 &&
    !replacing.includes("connection") &&
    definition.naturalKey.every((key) => !replacing.includes(key))
  );
}

/**
 * How a change of `connection` affects the object: `same` (nothing changes), `update` (another
 * namespace naming the same Quay: only the state records it), or `replace` (another Quay: the object
 * is created there and deleted here). A connection whose URL now names another Quay than the one
 * the object was recorded in stops the preview: silently re-targeting would orphan the object.
 */
function connectionChange(
  definition: AnyResourceDefinition,
  state: PropertyBag,
  inputs: PropertyBag,
  config: ConfigSource | undefined,
): "same" | "update" | "replace" {
  const renamed = connectionOf(state) !== connectionOf(inputs);
  if (isUnknown(inputs.connection)) return "update";
  const recorded = typeof state.quayUrl === "string" ? state.quayUrl : undefined;
  if (config === undefined || recorded === undefined) return renamed ? "update" : "same";
  const current = contextFor(config, inputs).quayUrl;
  if (current === recorded) return renamed ? "update" : "same";
  if (renamed) return "replace";
  const namespace = connectionOf(inputs);
  throw new QuayOperationError(
    "QUAY_REFUSED",
    `${definition.kind} "${definition.label(inputs as never)}" lives in the Quay at ${recorded}, but ${namespace}:url now ` +
      `names ${current}. If that is the same Quay under a new address, run \`pulumi refresh\` to record it. To move ` +
      "the object to another Quay, give it a connection whose URL names that Quay: it is then created there and " +
      "deleted here. Nothing was changed.",
  );
}
