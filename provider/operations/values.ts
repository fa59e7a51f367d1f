/** Property bags as the engine hands them over, and the comparisons every operation shares. */
import type { z } from "zod";
import { type AnyResourceDefinition, metaOf, unknownValue } from "../resources/_shared/define";

export { unknownValue } from "../resources/_shared/define";

/** A property bag as the engine hands it over. */
export type PropertyBag = Record<string, unknown>;

/** Whether `value` is, or contains, a value unknown during preview. */
export function isUnknown(value: unknown): boolean {
  if (value === unknownValue) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}

/** The bag without the dynamic provider's serialized `__provider` text. */
export function withoutProvider(properties: PropertyBag): PropertyBag {
  const { __provider: _ignored, ...rest } = properties;
  return rest;
}

/** Deep equality for JSON values; `undefined`, `null` and a missing key are the same. */
export function sameValue(left: unknown, right: unknown): boolean {
  if (left === undefined || left === null) return right === undefined || right === null;
  if (Array.isArray(left)) {
    return Array.isArray(right) && left.length === right.length && left.every((item, i) => sameValue(item, right[i]));
  }
  if (typeof left === "object") {
    if (!right || typeof right !== "object" || Array.isArray(right)) return false;
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    return [...keys].every((key) => sameValue((left as PropertyBag)[key], (right as PropertyBag)[key]));
  }
  return left === right;
}

/** The names of a kind's inputs. */
export function inputKeys(definition: AnyResourceDefinition): string[] {
  return Object.keys(definition.inputs.shape);
}

/** Whether a change to the input replaces the object. */
export function replaces(definition: AnyResourceDefinition, key: string): boolean {
  return metaOf(definition.inputs.shape[key]).replaceOnChange === true;
}

/** Whether the input may be left unset. */
export function isOptional(definition: AnyResourceDefinition, key: string): boolean {
  return (definition.inputs.shape[key] as z.ZodType).safeParse(undefined).success;
}

/** Whether the input is a secret (encrypted in state, never shown). */
export function isSecretInput(definition: AnyResourceDefinition, key: string): boolean {
  return metaOf(definition.inputs.shape[key]).secret === true;
}

/** Whether Quay never returns the input (a password): only its last applied value is known. */
export function isWriteOnly(definition: AnyResourceDefinition, key: string): boolean {
  return metaOf(definition.inputs.shape[key]).writeOnly === true;
}

/**
 * The inputs whose declared value differs from the state. An optional setting left unset is not
 * managed, so whatever Quay has is no change; an identity input (one that replaces) going unset is a
 * change of identity. `connection` is judged by the Quay it names, not here.
 */
export function changedInputs(definition: AnyResourceDefinition, olds: PropertyBag, news: PropertyBag): string[] {
  return inputKeys(definition).filter(
    (key) =>
      key !== "connection" &&
      (news[key] !== undefined || replaces(definition, key)) &&
      (isUnknown(news[key]) || !sameValue(olds[key], news[key])),
  );
}

/** A copy of `value` without undefined members, at any depth: Pulumi cannot store them. */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, withoutUndefined(item)]),
    ) as T;
  }
  return value;
}
