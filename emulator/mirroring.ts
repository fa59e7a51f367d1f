/**
 * The request rules of mirroring (`endpoints/api/mirror.py`, docs/quay-behavior.md §9): the body schema
 * and its checks of the external reference (SSRF), architectures, tag rules and robot, by Quay version.
 */
import { atLeast, type RequestContext } from "./context";
import type { RepositoryRecord } from "./records";
import { apiError, detailError, messageError } from "./replies";
import type { BodySchema } from "./schema";
import { BlockedLocation, validateRegistryReference } from "./ssrf";

/** How Quay wants `sync_start_date`. */
export const datePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** The architectures a mirror may filter on (`VALID_ARCHITECTURES`), sorted. */
export const mirrorArchitectures = ["amd64", "arm64", "ppc64le", "s390x"];

/** `skopeo_timeout_interval` exists from Quay 3.15; earlier releases reject it (§9, [ver]). */
export function hasSkopeoTimeout(context: RequestContext): boolean {
  return atLeast(context.version, "3.15");
}

/** Mirror references are checked in 3.17 (3.17.4) and master, not in 3.18.0 or earlier releases (§9, §0.20). */
export function checksReferences(context: RequestContext): boolean {
  return context.version === "master" || context.version === "3.17";
}

/** `common_properties` of Quay's mirror schemas. */
export function commonProperties(context: RequestContext): Record<string, BodySchema> {
  const properties: Record<string, BodySchema> = {
    is_enabled: { type: "boolean" },
    external_reference: { type: "string" },
    external_registry_username: { type: ["string", "null"] },
    external_registry_password: { type: ["string", "null"] },
    sync_start_date: { type: "string" },
    sync_interval: { type: "integer", minimum: 0 },
    robot_username: { type: "string" },
    root_rule: {
      type: "object",
      required: ["rule_kind", "rule_value"],
      properties: {
        rule_kind: { type: "string", enum: ["tag_glob_csv"] },
        rule_value: { type: "array", items: { type: "string" } },
      },
    },
    external_registry_config: {
      type: "object",
      properties: {
        verify_tls: { type: "boolean" },
        unsigned_images: { type: "boolean" },
        proxy: {
          type: "object",
          properties: {
            http_proxy: { type: ["string", "null"] },
            https_proxy: { type: ["string", "null"] },
            no_proxy: { type: ["string", "null"] },
          },
        },
      },
    },
    skopeo_timeout_interval: { type: "integer", minimum: 300 },
    architecture_filter: { type: ["array", "null"], items: { type: "string" } },
  };
  if (!hasSkopeoTimeout(context)) delete properties.skopeo_timeout_interval;
  return properties;
}

/** The SSRF check of `external_reference`, where this version has it (§V.8). */
export function checkReference(context: RequestContext, reference: string): void {
  if (!checksReferences(context)) return;
  try {
    validateRegistryReference(reference, context.resolveHost);
  } catch (error) {
    const message =
      error instanceof BlockedLocation ? "The provided registry location is not allowed" : (error as Error).message;
    throw apiError(400, message, context.host);
  }
}

/** The `architecture_filter`: known architectures, and only with `FEATURE_SPARSE_INDEX`. */
export function checkArchitectures(context: RequestContext, filter: unknown): void {
  const chosen = (filter as string[] | null | undefined) ?? [];
  if (chosen.length > 0 && !context.features.sparseIndex) {
    throw detailError(400, "Architecture filtering requires FEATURE_SPARSE_INDEX to be enabled.");
  }
  const unknown = chosen.find((architecture) => !mirrorArchitectures.includes(architecture));
  if (unknown) throw detailError(400, `Invalid architecture: ${unknown}`);
}

/** A tag rule needs at least one pattern. */
export function checkRules(context: RequestContext, rules: unknown[]): string[] {
  if (rules.length === 0) {
    throw apiError(
      400,
      "validation failed: rule_value for TAG_GLOB_CSV must be a list with at least one rule",
      context.host,
    );
  }
  return rules as string[];
}

/** The robot a mirror may use: a robot of the repository's namespace (`_validate_robot_for_mirroring`). */
export function checkRobot(context: RequestContext, repository: RepositoryRecord, robotName: string): void {
  const robot = context.state.robots.get(robotName);
  if (!robot) throw messageError(400, "Could not find robot with specified username");
  if (robot.namespace !== repository.namespace) throw messageError(400, "Invalid robot");
}
