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

/** `util/names.py` with `FEATURE_EXTENDED_REPOSITORY_NAMES` (Quay's default): nested names such as `team/app`. */
export const repositoryNamePattern = /^(?=.{0,255}$)[a-z0-9][.a-z0-9_-]*(?:\/[a-z0-9][.a-z0-9_-]*)*$/;

/** A repository name below its namespace; may be nested (`team/app`). */
export function repositoryName() {
  return z.string().regex(repositoryNamePattern, {
    error:
      "must be lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, with '/' between nested parts, at most 255 characters",
  });
}

/** A full repository reference, `namespace/name` (the name may be nested). */
export function repositoryReference() {
  return z.string().refine(
    (value) => {
      const slash = value.indexOf("/");
      return (
        slash > 0 && namespacePattern.test(value.slice(0, slash)) && repositoryNamePattern.test(value.slice(slash + 1))
      );
    },
    { error: "must be <namespace>/<name>, e.g. acme/api or acme/team/app" },
  );
}

/** A robot account's full name, `<namespace>+<shortname>`. */
export const robotNamePattern = /^([a-z0-9]+(?:[._-][a-z0-9]+)*)\+([a-z0-9]+(?:[._-][a-z0-9]+)*)$/;

/** A user or robot (`org+name`) as a permission or membership subject. */
export function userOrRobotName() {
  return z.string().refine((value) => namespacePattern.test(value) || robotNamePattern.test(value), {
    error: "must be a user name or a robot's full name such as acme+deployer",
  });
}

/** Splits `namespace/name` at the first slash: the name may be nested. */
export function splitRepository(reference: string): { namespace: string; name: string } {
  const slash = reference.indexOf("/");
  return { namespace: reference.slice(0, slash), name: reference.slice(slash + 1) };
}
