/**
 * `create`: makes the object, or, with `quay:adopt`, takes over an existing one with the same natural
 * key and sets in place what differs. A create whose answer is lost looks the object up before
 * trying again, so a retry makes no duplicate and a half-done create is finished.
 */
import { findKind } from "../catalog";
import { retrying } from "../quay/backoff";
import type { ConfigSource } from "../quay/config";
import { isQuayError, QuayOperationError, statusOf } from "../quay/errors";
import { type CreatedObject, completing, createdObjectOf } from "../resources/_shared/completing";
import { type AnyResourceDefinition, type CrudContext, metaOf } from "../resources/_shared/define";
import { restoreAfterCreate } from "./carry-over";
import { contextFor } from "./context";
import { describeFailure } from "./failure";
import {
  changedInputs,
  inputKeys,
  isSecretInput,
  isWriteOnly,
  type PropertyBag,
  replaces,
  sameValue,
  withoutProvider,
  withoutUndefined,
} from "./values";

/** An object as the engine records it: its id and every input echoed with the output-only values. */
export interface Recorded {
  id: string;
  outs: PropertyBag;
}

/** Creates the object and returns its id and state. */
export async function create(kind: string, config: ConfigSource | undefined, inputs: PropertyBag): Promise<Recorded> {
  const definition = findKind(kind);
  const checked = withoutProvider(inputs);
  return describeFailure("creating", definition, checked, async () => {
    const context = contextFor(config, checked);
    if (context.adopt) {
      const adopted = await adopt(definition, context, checked);
      if (adopted) return converge(definition, context, adopted, checked);
    }
    // Quay keys some kinds by no name (notifications, messages, applications): identical objects may
    // exist already, and must never be taken for the one a lost answer made.
    const preexisting = await identicalIds(definition, context, checked);
    let lost: unknown;
    return retrying(
      async () => {
        if (lost !== undefined) {
          // The last answer was lost, and Quay may have acted: look before trying again.
          const applied = await adopt(definition, context, checked, preexisting).catch((lookup: unknown) => {
            throw QuayOperationError.wrapping(
              `${(lost as Error).message}; looking for what Quay may have made of it failed too: ${(lookup as Error).message}`,
              lost,
              "QUAY_UNEXPECTED",
            );
          });
          if (applied) return finished(definition, context, await converge(definition, context, applied, checked));
        }
        try {
          const created = await definition.create(context, checked as never);
          // Awaited here, so a failed carry-over still records the object it follows (below).
          return await finished(definition, context, record(created.id, { ...checked, ...created.outputs }, context));
        } catch (error) {
          const made = createdObjectOf(error);
          if (made !== undefined) {
            const failure = await incomplete(definition, context, made, checked, error);
            // The dynamic host reads and deletes with the provider text in state: keep it with what is recorded.
            if (inputs.__provider !== undefined) failure.properties.__provider = inputs.__provider;
            throw failure;
          }
          lost = mayHaveApplied(error) ? error : undefined;
          throw error;
        }
      },
      { budgetMs: 60_000, maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 2_000, retryable: mayHaveApplied },
    );
  });
}

/**
 * The ids of objects identical to `inputs`, for kinds Quay keys by no name (empty for the others): each
 * `locate` skips those found before, and reads from the client's cache.
 */
async function identicalIds(
  definition: AnyResourceDefinition,
  context: CrudContext,
  inputs: PropertyBag,
): Promise<ReadonlySet<string>> {
  const found = new Set<string>();
  while (definition.naturalKey.length === 0) {
    const id = await definition.locate(context, inputs as never, found);
    if (id === undefined || found.has(id)) break;
    found.add(id);
  }
  return found;
}

/** A created (or adopted) replacement given what its predecessor held; a failure keeps it recorded. */
async function finished(
  definition: AnyResourceDefinition,
  context: CrudContext & { quayUrl: string },
  made: Recorded,
): Promise<Recorded> {
  await completing(made.id, [], () => restoreAfterCreate(definition, context, made.id, made.outs), made.outs);
  return made;
}

/** The recorded state of an object: undefined values dropped (Pulumi cannot store them), `quayUrl` added. */
export function record(id: string, outs: PropertyBag, context: { quayUrl: string }): Recorded {
  return { id, outs: withoutUndefined({ ...outs, quayUrl: context.quayUrl }) };
}

