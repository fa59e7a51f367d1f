/**
 * The late-bound runtime entry that serialized providers `require("pulumi-quay/runtime")`.
 *
 * COMPATIBILITY CONTRACT: state written by any earlier version runs this module's `read` and
 * `deleteResource` with its stored provider text, so the exported names and signatures below must
 * never change incompatibly. Add new exports or optional trailing parameters; do not rename or
 * remove these.
 */
import { findComposite } from "./catalog";
import * as operations from "./operations/dispatch";
import { withSecrets } from "./operations/secrets";
import type { PropertyBag } from "./operations/values";
import type { ConfigSource } from "./quay/config";

export type { CheckFailure } from "./operations/check";
export { blueprintChildren } from "./operations/composite/blueprint";
export { create, update } from "./operations/dispatch";
export { type DeclaredIdentity, declaredIdentity } from "./operations/identity";
export { lookup } from "./operations/lookup";
export { type MissingReference, missingReferences } from "./operations/references";
export { type PropertyBag, unknownValue } from "./operations/values";

/**
 * Validates inputs at preview and update; `config` lets it check the connection's settings too. A
 * composite's checked inputs carry Pulumi's secret marks where its schema has secrets, at any depth, so a
 * secret nested in its shape (a mirror's password) is kept secret by the engine without hiding what
 * surrounds it. (A kind's own secret inputs are marked by its SDK class.)
 */
export const check = quietly(async (kind: string, olds: PropertyBag, news: PropertyBag, config?: ConfigSource) => {
  const result = await operations.check(kind, news, config, olds);
  const composite = findComposite(kind);
  return composite ? { ...result, inputs: withSecrets(composite.inputs.shape, result.inputs) } : result;
});

/** Compares state with new inputs: whether anything changes, what replaces, and in which order. */
export const diff = quietly(
  async (
    kind: string,
    id: string,
    olds: PropertyBag,
    news: PropertyBag,
    config?: ConfigSource,
  ): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }> => {
    const { changes, replaces, deleteBeforeReplace } = await operations.diff(kind, olds, news, config, id);
    return { changes, replaces, deleteBeforeReplace };
  },
);

/** Reads the object for refresh; no `id` in the answer means it is gone. */
export const read = quietly(operations.read);

/** Deletes the object (or every object of a composite); already gone counts as deleted. */
export const deleteResource = quietly(operations.deleteResource);

/**
 * The lines the dynamic-provider host is about to print. It prints every failed check, diff, read and delete
 * to stderr with its stack (`${error}: ${error.stack}`) besides returning it to the engine, which shows it:
 * the user would read each failure twice, the second time with a stack trace of this package's insides.
 */
const printedByHost = new Set<string>();

/** `operation`, whose failures the host does not print a second time. */
function quietly<A extends unknown[], R>(operation: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await operation(...args);
    } catch (error) {
      printedByHost.add(`${error}: ${(error as Error | undefined)?.stack}`);
      leaveOutHostReports();
      throw error;
    }
  };
}

let leavingOut = false;

/** Makes `console.error` skip the one line the host prints for each failure noted in {@link printedByHost}. */
function leaveOutHostReports(): void {
  if (leavingOut) return;
  leavingOut = true;
  const print = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && printedByHost.delete(args[0])) return;
    print(...args);
  };
}
