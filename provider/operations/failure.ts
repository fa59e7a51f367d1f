/** How a failed operation is reported: what was being done to which object, and no secret in the text. */
import { QuayOperationError } from "../quay/errors";
import { type AnyDeclaration, metaOf } from "../resources/_shared/define";
import type { PropertyBag } from "./values";

/** The values of the secret inputs and outputs in `properties`: text that must never be shown. */
export function secretValues(definition: AnyDeclaration, properties: PropertyBag): string[] {
  const shapes = { ...definition.inputs.shape, ...definition.outputs.shape };
  const found: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === "string" && value.length >= 4) found.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") Object.values(value).forEach(collect);
  };
  for (const [key, schema] of Object.entries(shapes)) {
    if (metaOf(schema).secret === true) collect(properties[key]);
  }
  return found;
}

/** `text` with every occurrence of `secrets` replaced by `[secret]`. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((redacted, secret) => redacted.split(secret).join("[secret]"), text);
}

/**
 * Runs `action`, prefixing a failure with what was being done to which object
 * (`creating Organization "acme": …`), keeping its code, and redacting the object's secrets.
 */
export async function describeFailure<T>(
  verb: string,
  definition: AnyDeclaration,
  properties: PropertyBag,
  action: () => Promise<T>,
): Promise<T> {
  try {
    return await action();
  } catch (error) {
    let label = "";
    try {
      label = ` "${definition.label(properties as never)}"`;
    } catch {
      // An object too incomplete to name is named by its kind alone.
    }
    const secrets = secretValues(definition, properties);
    const message = redact(`${verb} ${definition.kind}${label}: ${(error as Error).message}`, secrets);
    // An object created but not finished: the engine records it (see operations/create.ts).
    const { id, properties: recorded } = error as Partial<QuayOperationError>;
    throw QuayOperationError.wrapping(message, error, "QUAY_UNEXPECTED", {
      recorded: typeof id === "string" && recorded ? { id, properties: recorded } : undefined,
    });
  }
}
