/**
 * Connection settings from stack configuration, read at run time: no resource's inputs or outputs hold them.
 * A resource names a configuration namespace (default `quay`); its keys are `<namespace>:url`,
 * `<namespace>:token` and the optional TLS, timeout, retry and concurrency keys below. The default
 * namespace falls back to the `QUAY_*` environment variables.
 */
import { readFileSync } from "node:fs";
import { type ConnectionSettings, connectionDefaults } from "./client";
import { QuayConfigError } from "./errors";

/** Reads one configuration value by its full key (`quay:url`); Pulumi's `ConfigureRequest.config` fits. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** The configuration namespace used when a resource names none. */
export const defaultNamespace = "quay";

/**
 * Each setting: its key below the namespace, its environment fallback, its type and what it means. The
 * README's table, the native SDK's `ProviderArgs`, the lookups' keys and the schema's provider
 * configuration are generated from this list.
 */
export const connectionKeys = {
  url: {
    env: "QUAY_URL",
    type: "string",
    description: "Base URL of the Quay instance, e.g. `https://quay.example.com`.",
  },
  token: { env: "QUAY_TOKEN", type: "string", description: "OAuth access token. Set it with `--secret`." },
  caCertificate: {
    env: "QUAY_CA_CERTIFICATE",
    type: "string",
    description: "Extra trusted CA certificates, PEM text.",
  },
  caCertificateFile: {
    env: "QUAY_CA_CERTIFICATE_FILE",
    type: "string",
    description: "Path of a PEM file with extra CAs.",
  },
  insecureSkipTlsVerify: {
    env: "QUAY_INSECURE_SKIP_TLS_VERIFY",
    type: "boolean",
    description: "`true` skips TLS certificate verification. Off by default; for test instances only.",
  },
  timeoutSeconds: { env: "QUAY_TIMEOUT_SECONDS", type: "integer", description: "Time limit per attempt. Default 30." },
  maxRetries: { env: "QUAY_MAX_RETRIES", type: "integer", description: "Retries of a failed attempt. Default 5." },
  maxConcurrency: {
    env: "QUAY_MAX_CONCURRENCY",
    type: "integer",
    description: "Most requests in flight to this Quay at once. Default 8.",
  },
  deleteWaitSeconds: {
    env: "QUAY_DELETE_WAIT_SECONDS",
    type: "integer",
    description:
      "How long a delete waits for Quay to let go of what blocks it (a robot that a just-deleted repository's " +
      "mirror still names, until Quay's garbage collector runs). Default 180.",
  },
  previewChecks: {
    env: "QUAY_PREVIEW_CHECKS",
    type: "boolean",
    description:
      "`false` turns off what a preview asks Quay, with GET requests only: whether the connection reaches Quay " +
      "with a token it accepts (once per run, when something is to change), and whether what the program names " +
      "but does not declare exists (team members, a permission's user or team, a repository's namespace, a " +
      "mirror's robot; each once per run, a hundred at most). On by default.",
  },
  adopt: {
    env: "QUAY_ADOPT",
    type: "boolean",
    description:
      "`true` makes a create take over an existing object with the same natural key instead of creating it, " +
      "with no write to Quay. Used to bring a hand-made registry under management.",
  },
} as const;

type SettingName = keyof typeof connectionKeys;

/**
 * Builds {@link ConnectionSettings} for `namespace` from `config`, falling back to the environment for
 * the default namespace. Throws {@link QuayConfigError} naming the missing or invalid key.
 */
