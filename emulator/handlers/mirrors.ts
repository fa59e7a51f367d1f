/** Repository mirroring: `endpoints/api/mirror.py` (docs/quay-behavior.md §9). Needs FEATURE_REPO_MIRROR. */
import { defineRoutes } from "../../provider/quay/routes";
import type { HandlerFamily } from "../context";
import {
  atLeast,
  type Handler,
  objectBody,
  type RequestContext,
  requireRepository,
  roleAtLeast,
  validateFields,
} from "../context";
import { apiError, detailError, messageError, schemaError } from "../replies";
import type { MirrorRecord, RepositoryRecord } from "../state";

const datePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const architectures = ["amd64", "arm64", "ppc64le", "s390x"];

/** `skopeo_timeout_interval` exists from Quay 3.15; earlier releases reject it (§9, [ver]). */
function hasSkopeoTimeout(context: RequestContext): boolean {
  return atLeast(context.version, "3.15");
}

function mirrorView(context: RequestContext, mirror: MirrorRecord) {
  const view: Record<string, unknown> = {
    is_enabled: mirror.isEnabled,
    mirror_type: "PULL",
    external_reference: mirror.externalReference,
    external_registry_username: mirror.username,
    external_registry_config: mirror.config,
    sync_interval: mirror.syncInterval,
    sync_start_date: mirror.syncStartDate,
    sync_expiration_date: null,
    sync_retries_remaining: 3,
    sync_status: mirror.syncStatus,
    root_rule: { rule_kind: "tag_glob_csv", rule_value: mirror.rules },
    robot_username: mirror.robot,
    architecture_filter: mirror.architectureFilter,
  };
  if (hasSkopeoTimeout(context)) view.skopeo_timeout_interval = mirror.skopeoTimeout;
  return view;
}

/** Validates the schema fields common to create and update (`common_properties`). */
function validateCommon(context: RequestContext, body: Record<string, unknown>): void {
  validateFields(context, body, {
    is_enabled: { type: "boolean" },
    external_reference: { type: "string" },
    external_registry_username: { type: ["string", "null"] },
    external_registry_password: { type: ["string", "null"] },
    sync_start_date: { type: "string" },
    sync_interval: { type: "integer" },
    robot_username: { type: "string" },
    root_rule: { type: "object" },
    external_registry_config: { type: "object" },
    skopeo_timeout_interval: { type: "integer" },
    architecture_filter: { type: ["array", "null"] },
  });
  if ("skopeo_timeout_interval" in body && !hasSkopeoTimeout(context)) {
    throw schemaError(
      context.host,
      "Additional properties are not allowed ('skopeo_timeout_interval' was unexpected)",
      "additionalProperties",
    );
  }
  if (typeof body.sync_interval === "number" && body.sync_interval < 0) {
    throw schemaError(context.host, `${body.sync_interval} is less than the minimum of 0`, "minimum");
  }
  if (typeof body.skopeo_timeout_interval === "number" && body.skopeo_timeout_interval < 300) {
    throw schemaError(context.host, `${body.skopeo_timeout_interval} is less than the minimum of 300`, "minimum");
  }
  const rule = body.root_rule as { rule_kind?: unknown; rule_value?: unknown } | undefined;
  if (rule) {
    if (!("rule_kind" in rule) || !("rule_value" in rule)) {
      throw schemaError(
        context.host,
        `'${"rule_kind" in rule ? "rule_value" : "rule_kind"}' is a required property`,
        "required",
      );
    }
    if (rule.rule_kind !== "tag_glob_csv") {
      throw schemaError(context.host, `${JSON.stringify(rule.rule_kind)} is not one of ['tag_glob_csv']`, "enum");
    }
    if (!Array.isArray(rule.rule_value)) throw schemaError(context.host, "rule_value is not of type 'array'", "type");
  }
  const filter = body.architecture_filter as unknown[] | null | undefined;
  for (const architecture of filter ?? []) {
    if (!architectures.includes(architecture as string)) {
      throw schemaError(
        context.host,
        `${JSON.stringify(architecture)} is not one of ${JSON.stringify(architectures)}`,
        "enum",
      );
    }
  }
}

