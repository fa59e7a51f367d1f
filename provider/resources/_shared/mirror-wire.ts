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

/** The inputs that make up a mirror's registry settings (repository mirrors also have `unsignedImages`). */
export type RegistrySettings = {
  verifyTls: boolean;
  unsignedImages?: boolean;
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
};

/** The registry settings as Quay stores them. */
export type StoredRegistryConfig = {
  proxy?: { http_proxy?: string | null; https_proxy?: string | null; no_proxy?: string | null };
  [key: string]: unknown;
};

/**
 * The registry config to send, always with all proxy keys (a stored config without `proxy` drops the first
 * one sent later, §9): each as the program sets it, else as Quay has it in `stored` (null at create), so a
 * setting the program leaves unset is never cleared.
 */
export function registryConfig(inputs: RegistrySettings, stored: StoredRegistryConfig = {}) {
  const proxy = stored.proxy ?? {};
  return {
    ...stored,
    verify_tls: inputs.verifyTls,
    ...(inputs.unsignedImages === undefined ? {} : { unsigned_images: inputs.unsignedImages }),
    proxy: {
      http_proxy: inputs.httpProxy ?? proxy.http_proxy ?? null,
      https_proxy: inputs.httpsProxy ?? proxy.https_proxy ?? null,
      no_proxy: inputs.noProxy ?? proxy.no_proxy ?? null,
    },
  };
}

/** The settings whose change sends the registry config again. */
export const registrySettingKeys = ["verifyTls", "unsignedImages", "httpProxy", "httpsProxy", "noProxy"];

/** A proxy URL: credentials in it would be kept and shown in clear, as the setting is not a secret. */
export function proxyUrl(description: string) {
  return z
    .string()
    .refine((url) => !/^(?:[a-z][a-z0-9+.-]*:\/\/)?[^/@]*@/i.test(url), {
      error: "must not include credentials: they would be kept in clear",
    })
    .optional()
    .meta({ description, quietOnFailure: true });
}
