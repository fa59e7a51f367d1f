/**
 * What a declaration names in Quay: its kind, natural key and the Quay its connection points at. Two
 * declarations with one identity in a program are one object declared twice; the SDK stops such a
 * program at preview instead of letting `up` create the object for one and fail half-way for the other.
 */
import type { z } from "zod";
import { findComposite, findDeclaration } from "../catalog";
import { type ConfigSource, configuredUrl } from "../quay/config";
import { connectionOf, quayUrlOf } from "./context";
import { isUnknown, type PropertyBag } from "./values";

/** One declaration's identity, and how to describe it to the user. */
export interface DeclaredIdentity {
  /** Equal for two declarations of the same object. */
  key: string;
  /** `Repository "acme/app" in https://quay.example.com`. */
  description: string;
}

/**
 * The identity of a declaration of `kind` with `inputs` (at least its natural key and `connection`);
 * undefined for kinds Quay does not key by name, or while a part of the key is unknown or missing. `quayOverride`
 * names the Quay instead of the connection's URL (a native provider resource's URN).
 */
export function declaredIdentity(
  kind: string,
  inputs: PropertyBag,
  config: ConfigSource,
  quayOverride?: string,
): DeclaredIdentity | undefined {
  const definition = findDeclaration(kind);
  if (definition.naturalKey.length === 0) return undefined;
  // A composite declares its root object (a Tenant, its organization): the two collide.
  const declares = findComposite(kind)?.root ?? kind;
  const parts = definition.naturalKey.map((key) => inputs[key]);
  if (parts.some(isUnknown) || isUnknown(inputs.connection)) return undefined;
  // A resource a targeted run leaves out (`--target`, `--exclude`) has no outputs: a required part of the key
  // missing means the declaration cannot be told yet, not that two declarations name one object.
  const required = definition.naturalKey.filter(
    (key) => !(definition.inputs.shape[key] as z.ZodType).safeParse(undefined).success,
  );
  if (required.some((key) => inputs[key] === undefined || inputs[key] === null)) return undefined;
  const namespace = connectionOf(inputs);
  const url = configuredUrl(config, namespace);
  let quay = quayOverride ?? `the Quay of the "${namespace}" connection`;
  try {
    if (url && quayOverride === undefined) quay = quayUrlOf(url);
  } catch {
    // An invalid URL is reported by check, naming the setting; here the namespace stands for it.
  }
  return {
    key: JSON.stringify([declares, quay, ...parts.map((part) => part ?? null)]),
    description: `${declares} "${definition.label(inputs as never)}" in ${quay}`,
  };
}
