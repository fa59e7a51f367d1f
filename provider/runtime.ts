/**
 * The late-bound runtime entry that serialized providers `require("pulumi-quay/runtime")`.
 *
 * COMPATIBILITY CONTRACT: state written by any earlier version runs this module's `read` and
 * `deleteResource` with its stored provider text, so the exported names and signatures below must
 * never change incompatibly. Add new exports; do not rename or remove these.
 */
import { z } from "zod";
import { QuayClient } from "./quay/client";
import { type ConfigSource, defaultNamespace, readAdoptSetting, readConnectionSettings } from "./quay/config";
import { errorCode } from "./quay/errors";
import { resourceKind } from "./registry";
import { type AnyResourceDefinition, type CrudContext, metaOf } from "./resources/_shared/define";

/** Pulumi's marker for a value not known during preview (`pulumi.runtime.unknownValue`). */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A property bag as the dynamic-provider server hands it over. */
export type PropertyBag = Record<string, unknown>;

/** One input that failed validation: the property and the rule it broke. */
export interface CheckFailure {
  property: string;
  reason: string;
}

const noConfig: ConfigSource = { get: () => undefined };
const clientCache = new WeakMap<object, Map<string, CrudContext>>();

/** The client for the connection a resource names, built once per configuration and namespace. */
function contextFor(config: ConfigSource | undefined, properties: PropertyBag): CrudContext {
  const source = config ?? noConfig;
  const namespace = typeof properties.connection === "string" ? properties.connection : defaultNamespace;
  let clients = clientCache.get(source);
  if (!clients) {
    clients = new Map();
    clientCache.set(source, clients);
  }
  let context = clients.get(namespace);
  if (!context) {
    const settings = readConnectionSettings(source, namespace);
    context = {
      client: new QuayClient(settings),
      registryHost: new URL(settings.url).host,
      adopt: readAdoptSetting(source, namespace),
    };
    clients.set(namespace, context);
  }
  return context;
}

function isUnknown(value: unknown): boolean {
  if (value === unknownValue) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}

function withoutProvider(properties: PropertyBag): PropertyBag {
  const { __provider: _ignored, ...rest } = properties;
  return rest;
}

function inputKeys(definition: AnyResourceDefinition): string[] {
  return Object.keys(definition.inputs.shape);
}

/** Validates inputs at preview and update; values unknown at preview are let through unchecked. */
export async function check(
  kind: string,
  _olds: PropertyBag,
  news: PropertyBag,
): Promise<{ inputs: PropertyBag; failures: CheckFailure[] }> {
  const definition = resourceKind(kind);
  const given = withoutProvider(news);
  const failures: CheckFailure[] = [];
  const relaxed: Record<string, z.ZodType> = {};
  for (const [key, value] of Object.entries(given)) {
    if (!(key in definition.inputs.shape)) {
      failures.push({ property: key, reason: `is not a property of ${kind}` });
    } else if (isUnknown(value)) {
      relaxed[key] = z.any();
    }
  }
  const schema = Object.keys(relaxed).length > 0 ? definition.inputs.extend(relaxed) : definition.inputs;
  const result = schema.safeParse(given);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const property = issue.path.map(String).join(".");
      failures.push({ property, reason: issue.code === "invalid_type" ? typeReason(issue) : issue.message });
    }
    return { inputs: given, failures };
  }
  if (failures.length === 0 && definition.validate) failures.push(...definition.validate(result.data as never));
  if (failures.length > 0) return { inputs: given, failures };
  const inputs = result.data as PropertyBag;
  for (const [key, value] of Object.entries(definition.derive?.(inputs as never) ?? {})) {
    // A value built from an input unknown at preview is itself unknown.
    if (value !== undefined) inputs[key] = String(value).includes(unknownValue) ? unknownValue : value;
  }
  return { inputs, failures };
}

function typeReason(issue: z.core.$ZodIssue): string {
  const expected = (issue as { expected?: string }).expected;
  return issue.message.startsWith("Invalid input: expected") && expected
    ? `is required and must be a ${expected}`.replace("a array", "an array").replace("a object", "an object")
    : issue.message;
}

