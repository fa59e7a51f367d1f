/**
 * The operations by kind name, for the two front doors (the dynamic runtime and the native provider): a
 * kind's own operations, or a composite's, which apply its objects through those same operations.
 */
import { findComposite } from "../catalog";
import type { ConfigSource } from "../quay/config";
import { QuayConfigError } from "../quay/errors";
import { type CheckFailure, check as checkObject } from "./check";
import { compositeCheck } from "./composite/check";
import { compositeDiff, type PathChange } from "./composite/diff";
import { compositeCreate, compositeDelete, compositeRead, compositeUpdate } from "./composite/lifecycle";
import { create as createObject, type Recorded } from "./create";
import { type DiffResult, diff as diffObject } from "./diff";
import { deleteResource as deleteObject, read as readObject, update as updateObject } from "./lifecycle";
import { unreachable } from "./reach";
import { isUnknown, type PropertyBag, withoutProvider } from "./values";

/**
 * Validates `news` for `kind`; returns the checked inputs and the failures. For an object to create (no
 * `olds`), the connection is asked once per run whether it reaches Quay with a token Quay takes.
 */
export async function check(
  kind: string,
  news: PropertyBag,
  config?: ConfigSource,
  olds: PropertyBag = {},
): Promise<{ inputs: PropertyBag; failures: CheckFailure[] }> {
  const composite = findComposite(kind);
  const result = composite ? await compositeCheck(composite, news, config) : await checkObject(kind, news, config);
  if (result.failures.length > 0 || Object.keys(withoutProvider(olds)).length > 0 || isUnknown(news.connection)) {
    return result;
  }
  const problem = await unreachable(config, result.inputs);
  return problem === undefined ? result : { ...result, failures: [{ property: "", reason: problem }] };
}

/**
 * Compares state with checked inputs; a composite also tells each changed path of its shape. A change asks
 * the connection once per run whether it reaches Quay with a token Quay takes.
 */
export async function diff(
  kind: string,
  olds: PropertyBag,
  news: PropertyBag,
  config?: ConfigSource,
  id?: string,
): Promise<DiffResult & { paths?: Record<string, PathChange> }> {
  const composite = findComposite(kind);
  const result = composite
    ? await compositeDiff(composite, olds, news, config)
    : await diffObject(kind, olds, news, config, id);
  const problem = result.changes ? await unreachable(config, news) : undefined;
  if (problem !== undefined) throw new QuayConfigError(problem);
  return result;
}

/** Creates the object (or every object of a composite) and returns its id and state. */
export function create(kind: string, config: ConfigSource | undefined, inputs: PropertyBag): Promise<Recorded> {
  const composite = findComposite(kind);
  return composite ? compositeCreate(composite, config, inputs) : createObject(kind, config, inputs);
}

/** Reads the object for refresh; no `id` in the answer means it is gone. */
export function read(
  kind: string,
  config: ConfigSource | undefined,
  id: string,
  props: PropertyBag,
): Promise<{ id?: string; props?: PropertyBag; inputs?: PropertyBag }> {
  const composite = findComposite(kind);
  return composite ? compositeRead(composite, config, id, props) : readObject(kind, config, id, props);
}

/** Applies in-place changes and returns the new state. */
export function update(
  kind: string,
  config: ConfigSource | undefined,
  id: string,
  olds: PropertyBag,
  news: PropertyBag,
): Promise<{ outs: PropertyBag }> {
  const composite = findComposite(kind);
  return composite ? compositeUpdate(composite, config, olds, news) : updateObject(kind, config, id, olds, news);
}

/** Deletes the object (or every object of a composite); already gone counts as deleted. */
export function deleteResource(
  kind: string,
  config: ConfigSource | undefined,
  id: string,
  props: PropertyBag,
): Promise<void> {
  const composite = findComposite(kind);
  return composite ? compositeDelete(composite, config, props) : deleteObject(kind, config, id, props);
}
