/**
 * Replacements that delete first, within one provider process (the engine diffs, deletes and creates a
 * replaced object through the same one): the diff notes the replacement, the delete reads what the kind
 * carries over before deleting, and the create that follows, which gives the object the same id, gives it
 * to the new object.
 */
import type { AnyResourceDefinition, CrudContext } from "../resources/_shared/define";
import type { PropertyBag } from "./values";

const expected = new Set<string>();
const carried = new Map<string, unknown>();

const keyOf = (definition: AnyResourceDefinition, quayUrl: unknown, id: string) =>
  JSON.stringify([definition.kind, quayUrl, id]);

/** Notes that the object `id`, recorded as `state`, is about to be replaced delete-first. */
export function expectDeleteFirst(definition: AnyResourceDefinition, id: string, state: PropertyBag): void {
  if (definition.carryOver && typeof state.quayUrl === "string") expected.add(keyOf(definition, state.quayUrl, id));
}

/** Before the delete of a replaced object: reads what its replacement is to be given. */
export async function collectBeforeDelete(
  definition: AnyResourceDefinition,
  context: CrudContext & { quayUrl: string },
  id: string,
  state: PropertyBag,
): Promise<void> {
  const key = keyOf(definition, context.quayUrl, id);
  if (!definition.carryOver || !expected.delete(key)) return;
  carried.set(key, await definition.carryOver.collect(context, id, state as never));
}

/** After the create of a replacement (or its adoption after a lost answer): gives it what its predecessor held. */
export async function restoreAfterCreate(
  definition: AnyResourceDefinition,
  context: CrudContext & { quayUrl: string },
  id: string,
  inputs: PropertyBag,
): Promise<void> {
  const key = keyOf(definition, context.quayUrl, id);
  if (!definition.carryOver || !carried.has(key)) return;
  const value = carried.get(key);
  carried.delete(key);
  await definition.carryOver.restore(context, id, inputs as never, value);
}
