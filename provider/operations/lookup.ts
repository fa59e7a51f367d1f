/**
 * Lookups: what a program reads about an object it uses but does not manage (an organization, a robot and
 * its token), with GET requests only, through the kind's own `locate` and `read`.
 */
import { findKind } from "../catalog";
import type { ConfigSource } from "../quay/config";
import { isQuayError, QuayOperationError } from "../quay/errors";
import { contextFor } from "./context";
import { describeFailure } from "./failure";
import { type PropertyBag, withoutUndefined } from "./values";

/** The object of `kind` that `key` (its natural key and `connection`) names, as the kind reads it, with its id. */
export async function lookup(kind: string, key: PropertyBag, config: ConfigSource): Promise<PropertyBag> {
  const definition = findKind(kind);
  if (definition.naturalKey.length === 0) {
    throw new QuayOperationError("QUAY_INVALID_INPUT", `${kind} has no natural key to look it up by`);
  }
  return describeFailure("looking up", definition, key, async () => {
    const context = contextFor(config, key);
    const id = await definition.locate(context, key as never);
    const missing = `Quay has no ${kind} "${definition.label(key as never)}" (or the token cannot see it)`;
    const found =
      id === undefined
        ? undefined
        : ((await definition.read(context, id, key as never, "everything").catch((error: unknown) => {
            // Quay answers 403 about an organization that does not exist to all but superusers.
            if (!isQuayError(error, "QUAY_FORBIDDEN")) throw error;
            throw QuayOperationError.wrapping(`${missing}: ${(error as Error).message}`, error, "QUAY_FORBIDDEN");
          })) as PropertyBag | undefined);
    if (id === undefined || found === undefined) throw new QuayOperationError("QUAY_NOT_FOUND", missing);
    return withoutUndefined({ ...key, ...found, id, quayUrl: context.quayUrl });
  });
}
