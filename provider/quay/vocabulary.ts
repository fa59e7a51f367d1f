/**
 * Quay's fixed vocabularies: names both sides must agree on, which the provider validates inputs
 * against and the emulator serves.
 */

/** Repository notification events, from Quay's `initdb.py` (docs/quay-behavior.md §8). */
export const notificationEvents = [
  "repo_push",
  "build_queued",
  "build_start",
  "build_success",
  "build_failure",
  "build_cancelled",
  "vulnerability_found",
  "repo_mirror_sync_started",
  "repo_mirror_sync_success",
  "repo_mirror_sync_failed",
  "repo_image_expiry",
] as const;

/** The notification events Quay adds in 3.18, with quotas. */
export const quotaNotificationEvents = ["quota_warning", "quota_error"] as const;