export function readConnectionSettings(
  config: ConfigSource,
  namespace: string = defaultNamespace,
  env: NodeJS.ProcessEnv = process.env,
  options: { withoutToken?: boolean } = {},
): ConnectionSettings {
  const read = (name: SettingName) => settingValue(config, namespace, name, env);
  const url = read("url");
  const token = options.withoutToken ? "" : read("token");
  const hint = namespace === defaultNamespace ? " (or the environment variable %ENV%)" : "";
  if (!url) {
    throw new QuayConfigError(
      `Quay connection setting "${namespace}:url" is not set: run \`pulumi config set ${namespace}:url https://quay.example.com\`${hint.replace("%ENV%", "QUAY_URL")}`,
    );
  }
  if (!token && !options.withoutToken) {
    throw new QuayConfigError(
      `Quay connection setting "${namespace}:token" is not set: run \`pulumi config set --secret ${namespace}:token <token>\`${hint.replace("%ENV%", "QUAY_TOKEN")}`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QuayConfigError(`"${namespace}:url" must be an absolute http(s) URL, got "${url}"`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new QuayConfigError(`"${namespace}:url" must use https or http, got "${parsed.protocol}"`);
  }
  const caFile = read("caCertificateFile");
  let caCertificate = read("caCertificate");
  if (caFile) {
    try {
      caCertificate = `${caCertificate ?? ""}${readFileSync(caFile, "utf8")}`;
    } catch (error) {
      throw new QuayConfigError(`"${namespace}:caCertificateFile" cannot be read: ${(error as Error).message}`);
    }
  }
  return {
    url: parsed.toString(),
    token: token ?? "",
    caCertificate,
    insecureSkipTlsVerify: readBoolean(namespace, "insecureSkipTlsVerify", read("insecureSkipTlsVerify")),
    timeoutMs:
      1000 * readNumber(namespace, "timeoutSeconds", read("timeoutSeconds"), connectionDefaults.timeoutMs / 1000, 1),
    maxRetries: readNumber(namespace, "maxRetries", read("maxRetries"), connectionDefaults.maxRetries, 0),
    maxConcurrency: readNumber(
      namespace,
      "maxConcurrency",
      read("maxConcurrency"),
      connectionDefaults.maxConcurrency,
      1,
    ),
    deleteWaitMs:
      1000 *
      readNumber(namespace, "deleteWaitSeconds", read("deleteWaitSeconds"), connectionDefaults.deleteWaitMs / 1000, 0),
    retryBaseDelayMs: connectionDefaults.retryBaseDelayMs,
    maxRetryDelayMs: connectionDefaults.maxRetryDelayMs,
  };
}

/** The URL `namespace` names (`<namespace>:url`, or `QUAY_URL` for the default namespace), unchecked. */
export function configuredUrl(
  config: ConfigSource,
  namespace: string = defaultNamespace,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return settingValue(config, namespace, "url", env);
}

/** Whether previews of `namespace` ask Quay what they can (`<namespace>:previewChecks`, default true). */
export function readPreviewChecksSetting(
  config: ConfigSource,
  namespace: string = defaultNamespace,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const value = settingValue(config, namespace, "previewChecks", env);
  return value === undefined ? true : readBoolean(namespace, "previewChecks", value);
}

/** Whether creates in `namespace` adopt existing objects (`<namespace>:adopt`, or `QUAY_ADOPT`). */
export function readAdoptSetting(
  config: ConfigSource,
  namespace: string = defaultNamespace,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return readBoolean(namespace, "adopt", settingValue(config, namespace, "adopt", env));
}

/**
 * One setting of `namespace`: its stack configuration value, or for the default namespace its
 * environment variable. An empty value counts as unset, in configuration and environment alike.
 */
function settingValue(
  config: ConfigSource,
  namespace: string,
  name: SettingName,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const value = config.get(`${namespace}:${name}`);
  if (value !== undefined && value !== "") return value;
  const fallback = namespace === defaultNamespace ? env[connectionKeys[name].env] : undefined;
  return fallback === "" ? undefined : fallback;
}

function readBoolean(namespace: string, name: SettingName, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (value === "true" || value === "false") return value === "true";
  throw new QuayConfigError(`"${namespace}:${name}" must be true or false, got "${value}"`);
}

function readNumber(namespace: string, name: SettingName, value: string | undefined, fallback: number, min: number) {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) {
    throw new QuayConfigError(`"${namespace}:${name}" must be a whole number of at least ${min}, got "${value}"`);
  }
  return number;
}
