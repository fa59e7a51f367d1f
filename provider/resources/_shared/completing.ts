/**
 * Creates in several steps (a robot, then its federation; a quota, then its limits): when a later step
 * fails, the object exists in Quay. The error then carries the object's id, so the operations record it
 * as created-but-incomplete instead of forgetting it, and the next `pulumi up` finishes it in place
 * rather than failing on a name Quay already has.
 */

/** What a failed create knows about the object it made. */
export interface CreatedObject {
  /** The object's id. */
  id: string;
  /** Output values known before the failing step (a robot's token). */
  outputs: Record<string, unknown>;
  /** The inputs the failed steps were to apply: Quay does not have them yet. */
  pending: string[];
}

/** What a failed create made, when its object exists in Quay although a later step failed. */
export function createdObjectOf(error: unknown): CreatedObject | undefined {
  const created = (error as { createdObject?: CreatedObject } | undefined)?.createdObject;
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
    const createdObject: CreatedObject = { id, outputs, pending };
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), { createdObject });
  }
}
