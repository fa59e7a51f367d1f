/**
 * `check`: validates inputs at preview, before any API call, naming the field and the rule. Values
 * unknown at preview are let through unchecked; a secret's value never reaches a failure.
 */
import { z } from "zod";
import { findKind } from "../catalog";
import type { ConfigSource } from "../quay/config";
import { isQuayError } from "../quay/errors";
import { type AnyResourceDefinition, metaOf } from "../resources/_shared/define";
import { contextFor } from "./context";
import { isSecretInput, isUnknown, type PropertyBag, unknownValue, withoutProvider } from "./values";

/** One input that failed validation: the property and the rule it broke. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** Validates `news` for `kind`; returns the checked inputs (defaults applied, derived outputs added). */
export async function check(
  kind: string,
  news: PropertyBag,
  config?: ConfigSource,
): Promise<{ inputs: PropertyBag; failures: CheckFailure[] }> {
  const definition = findKind(kind);
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
    return { inputs: given, failures: failures.map((failure) => withoutSecretValue(definition, failure)) };
  }
  if (failures.length === 0 && definition.validate) failures.push(...definition.validate(result.data as never));
  if (failures.length === 0 && config !== undefined) failures.push(...connectionFailures(config, given));
  if (failures.length > 0) {
    return { inputs: given, failures: failures.map((failure) => withoutSecretValue(definition, failure)) };
  }
  const inputs = result.data as PropertyBag;
  for (const [key, value] of Object.entries(definition.derive?.(inputs as never) ?? {})) {
    // A value built from an input unknown at preview is itself unknown.
    if (value !== undefined) inputs[key] = String(value).includes(unknownValue) ? unknownValue : value;
  }
  return { inputs, failures };
}

/** The connection's settings must be complete and valid before anything is planned against it. */
export function connectionFailures(config: ConfigSource, inputs: PropertyBag): CheckFailure[] {
  if (isUnknown(inputs.connection)) return [];
  try {
    contextFor(config, inputs);
    return [];
  } catch (error) {
    if (!isQuayError(error, "QUAY_CONFIG")) throw error;
    return [{ property: "", reason: error.message }];
  }
}

/**
 * The engine prints a failing property's value beside the reason, so a failure on a secret input (or
 * inside one, or on one that may hold a credential by mistake) names the property in the reason and
 * points at no property.
 */
function withoutSecretValue(definition: AnyResourceDefinition, failure: CheckFailure): CheckFailure {
  const top = failure.property.split(".")[0];
  if (top === "" || !(top in definition.inputs.shape)) return failure;
  const quiet = isSecretInput(definition, top) || metaOf(definition.inputs.shape[top]).quietOnFailure === true;
  return quiet ? { property: "", reason: `${failure.property} ${failure.reason}` } : failure;
}

function typeReason(issue: z.core.$ZodIssue): string {
  const expected = (issue as { expected?: string }).expected;
  return issue.message.startsWith("Invalid input: expected") && expected
    ? `is required and must be a ${expected}`.replace("a array", "an array").replace("a object", "an object")
    : issue.message;
}
