/**
 * Property values as the engine sends them over the provider protocol: secrets wrapped in Pulumi's
 * signature object, values unknown at preview as a sentinel string. The operations take plain values;
 * what goes back to the engine is wrapped again wherever the input was secret or the kind says so.
 */

import type { PropertyBag } from "../operations/values";
import type { AnyResourceDefinition } from "../resources/_shared/define";
import { metaOf } from "../resources/_shared/define";

const signatureKey = "4dabf18193072939515e22adb298388d";
const secretSignature = "1b47061264138c4ac30d75fd1eb44270";

type Secret = { [signatureKey]: string; value: unknown };

const isSecret = (value: unknown): value is Secret =>
  !!value && typeof value === "object" && (value as Record<string, unknown>)[signatureKey] === secretSignature;

/** `value` with every secret unwrapped, at any depth. */
export function plain(value: unknown): unknown {
  if (isSecret(value)) return plain(value.value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  }
  return value;
}

/** Whether `value` holds a secret anywhere. */
function holdsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (value && typeof value === "object") return Object.values(value).some(holdsSecret);
  return false;
}

/** A property bag unwrapped, and the top-level keys that held a secret. */
export function unwrapBag(bag: PropertyBag): { values: PropertyBag; secrets: Set<string> } {
  const secrets = new Set(Object.keys(bag).filter((key) => holdsSecret(bag[key])));
  return { values: plain(bag) as PropertyBag, secrets };
}

/** `bag` with the keys in `secrets`, and those the kind marks secret, wrapped as secrets. */
export function wrapBag(
  definition: AnyResourceDefinition,
  bag: PropertyBag,
  secrets: ReadonlySet<string>,
): PropertyBag {
  const shapes = { ...definition.inputs.shape, ...definition.outputs.shape };
  return Object.fromEntries(
    Object.entries(bag).map(([key, value]) => {
      const secret = secrets.has(key) || (key in shapes && metaOf(shapes[key]).secret === true);
      return [key, secret && value !== undefined ? { [signatureKey]: secretSignature, value } : value];
    }),
  );
}
