/**
 * Secret values as Pulumi's wire format marks them, at any depth: unwrapped for the operations, and wrapped
 * again where the request had them or the declaration's schema marks a field secret, so a secret nested in
 * a composite's shape (a mirror's password) stays secret without hiding the values around it.
 */
import type { z } from "zod";
import type { Path } from "../composites/_shared/paths";
import { metaOf } from "../resources/_shared/define";

/**
 * Pulumi's markers of a secret on the wire: `specialSigKey` and `specialSecretSig` of
 * `@pulumi/pulumi/runtime/rpc` (a test holds them equal), kept here because loading that module costs the
 * native provider's start-up about 140 ms for two strings.
 */
const signatureKey = "4dabf18193072939515e22adb298388d";
const secretSignature = "1b47061264138c4ac30d75fd1eb44270";

/** A value marked secret, as the engine sends and takes it. */
export type SecretValue = { [signatureKey]: string; value: unknown };

/** Whether `value` is a value marked secret. */
export function isSecretValue(value: unknown): value is SecretValue {
  return !!value && typeof value === "object" && (value as Record<string, unknown>)[signatureKey] === secretSignature;
}

/** `value` marked secret. */
export function secretValue(value: unknown): SecretValue {
  return { [signatureKey]: secretSignature, value };
}

/** `value` with every secret unwrapped, at any depth. */
export function plainValue(value: unknown): unknown {
  if (isSecretValue(value)) return plainValue(value.value);
  if (Array.isArray(value)) return value.map(plainValue);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainValue(item)]));
  }
  return value;
}

/** Where `value` holds secrets: the paths of the outermost marked values. */
export function secretPaths(value: unknown, at: Path = []): Path[] {
  if (isSecretValue(value)) return [at];
  if (Array.isArray(value)) return value.flatMap((item, index) => secretPaths(item, [...at, String(index)]));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => secretPaths(item, [...at, key]));
  }
  return [];
}

/** The schema inside optional, default, nullable and pipe wrappers, keeping the outermost `.meta()`. */
function inner(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema as { _zod: { def: { innerType?: unknown; in?: unknown; type: string } } };
  for (;;) {
    const def = current._zod.def;
    if (def.innerType) current = def.innerType as never;
    else if (def.type === "pipe" && def.in) current = def.in as never;
    else return current as never;
  }
}

/** Whether `schema`, or a wrapper around it, is marked secret. */
function marksSecret(schema: z.core.$ZodType): boolean {
  let current = schema as { _zod: { def: { innerType?: unknown; in?: unknown; type: string } } };
  for (;;) {
    if (metaOf(current as never).secret === true) return true;
    const def = current._zod.def;
    if (def.innerType) current = def.innerType as never;
    else if (def.type === "pipe" && def.in) current = def.in as never;
    else return false;
  }
}

/** `value` with the values that `schema` marks secret wrapped, at any depth. */
function wrapBySchema(schema: z.core.$ZodType, value: unknown): unknown {
  if (value === undefined || value === null || isSecretValue(value)) return value;
  if (marksSecret(schema)) return secretValue(value);
  const def = inner(schema)._zod.def as {
    type: string;
    shape?: Record<string, z.core.$ZodType>;
    valueType?: z.core.$ZodType;
    element?: z.core.$ZodType;
  };
  if (def.type === "object" && def.shape && value && typeof value === "object" && !Array.isArray(value)) {
    const shape = def.shape;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, key in shape ? wrapBySchema(shape[key], item) : item]),
    );
  }
  if (def.type === "record" && def.valueType && value && typeof value === "object" && !Array.isArray(value)) {
    const valueType = def.valueType;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, wrapBySchema(valueType, item)]));
  }
  if (def.type === "array" && def.element && Array.isArray(value)) {
    const element = def.element;
    return value.map((item) => wrapBySchema(element, item));
  }
  return value;
}

/** `value` with what lies at `path` wrapped as a secret, when it is there. */
function wrapAt(value: unknown, path: Path): unknown {
  if (value === undefined || isSecretValue(value)) return value;
  if (path.length === 0) return secretValue(value);
  if (!value || typeof value !== "object") return value;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const index = Number(head);
    return value.map((item, position) => (position === index ? wrapAt(item, rest) : item));
  }
  const bag = value as Record<string, unknown>;
  return head in bag ? { ...bag, [head]: wrapAt(bag[head], rest) } : bag;
}

/**
 * `bag` (properties of a kind whose fields are `shape`) with its secrets wrapped: the fields the schema marks
 * secret, at any depth, and whatever lies at `requested` (where the engine's request had secrets).
 */
export function withSecrets(
  shape: Readonly<Record<string, z.core.$ZodType>>,
  bag: Record<string, unknown>,
  requested: readonly Path[] = [],
): Record<string, unknown> {
  let wrapped: Record<string, unknown> = Object.fromEntries(
    Object.entries(bag).map(([key, value]) => [key, key in shape ? wrapBySchema(shape[key], value) : value]),
  );
  for (const path of requested) wrapped = wrapAt(wrapped, path) as Record<string, unknown>;
  return wrapped;
}