/** The robot checks of create and update, and the write role Quay silently grants it (§0.7). */
function setupRobot(context: RequestContext, repository: RepositoryRecord, robotName: string): void {
  const robot = context.state.robots.get(robotName);
  if (!robot && robotName.includes("+")) throw messageError(400, "Could not find robot with specified username");
  if (!robot || robot.namespace !== repository.namespace) throw messageError(400, "Invalid robot");
  if (!roleAtLeast(repository.userRoles.get(robotName), "write")) repository.userRoles.set(robotName, "write");
}

function requireRules(context: RequestContext, rules: unknown[]): string[] {
  if (rules.length === 0) {
    throw apiError(
      400,
      "validation failed: rule_value for TAG_GLOB_CSV must be a list with at least one rule",
      context.host,
    );
  }
  return rules as string[];
}

const getMirror: Handler = (context) => {
  const repository = requireRepository(context, "admin");
  if (!repository.mirror) throw detailError(404, "Mirror configuration does not exist for repository");
  return { status: 200, body: mirrorView(context, repository.mirror) };
};

const createMirror: Handler = (context) => {
  const repository = requireRepository(context, "admin");
  const body = objectBody(context);
  const required = ["external_reference", "sync_interval", "sync_start_date", "root_rule"];
  if (hasSkopeoTimeout(context)) required.push("skopeo_timeout_interval");
  for (const key of required) {
    if (!(key in body)) throw schemaError(context.host, `'${key}' is a required property`, "required");
  }
  validateCommon(context, body);
  if (repository.mirror) {
    throw detailError(
      409,
      `Mirror configuration already exits for repository ${repository.namespace}/${repository.name}`,
    );
  }
  if (((body.architecture_filter as unknown[] | null) ?? []).length > 0) {
    throw detailError(400, "Architecture filtering requires FEATURE_SPARSE_INDEX to be enabled.");
  }
  if (!datePattern.test(body.sync_start_date as string)) {
    // 3.17.4 answers 400; 3.18.0 and earlier raise an uncaught ValueError (§9, [ver]).
    if (context.version === "3.17") throw detailError(400, "Incorrect DateTime format for sync_start_date.");
    throw new Error(`time data '${body.sync_start_date}' does not match format '%Y-%m-%dT%H:%M:%SZ'`);
  }
  const rules = requireRules(context, (body.root_rule as { rule_value: unknown[] }).rule_value);
  // robot_username is not in the schema's required list, but the handler reads it: a KeyError, 500 (§9).
  if (!("robot_username" in body)) throw new Error("KeyError: 'robot_username'");
  setupRobot(context, repository, body.robot_username as string);
  repository.mirror = {
    isEnabled: (body.is_enabled as boolean | undefined) ?? true,
    externalReference: body.external_reference as string,
    username: (body.external_registry_username as string | null | undefined) ?? null,
    password: (body.external_registry_password as string | null | undefined) ?? null,
    config: (body.external_registry_config as Record<string, unknown> | undefined) ?? {},
    syncInterval: body.sync_interval as number,
    syncStartDate: body.sync_start_date as string,
    syncStatus: "NEVER_RUN",
    robot: body.robot_username as string,
    rules,
    skopeoTimeout: (body.skopeo_timeout_interval as number | undefined) ?? 300,
    architectureFilter: [],
  };
  repository.state = "MIRROR";
  return { status: 201, body: "" };
};

