/** Quay's name rules (docs/quay-behavior.md §1.8), as patterns for ids and zod schemas whose messages state the rule. */
import { z } from "zod";

/** `util/validation.py:validate_username`, unanchored: users, organizations, teams and robot short names. */
export const namespacePart = /[a-z0-9]+(?:[._-][a-z0-9]+)*/;
/** A repository name below its namespace, unanchored; nested names (`team/app`) need extended names (the default). */
export const repositoryNamePart = /[a-z0-9][.a-z0-9_-]*(?:\/[a-z0-9][.a-z0-9_-]*)*/;
/** A full repository reference, `namespace/name`, unanchored. */
export const repositoryPart = new RegExp(`${namespacePart.source}/${repositoryNamePart.source}`);
/** A robot's full name, `<namespace>+<shortname>`, unanchored. */
export const robotPart = new RegExp(`${namespacePart.source}\\+${namespacePart.source}`);
/** A user or a robot, unanchored. */
export const userOrRobotPart = new RegExp(`${robotPart.source}|${namespacePart.source}`);

/** `pattern` matching whole strings only. */
export function anchored(pattern: RegExp): RegExp {
  return new RegExp(`^(?:${pattern.source})$`);
}

/** Whole-string match of a user, organization or team name. */
export const namespacePattern = anchored(namespacePart);
/** Whole-string match of a robot's full name; groups 1 and 2 are its namespace and short name. */
export const robotNamePattern = new RegExp(`^(${namespacePart.source})\\+(${namespacePart.source})$`);

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

/** A repository name below its namespace; may be nested (`team/app`), at most 255 characters. */
export function repositoryName() {
  return z.string().max(255, { error: "must be at most 255 characters long" }).regex(anchored(repositoryNamePart), {
    error:
      "must be lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, with '/' between nested parts, at most 255 characters",
  });
}

/** A full repository reference, `namespace/name` (the name may be nested). */
export function repositoryReference() {
  return z
    .string()
    .regex(anchored(repositoryPart), { error: "must be <namespace>/<name>, e.g. acme/api or acme/team/app" });
}

/** A robot's full name, `<namespace>+<shortname>`. */
export function robotName() {
  return z.string().regex(robotNamePattern, { error: "must be a robot's full name such as acme+puller" });
}

/** A user or robot (`org+name`) as a permission or membership subject. */
export function userOrRobotName() {
  return z.string().regex(anchored(userOrRobotPart), {
    error: "must be a user name or a robot's full name such as acme+deployer",
  });
}
