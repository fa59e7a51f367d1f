/**
 * The wire form of a repository mirror's configuration (docs/quay-behavior.md §9): the reply Quay
 * gives, its date format, and the registry settings Quay merges key by key.
 */
import { z } from "zod";

/** `GET /repository/{repository}/mirror`. */
export const mirrorReply = z.object({
  is_enabled: z.boolean(),
  external_reference: z.string(),
  external_registry_username: z.string().nullish(),
  external_registry_config: z
    .object({
      verify_tls: z.boolean().optional(),
      unsigned_images: z.boolean().optional(),
      proxy: z
        .object({ http_proxy: z.string().nullish(), https_proxy: z.string().nullish(), no_proxy: z.string().nullish() })
        .optional(),
    })
    .passthrough(),
  sync_interval: z.number(),
  sync_start_date: z.string(),
  root_rule: z.object({ rule_value: z.array(z.string()) }),
  robot_username: z.string(),
  skopeo_timeout_interval: z.number().optional(),
});

/** Quay wants exactly `%Y-%m-%dT%H:%M:%SZ`: no milliseconds, no offset (§9). */
export function quayDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The inputs that make up the registry settings. */
export type MirrorInputs = {
  externalReference: string;
  robot: string;
  syncIntervalSeconds: number;
  enabled: boolean;
  tagPatterns: string[];
  username?: string;
  password?: string;
  verifyTls: boolean;
  unsignedImages: boolean;
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
};

/** The registry config, always with all proxy keys: a stored config without `proxy` drops the first one later (§9). */
export function registryConfig(inputs: MirrorInputs) {
  return {
    verify_tls: inputs.verifyTls,
    unsigned_images: inputs.unsignedImages,
    proxy: {
      http_proxy: inputs.httpProxy ?? null,
      https_proxy: inputs.httpsProxy ?? null,
      no_proxy: inputs.noProxy ?? null,
    },
  };
}
