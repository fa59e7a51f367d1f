/** Repository mirroring: `endpoints/api/mirror.py` (docs/quay-behavior.md §9). Needs FEATURE_REPO_MIRROR. */
import { type Handler, type HandlerFamily, type RequestContext, validatedBody } from "../context";
import {
  checkArchitectures,
  checkReference,
  checkRobot,
  checkRules,
  checksReferences,
  commonProperties,
  datePattern,
  hasSkopeoTimeout,
} from "../mirroring";
import { requireRepository, roleAtLeast } from "../permissions";
import type { RepositoryRecord } from "../records";
import { apiError, detailError, quayInternalError } from "../replies";
import type { EmulatorState } from "../state";

/** A repository's mirror configuration. */
export interface MirrorRecord {
  isEnabled: boolean;
  externalReference: string;
  username: string | null;
  password: string | null;
  config: Record<string, unknown>;
  syncInterval: number;
  syncStartDate: string;
  syncStatus: "CANCEL" | "FAIL" | "NEVER_RUN" | "SUCCESS" | "SYNCING" | "SYNC_NOW";
  syncRetriesRemaining: number;
  robot: string;
  /** Which of the repository's rule rows the configuration points at. */
  rule: number;
  skopeoTimeout: number;
  architectureFilter: string[];
}

/**
 * What mirroring keeps on a repository: the configuration, and every rule row a create made. A create
 * that fails after making its rule leaves the row behind, and an update changes the first row, not
 * necessarily the configuration's (§9: `get_root_rule` takes the repository's first rule).
 */
export function mirrorOf(
  state: EmulatorState,
  repository: RepositoryRecord,
): { config?: MirrorRecord; rules: string[][] } {
  return state.attached(
    repository,
    "mirror",
    () => ({ rules: [] as string[][] }) as { config?: MirrorRecord; rules: string[][] },
  );
}

/** Whether a mirror of a live or deleted-but-not-purged repository names the robot (§V.5). */
export function mirrorsNaming(state: EmulatorState, robot: string): boolean {
  return [...state.repositories.values(), ...state.markedRepositories()].some(
    (repository) => mirrorOf(state, repository).config?.robot === robot,
  );
}

function mirrorView(context: RequestContext, repository: RepositoryRecord, mirror: MirrorRecord) {
  const view: Record<string, unknown> = {
    is_enabled: mirror.isEnabled,
    mirror_type: "PULL",
    external_reference: mirror.externalReference,
    external_registry_username: mirror.username,
    external_registry_config: mirror.config,
    sync_interval: mirror.syncInterval,
    sync_start_date: mirror.syncStartDate,
    sync_expiration_date: null,
    sync_retries_remaining: mirror.syncRetriesRemaining,
    sync_status: mirror.syncStatus,
    root_rule: { rule_kind: "tag_glob_csv", rule_value: mirrorOf(context.state, repository).rules[mirror.rule] },
    robot_username: mirror.robot,
    architecture_filter: mirror.architectureFilter,
  };
  if (hasSkopeoTimeout(context)) view.skopeo_timeout_interval = mirror.skopeoTimeout;
  return view;
}

/** Quay silently raises the mirror's robot to write on the repository (§0.7). */
function grantRobotWrite(repository: RepositoryRecord, robotName: string): void {
  if (!roleAtLeast(repository.userRoles.get(robotName), "write")) repository.userRoles.set(robotName, "write");
}

/** The repository of a mirror route, and its mirror configuration; a generic 404 without either (§V.12). */
function configured(context: RequestContext): { repository: RepositoryRecord; mirror: MirrorRecord } {
  const repository = requireRepository(context, "admin");
  const mirror = mirrorOf(context.state, repository).config;
  if (!mirror) throw apiError(404, "Not Found", context.host);
  return { repository, mirror };
}

const getMirror: Handler = (context) => {
  const { repository, mirror } = configured(context);
  return { status: 200, body: mirrorView(context, repository, mirror) };
};

