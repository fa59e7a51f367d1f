/** Quay's name rules (quay-behavior.md §1.8), as zod schemas with messages that state the rule. */
import { z } from "zod";

/** `util/validation.py:validate_username`: users, organizations and robot short names. */
export const namespacePattern = /^([a-z0-9]+(?:[._-][a-z0-9]+)*)$/;

/** A user or organization name: 2–255 characters of `[a-z0-9]` joined by single `.`, `_` or `-`. */
export function namespaceName() {
  return z
    .string()
    .min(2, { error: "must be at least 2 characters long" })
    .max(255, { error: "must be at most 255 characters long" })
    .regex(namespacePattern, {
      error:
        "must be lowercase letters and digits, with single '.', '_' or '-' between them (^([a-z0-9]+(?:[._-][a-z0-9]+)*)$)",
    });
}