/** Compares state with new inputs: which fields change, and whether that needs a replacement. */
export async function diff(
  kind: string,
  _id: string,
  olds: PropertyBag,
  news: PropertyBag,
): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }> {
  const definition = resourceKind(kind);
  const replacing = (key: string) => metaOf(definition.inputs.shape[key]).replaceOnChange === true;
  // An optional setting left unset is not managed, so whatever Quay has is no change; an identity
  // input (one that replaces) going unset is a change of identity.
  const changed = inputKeys(definition).filter(
    (key) => (news[key] !== undefined || replacing(key)) && (isUnknown(news[key]) || !sameValue(olds[key], news[key])),
  );
  const replaces = changed.filter(replacing);
  return {
    changes: changed.length > 0,
    replaces,
    deleteBeforeReplace: definition.deleteBeforeReplace && replaces.length > 0,
  };
}

/** Deep equality for JSON values; `undefined`, `null` and a missing key are the same. */
function sameValue(left: unknown, right: unknown): boolean {
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

/** Creates the object and returns its id and every input echoed with the output-only values. */
export async function create(
  kind: string,
  config: ConfigSource | undefined,
  inputs: PropertyBag,
): Promise<{ id: string; outs: PropertyBag }> {
  const definition = resourceKind(kind);
  const checked = withoutProvider(inputs);
  return describeFailure("creating", definition, checked, async () => {
    const context = contextFor(config, checked);
    if (context.adopt) {
      const adopted = await adopt(definition, context, checked);
      if (adopted) return adopted;
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        const created = await definition.create(context, checked as never);
        return { id: created.id, outs: { ...checked, ...created.outputs } };
      } catch (error) {
        if (!mayHaveApplied(error) || attempt >= createAttempts) throw error;
        // The answer was lost, and Quay may have acted: look before trying again, so that a
        // retried create makes no duplicate and a half-done one is completed.
        const applied = await adopt(definition, context, checked);
        if (applied) return complete(definition, context, applied, checked);
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
}

/** How often a create is tried when its answer is lost (a dropped connection, a 502/503/504, a timeout). */
const createAttempts = 6;

/** Whether a failed write may still have been applied by Quay. */
function mayHaveApplied(error: unknown): boolean {
  const code = errorCode(error);
  const status = (error as { status?: number }).status;
  return code === "QUAY_CONNECTION" || code === "QUAY_TIMEOUT" || (code === "QUAY_SERVER_ERROR" && status !== 500);
}

/** Finishes a create whose first step Quay applied but whose later steps did not run. */
async function complete(
  definition: AnyResourceDefinition,
  context: CrudContext,
  applied: { id: string; outs: PropertyBag },
  inputs: PropertyBag,
): Promise<{ id: string; outs: PropertyBag }> {
  const pending = await diff(definition.kind, applied.id, applied.outs, inputs);
  if (!pending.changes || !definition.update) return applied;
  const outputs = await definition.update(context, applied.id, applied.outs as never, inputs as never);
  return { id: applied.id, outs: { ...inputs, ...outputs } };
}

/**
 * Takes over an existing object instead of creating it, with no write to Quay. The state records
 * what Quay has, so a managed input that differs shows as an update in the next preview; a
 * difference in an input that would need replacement is refused here, naming the fields.
 */
async function adopt(
  definition: AnyResourceDefinition,
  context: CrudContext,
  inputs: PropertyBag,
): Promise<{ id: string; outs: PropertyBag } | undefined> {
  const id = await definition.locate(context, inputs as never);
  if (id === undefined) return undefined;
  const current = (await definition.read(context, id, inputs as never)) as PropertyBag | undefined;
  if (current === undefined) return undefined;
  const conflicts = inputKeys(definition).filter(
    (key) =>
      metaOf(definition.inputs.shape[key]).replaceOnChange === true &&
      !isSecretInput(definition, key) &&
      inputs[key] !== undefined &&
      !sameValue(inputs[key], current[key]),
  );
  if (conflicts.length > 0) {
    const details = conflicts.map(
      (key) => `${key} (Quay has ${JSON.stringify(current[key])}, the program ${JSON.stringify(inputs[key])})`,
    );
    throw new Error(
      `cannot adopt ${definition.kind} ${id}: it differs from the declaration in ${details.join(", ")}, which ` +
        "would replace it. Change the program to match Quay, or remove the object from Quay; nothing was changed.",
    );
  }
  const outs: PropertyBag = { ...inputs };
  for (const key of inputKeys(definition)) {
    if (key !== "connection" && inputs[key] !== undefined && !isSecretInput(definition, key)) outs[key] = current[key];
  }
  for (const key of Object.keys(definition.outputs.shape)) outs[key] = current[key];
  return { id, outs };
}

/** Reads the object for refresh; no `id` in the answer means it is gone and leaves the state. */
export async function read(
  kind: string,
  config: ConfigSource | undefined,
  id: string,
  props: PropertyBag,
): Promise<{ id?: string; props?: PropertyBag; inputs?: PropertyBag }> {
  const definition = resourceKind(kind);
  const state = withoutProvider(props);
  return describeFailure("reading", definition, state, async () => {
    const current = await definition.read(contextFor(config, state), id, state);
    if (current === undefined) return {};
    const refreshed: PropertyBag = { ...state };
    for (const key of Object.keys(definition.inputs.shape)) {
      // Refresh what the program manages: identity, and optional inputs it set. Secrets Quay never
      // returns keep their last applied value.
      const managed = state[key] !== undefined || !isOptional(definition, key);
      if (key !== "connection" && managed && !isSecretInput(definition, key)) {
        refreshed[key] = (current as PropertyBag)[key];
      }
    }
    for (const key of Object.keys(definition.outputs.shape)) refreshed[key] = (current as PropertyBag)[key];
    const inputs = Object.fromEntries(
      inputKeys(definition)
        .filter((key) => refreshed[key] !== undefined)
        .map((key) => [key, refreshed[key]]),
    );
    return { id, props: refreshed, inputs };
  });
}

function isOptional(definition: AnyResourceDefinition, key: string): boolean {
  return (definition.inputs.shape[key] as z.ZodType).safeParse(undefined).success;
}

/** Secret inputs Quay never returns (passwords) keep their last applied value. */
function isSecretInput(definition: AnyResourceDefinition, key: string): boolean {
  return metaOf(definition.inputs.shape[key]).secret === true;
}

/** Applies in-place changes and returns the new state. */
export async function update(
  kind: string,
  config: ConfigSource | undefined,
  id: string,
  olds: PropertyBag,
  news: PropertyBag,
): Promise<{ outs: PropertyBag }> {
  const definition = resourceKind(kind);
  const state = withoutProvider(olds);
  const inputs = withoutProvider(news);
  return describeFailure("updating", definition, inputs, async () => {
    if (!definition.update) {
      // Every input of such a kind replaces it except `connection`, which only says where to reach it.
      const outputs = Object.fromEntries(Object.keys(definition.outputs.shape).map((key) => [key, state[key]]));
      return { outs: { ...inputs, ...outputs } };
    }
    const outputs = await definition.update(contextFor(config, inputs), id, state as never, inputs as never);
    return { outs: { ...inputs, ...outputs } };
  });
}

/** Deletes the object; already gone counts as deleted. */
export async function deleteResource(
  kind: string,
  config: ConfigSource | undefined,
  id: string,
  props: PropertyBag,
): Promise<void> {
  const definition = resourceKind(kind);
  const state = withoutProvider(props);
  await describeFailure("deleting", definition, state, async () => {
    await definition.delete(contextFor(config, state), id, state as never);
  });
}

/** Prefixes a failure with what was being done to which object: `creating Organization "acme": …`. */
async function describeFailure<T>(
  verb: string,
  definition: AnyResourceDefinition,
  properties: PropertyBag,
  action: () => Promise<T>,
): Promise<T> {
  try {
    return await action();
  } catch (error) {
    const label = typeof properties.name === "string" ? ` "${properties.name}"` : "";
    const wrapped = new Error(`${verb} ${definition.kind}${label}: ${(error as Error).message}`, { cause: error });
    const code = errorCode(error);
    if (code) Object.assign(wrapped, { code });
    throw wrapped;
  }
}
