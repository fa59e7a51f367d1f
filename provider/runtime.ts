/**
 * The late-bound runtime entry that serialized providers `require("pulumi-quay/runtime")`.
 *
 * COMPATIBILITY CONTRACT: state written by any earlier version runs this module's `read` and
 * `deleteResource` with its stored provider text, so the exported names and signatures below must
 * never change incompatibly. Add new exports or optional trailing parameters; do not rename or
 * remove these.
 */
import * as checking from "./operations/check";
import * as differ from "./operations/diff";
import type { PropertyBag } from "./operations/values";
import type { ConfigSource } from "./quay/config";

export type { CheckFailure } from "./operations/check";
export { create } from "./operations/create";
export { type DeclaredIdentity, declaredIdentity } from "./operations/identity";
export { deleteResource, read, update } from "./operations/lifecycle";
export { lookup } from "./operations/lookup";
export { type PropertyBag, unknownValue } from "./operations/values";

/** Validates inputs at preview and update; `config` lets it check the connection's settings too. */
export function check(kind: string, _olds: PropertyBag, news: PropertyBag, config?: ConfigSource) {
  return checking.check(kind, news, config);
}

/** Compares state with new inputs: whether anything changes, what replaces, and in which order. */
export async function diff(
  kind: string,
  id: string,
  olds: PropertyBag,
  news: PropertyBag,
  config?: ConfigSource,
): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }> {
  const { changes, replaces, deleteBeforeReplace } = await differ.diff(kind, olds, news, config, id);
  return { changes, replaces, deleteBeforeReplace };
}