/** `change_external_registry_config`: merged key by key, with Quay's proxy quirk (§9). */
function mergeRegistryConfig(stored: Record<string, unknown>, update: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(update)) {
    if (key !== "proxy" || typeof value !== "object" || value === null) {
      stored[key] = value;
      continue;
    }
    let first = false;
    if (!("proxy" in stored)) {
      // Without a stored proxy, the first proxy key only creates an empty dict and its value is dropped.
      stored.proxy = {};
      first = true;
    }
    for (const [proxyKey, proxyValue] of Object.entries(value)) {
      if (first) {
        first = false;
        continue;
      }
      (stored.proxy as Record<string, unknown>)[proxyKey] = proxyValue;
    }
  }
}

const updateMirror: Handler = (context) => {
  const repository = requireRepository(context, "admin");
  const mirror = repository.mirror;
  if (!mirror) throw detailError(404, "Mirror configuration does not exist for repository");
  const body = objectBody(context);
  validateCommon(context, body);
  if ("external_registry_password" in body && body.external_registry_password !== null) {
    if (!("external_registry_username" in body)) {
      throw detailError(400, "Unable to set a new password without also specifying a username.");
    }
    if (body.external_registry_username === null) {
      throw detailError(400, "Unable to delete username while setting a password.");
    }
  }
  if ("sync_start_date" in body && !datePattern.test(body.sync_start_date as string)) {
    throw detailError(400, "Incorrect DateTime format for sync_start_date.");
  }
  const rules = body.root_rule
    ? requireRules(context, (body.root_rule as { rule_value: unknown[] }).rule_value)
    : undefined;
  if ("robot_username" in body) setupRobot(context, repository, body.robot_username as string);
  if ("is_enabled" in body) mirror.isEnabled = body.is_enabled as boolean;
  if ("external_reference" in body) mirror.externalReference = body.external_reference as string;
  if ("external_registry_username" in body) {
    mirror.username = body.external_registry_username as string | null;
    if (mirror.username === null) mirror.password = null;
  }
  if ("external_registry_password" in body && body.external_registry_password !== null) {
    mirror.password = body.external_registry_password as string;
  }
  if ("sync_interval" in body) mirror.syncInterval = body.sync_interval as number;
  if ("sync_start_date" in body) mirror.syncStartDate = body.sync_start_date as string;
  if ("robot_username" in body) mirror.robot = body.robot_username as string;
  if (rules) mirror.rules = rules;
  if ("skopeo_timeout_interval" in body) mirror.skopeoTimeout = body.skopeo_timeout_interval as number;
  if (body.external_registry_config) {
    mergeRegistryConfig(mirror.config, body.external_registry_config as Record<string, unknown>);
  }
  return { status: 201, body: "" };
};

const syncMirrorNow: Handler = (context) => {
  const repository = requireRepository(context, "admin");
  if (!repository.mirror || repository.mirror.syncStatus === "SYNCING") {
    throw detailError(404, "Mirror configuration does not exist for repository");
  }
  repository.mirror.syncStatus = "SYNC_NOW";
  return { status: 204 };
};

const cancelMirrorSync: Handler = (context) => {
  const repository = requireRepository(context, "admin");
  const status = repository.mirror?.syncStatus;
  if (status !== "SYNCING" && status !== "SYNC_NOW") {
    throw detailError(404, "Mirror configuration does not exist for repository");
  }
  repository.mirror!.syncStatus = "CANCEL";
  return { status: 204 };
};

/** Mirror routes; they exist only with FEATURE_REPO_MIRROR, as does changestate (§18). */
export const family: HandlerFamily = {
  routes: defineRoutes({
    /** POST /repository/{repository}/mirror/sync-cancel — 404 unless a sync is queued or running. */
    cancelMirrorSync: {
      method: "POST",
      path: "/repository/{repository}/mirror/sync-cancel",
      ok: [204],
      scope: "repo:admin",
    },
  }),
  handlers: { getMirror, createMirror, updateMirror, syncMirrorNow, cancelMirrorSync },
  gates: Object.fromEntries(
    ["getMirror", "createMirror", "updateMirror", "syncMirrorNow", "cancelMirrorSync", "changeRepositoryState"].map(
      (key) => [key, (features) => features.repoMirror],
    ),
  ),
};