/** The body is validated before the repository is looked up (§V.15); then Quay's order of checks (§9). */
const createMirror: Handler = (context) => {
  const required = ["external_reference", "sync_interval", "sync_start_date", "root_rule"];
  if (hasSkopeoTimeout(context)) required.push("skopeo_timeout_interval");
  const body = validatedBody(context, { type: "object", required, properties: commonProperties(context) });
  const repository = requireRepository(context, "admin");
  const mirroring = mirrorOf(context.state, repository);
  if (mirroring.config) {
    throw detailError(
      409,
      `Mirror configuration already exits for repository ${repository.namespace}/${repository.name}`,
    );
  }
  checkReference(context, body.external_reference as string);
  checkArchitectures(context, body.architecture_filter);
  if (!datePattern.test(body.sync_start_date as string)) {
    // 3.17.4 and master answer 400; 3.18.0 and earlier raise an uncaught ValueError (§9, [ver]).
    if (checksReferences(context)) throw detailError(400, "Incorrect DateTime format for sync_start_date.");
    throw quayInternalError(`time data '${body.sync_start_date}' does not match format '%Y-%m-%dT%H:%M:%SZ'`);
  }
  const rules = checkRules(context, (body.root_rule as { rule_value: unknown[] }).rule_value);
  mirroring.rules.push(rules);
  // robot_username is not in the schema's required list, but the handler reads it: a KeyError, 500 (§9).
  if (!("robot_username" in body)) throw quayInternalError("KeyError: 'robot_username'");
  checkRobot(context, repository, body.robot_username as string);
  grantRobotWrite(repository, body.robot_username as string);
  mirroring.config = {
    isEnabled: (body.is_enabled as boolean | undefined) ?? true,
    externalReference: body.external_reference as string,
    username: (body.external_registry_username as string | null | undefined) ?? null,
    password: (body.external_registry_password as string | null | undefined) ?? null,
    config: (body.external_registry_config as Record<string, unknown> | undefined) ?? {},
    syncInterval: body.sync_interval as number,
    syncStartDate: body.sync_start_date as string,
    syncStatus: "NEVER_RUN",
    syncRetriesRemaining: 3,
    robot: body.robot_username as string,
    rule: mirroring.rules.length - 1,
    skopeoTimeout: (body.skopeo_timeout_interval as number | undefined) ?? 300,
    architectureFilter: (body.architecture_filter as string[] | null | undefined) ?? [],
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

/** Everything is validated first, then each key is applied separately (§9). */
const updateMirror: Handler = (context) => {
  const { repository, mirror } = configured(context);
  const body = validatedBody(context, { type: "object", properties: commonProperties(context) });
  if ("external_reference" in body) checkReference(context, body.external_reference as string);
  if ("sync_start_date" in body && !datePattern.test(body.sync_start_date as string)) {
    throw detailError(400, "Incorrect DateTime format for sync_start_date.");
  }
  if ("architecture_filter" in body) checkArchitectures(context, body.architecture_filter);
  if ("external_registry_password" in body && !("external_registry_username" in body)) {
    throw detailError(400, "Unable to set a new password without also specifying a username.");
  }
  if (body.external_registry_username === null && body.external_registry_password != null) {
    throw detailError(400, "Unable to delete username while setting a password.");
  }
  const rules = body.root_rule
    ? checkRules(context, (body.root_rule as { rule_value: unknown[] }).rule_value)
    : undefined;
  if ("robot_username" in body) checkRobot(context, repository, body.robot_username as string);
  if ("is_enabled" in body) mirror.isEnabled = body.is_enabled as boolean;
  if ("external_reference" in body) mirror.externalReference = body.external_reference as string;
  if ("robot_username" in body) {
    grantRobotWrite(repository, body.robot_username as string);
    mirror.robot = body.robot_username as string;
  }
  if ("sync_start_date" in body) mirror.syncStartDate = body.sync_start_date as string;
  if ("sync_interval" in body) mirror.syncInterval = body.sync_interval as number;
  if ("skopeo_timeout_interval" in body) mirror.skopeoTimeout = body.skopeo_timeout_interval as number;
  if ("architecture_filter" in body) mirror.architectureFilter = (body.architecture_filter as string[] | null) ?? [];
  if ("external_registry_username" in body) {
    mirror.username = body.external_registry_username as string | null;
    if ("external_registry_password" in body) mirror.password = body.external_registry_password as string | null;
    if (mirror.username === null) mirror.password = null;
  }
  if (body.external_registry_config) {
    mergeRegistryConfig(mirror.config, body.external_registry_config as Record<string, unknown>);
  }
  if (rules) mirrorOf(context.state, repository).rules[0] = rules;
  return { status: 201, body: "" };
};

const syncMirrorNow: Handler = (context) => {
  const { mirror } = configured(context);
  if (mirror.syncStatus === "SYNCING") throw apiError(404, "Not Found", context.host);
  mirror.syncStatus = "SYNC_NOW";
  return { status: 204 };
};

/** Cancelling leaves status CANCEL and no retries (§V.12). */
const cancelMirrorSync: Handler = (context) => {
  const { mirror } = configured(context);
  if (mirror.syncStatus !== "SYNCING" && mirror.syncStatus !== "SYNC_NOW")
    throw apiError(404, "Not Found", context.host);
  mirror.syncStatus = "CANCEL";
  mirror.syncRetriesRemaining = 0;
  return { status: 204 };
};

/** Mirror routes; they exist only with FEATURE_REPO_MIRROR, as does changestate (§18). */
export const family: HandlerFamily = {
  routes: {
    getMirror: "GET /repository/{repository}/mirror",
    createMirror: "POST /repository/{repository}/mirror",
    updateMirror: "PUT /repository/{repository}/mirror",
    syncMirrorNow: "POST /repository/{repository}/mirror/sync-now",
    /** 404 unless a sync is queued or running. */
    cancelMirrorSync: "POST /repository/{repository}/mirror/sync-cancel",
  },
  handlers: { getMirror, createMirror, updateMirror, syncMirrorNow, cancelMirrorSync },
  gates: Object.fromEntries(
    ["getMirror", "createMirror", "updateMirror", "syncMirrorNow", "cancelMirrorSync", "changeRepositoryState"].map(
      (key) => [key, (features) => features.repoMirror],
    ),
  ),
};
