/**
 * Property values as the engine sends them over the provider protocol: secrets wrapped in Pulumi's
 * signature object, values unknown at preview as a sentinel string. The operations take plain values;
 * what goes back to the engine is wrapped again wherever the request had a secret or the declaration marks
 * a field secret, at any depth.
 */
import type { Path } from "../composites/_shared/paths";
import { plainValue, secretPaths, withSecrets } from "../operations/secrets";
import type { PropertyBag } from "../operations/values";
import type { AnyDeclaration } from "../resources/_shared/define";

/** `value` with every secret unwrapped, at any depth. */
export const plain = plainValue;

/** A property bag unwrapped, and where it held secrets. */
export function unwrapBag(bag: PropertyBag): { values: PropertyBag; secrets: Path[] } {
  return { values: plainValue(bag) as PropertyBag, secrets: secretPaths(bag) };
}

/** `bag` with the secrets at `secrets`, and the fields the declaration marks secret, wrapped as secrets. */
export function wrapBag(declaration: AnyDeclaration, bag: PropertyBag, secrets: readonly Path[]): PropertyBag {
  return withSecrets({ ...declaration.inputs.shape, ...declaration.outputs.shape }, bag, secrets);
}