/** Whether a failed write may still have been applied by Quay: a lost answer, a timeout, a gateway error. */
function mayHaveApplied(error: unknown): boolean {
  if (isQuayError(error, "QUAY_CONNECTION", "QUAY_TIMEOUT")) return true;
  return isQuayError(error, "QUAY_SERVER_ERROR") && statusOf(error) !== 500;
}

/**
 * The error for an object Quay created although a later step of its create failed: it carries the id and
 * the state Quay has, so the engine records the object as created but not initialised, and the next `up`
 * updates it in place instead of creating it again.
 */
async function incomplete(
  definition: AnyResourceDefinition,
  context: CrudContext & { quayUrl: string },
  made: CreatedObject,
  inputs: PropertyBag,
  failure: unknown,
): Promise<QuayOperationError & { properties: PropertyBag }> {
  const id = made.id;
  // What Quay has: read back when it can be, else the inputs without those the failed steps were to apply.
  const applied = Object.fromEntries(Object.entries(inputs).filter(([key]) => !made.pending.includes(key)));
  const current = (await definition.read(context, id, applied as never).catch(() => undefined)) as
    | PropertyBag
    | undefined;
  const outs: PropertyBag = { ...applied, ...made.outputs, ...current };
  const reason = `${definition.kind} ${id} exists in Quay, but its create did not finish: ${(failure as Error).message}`;
  const properties = record(id, outs, context).outs;
  return new QuayOperationError("QUAY_INCOMPLETE", reason, {
    cause: failure,
    recorded: { id, properties },
  }) as QuayOperationError & {
    properties: PropertyBag;
  };
}

/** Sets in place what differs between an adopted object and the declaration. */
async function converge(
  definition: AnyResourceDefinition,
  context: CrudContext & { quayUrl: string },
  adopted: Recorded,
  inputs: PropertyBag,
): Promise<Recorded> {
  const changed = changedInputs(definition, adopted.outs, inputs);
  if (changed.length === 0 || !definition.update) return adopted;
  context.log(`${definition.kind} "${definition.label(inputs as never)}": setting ${changed.join(", ")} in place`);
  const outputs = await definition.update(
    context,
    adopted.id,
    adopted.outs as never,
    inputs as never,
    new Set(changed),
  );
  return record(adopted.id, { ...inputs, ...outputs }, context);
}

/**
 * Takes over an existing object instead of creating it. The state records what Quay has; an input
 * that differs and would need replacement is refused here, naming the fields, before anything changes.
 * Inputs Quay never returns (passwords) take the declared value.
 */
async function adopt(
  definition: AnyResourceDefinition,
  context: CrudContext & { quayUrl: string },
  inputs: PropertyBag,
  excluding?: ReadonlySet<string>,
): Promise<Recorded | undefined> {
  const id = await definition.locate(context, inputs as never, excluding);
  if (id === undefined) return undefined;
  const current = (await definition.read(context, id, inputs as never)) as PropertyBag | undefined;
  if (current === undefined) return undefined;
  const conflicts = inputKeys(definition).filter(
    (key) =>
      (replaces(definition, key) || metaOf(definition.inputs.shape[key]).fixed !== undefined) &&
      !isWriteOnly(definition, key) &&
      inputs[key] !== undefined &&
      !sameValue(inputs[key], current[key]),
  );
  if (conflicts.length > 0) {
    const details = conflicts.map((key) =>
      isSecretInput(definition, key)
        ? key
        : `${key} (Quay has ${JSON.stringify(current[key])}, the program ${JSON.stringify(inputs[key])})`,
    );
    throw new QuayOperationError(
      "QUAY_REFUSED",
      `cannot adopt ${definition.kind} ${id}: it differs from the declaration in ${details.join(", ")}, which ` +
        "would replace it. Change the program to match Quay, or remove the object from Quay; nothing was changed.",
    );
  }
  const outs: PropertyBag = { ...inputs };
  for (const key of inputKeys(definition)) {
    if (key !== "connection" && inputs[key] !== undefined && !isWriteOnly(definition, key)) outs[key] = current[key];
  }
  for (const key of Object.keys(definition.outputs.shape)) outs[key] = current[key];
  return record(id, outs, context);
}
