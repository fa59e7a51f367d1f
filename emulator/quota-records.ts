/**
 * An organization's quota as the emulator keeps it, and `quota_view` as Quay shows it (docs/quay-behavior.md
 * §11): shared by the quota routes and the organization's view.
 */
import type { OrganizationRecord } from "./records";
import type { EmulatorState } from "./state";

/** One limit: Quay stores the type capitalised. */
export interface LimitRecord {
  id: number;
  type: "Warning" | "Reject";
  percent: number;
}

/** An organization's quota. */
export interface QuotaRecord {
  id: number;
  limitBytes: number;
  limits: LimitRecord[];
}

/** The quota of `organization`, when it has one. */
export function quotaOf(state: EmulatorState, organization: OrganizationRecord): { current?: QuotaRecord } {
  return state.attached(organization, "quota", () => ({}) as { current?: QuotaRecord });
}

/**
 * The id the next quota gets. Quay's tables are SQLite's here, as on the recorded Quay: a new row's id is one
 * more than the largest id in use, so a deleted quota's id is given again (a quota made after the only one
 * was deleted gets id 1 again). Quotas and limits count apart.
 */
export function nextQuotaId(state: EmulatorState): number {
  return Math.max(0, ...quotasOf(state).map((quota) => quota.id)) + 1;
}

/** The id the next limit gets, counted as {@link nextQuotaId} counts quotas, apart from them. */
export function nextLimitId(state: EmulatorState): number {
  return Math.max(0, ...quotasOf(state).flatMap((quota) => quota.limits.map((limit) => limit.id))) + 1;
}

function quotasOf(state: EmulatorState): QuotaRecord[] {
  return [...state.organizations.values()].flatMap((organization) => quotaOf(state, organization).current ?? []);
}

/**
 * `get_quota_for_view`: what a namespace's view reports with FEATURE_QUOTA_MANAGEMENT. The emulator stores
 * no images, so nothing is consumed and the size backfill is forever `waiting`.
 */
export function quotaReport(quota: QuotaRecord | undefined) {
  return {
    quota_bytes: 0,
    configured_quota: quota?.limitBytes ?? null,
    running_backfill: "waiting",
    backfill_status: "waiting",
  };
}

/**
 * The `quotas` and `quota_report` keys of an organization's or a user's view, the quota in its short form
 * (§11, §V.18).
 */
export function quotaFields(quota: QuotaRecord | undefined) {
  const short = quota && { id: quota.id, limit_bytes: quota.limitBytes, limits: quota.limits.map(limitView) };
  return { quotas: short ? [short] : [], quota_report: quotaReport(quota) };
}

/** `bitmath`'s best binary prefix with one decimal, as Quay shows `limit`: `10.0 GiB`. */
function humanSize(bytes: number): string {
  const units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let value = bytes;
  let unit = "Byte";
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}

/** A limit as Quay shows it. */
export function limitView(limit: LimitRecord) {
  return { id: limit.id, type: limit.type, limit_percent: limit.percent };
}

/** `quota_view`. */
export function quotaView(quota: QuotaRecord) {
  return {
    id: quota.id,
    limit_bytes: quota.limitBytes,
    limit: humanSize(quota.limitBytes),
    default_config: false,
    limits: quota.limits.map(limitView),
    default_config_exists: false,
  };
}
