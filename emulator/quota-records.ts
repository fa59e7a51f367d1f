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
