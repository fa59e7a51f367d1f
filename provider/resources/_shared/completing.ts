/**
 * Creates in several steps (a robot, then its federation; a quota, then its limits): when a later step
 * fails, the object exists in Quay. The error then carries the object's id, so the operations record it
 * as created-but-incomplete instead of forgetting it, and the next `pulumi up` finishes it in place
 * rather than failing on a name Quay already has.
 */

import { type CreatedObject, QuayOperationError } from "../../quay/errors";

export type { CreatedObject };

/** What a failed create made, when its object exists in Quay although a later step failed. */
export function createdObjectOf(error: unknown): CreatedObject | undefined {
  const created = (error as Partial<QuayOperationError> | undefined)?.created;
  return typeof created?.id === "string" ? created : undefined;
}

/**
 * Runs the steps that follow the creation of the object `id`, which apply the inputs `pending`; a failure
 * is tagged with what was made, including `outputs` already known.
 */
export async function completing<T>(
  id: string,
  pending: string[],
  steps: () => Promise<T>,
  outputs: Record<string, unknown> = {},
): Promise<T> {
  try {
    return await steps();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw QuayOperationError.wrapping(message, error, "QUAY_INCOMPLETE", { created: { id, outputs, pending } });
  }
}
