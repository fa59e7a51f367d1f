/**
 * `pulumi import` in native mode: the engine asks for an object by id alone, and gets back every input
 * Quay can tell (`operations/whole.ts`), so a program declaring the same object previews no change.
 */
import { findComposite, findKind } from "../catalog";
import { compositeImport } from "../operations/composite/lifecycle";
import { contextFor } from "../operations/context";
import { record } from "../operations/create";
import { describeFailure } from "../operations/failure";
import type { PropertyBag } from "../operations/values";
import { describeWhole } from "../operations/whole";
import type { ConfigSource } from "../quay/config";

import { heldByQuay, metaOf } from "../resources/_shared/define";

/** The object `id` of `kind` with every input Quay can tell; undefined when it does not exist. */
export async function importById(
  kind: string,
  config: ConfigSource | undefined,
  id: string,
): Promise<{ id: string; props: PropertyBag; inputs: PropertyBag } | undefined> {
  const composite = findComposite(kind);
  if (composite) return compositeImport(composite, config, id);
  const definition = findKind(kind);
  const parts = definition.id.parse(id);
  return describeFailure("importing", definition, parts, async () => {
    const context = contextFor(config, {});
    const found = await describeWhole(definition, context, id);
    if (found === undefined) return undefined;
    // What Quay never returns is not part of the import: the program sets it, and the next up sends it.
    const inputs = Object.fromEntries(
      Object.keys(definition.inputs.shape)
        .filter((key) => key !== "connection" && !metaOf(definition.inputs.shape[key]).writeOnly)
        .flatMap((key) => (found[key] === undefined || found[key] === heldByQuay ? [] : [[key, found[key]]])),
    );
    const outputs = Object.fromEntries(Object.keys(definition.outputs.shape).map((key) => [key, found[key]]));
    return { id, props: record(id, { ...inputs, ...outputs }, context).outs, inputs };
  });
}
