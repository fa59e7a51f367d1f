/**
 * The connection a resource uses: its configuration namespace, the settings read from stack
 * configuration, and one client per namespace and configuration, shared by every resource of a run.
 */
import { QuayClient } from "../quay/client";

/** Closes the clients' pooled connections, so a command-line process can exit at once. */
export { closeConnections } from "../quay/client";

import { type ConfigSource, defaultNamespace, readAdoptSetting, readConnectionSettings } from "../quay/config";
import type { CrudContext } from "../resources/_shared/define";
import type { PropertyBag } from "./values";

const noConfig: ConfigSource = { get: () => undefined };
const contexts = new WeakMap<object, Map<string, CrudContext & { quayUrl: string }>>();

/** The configuration namespace a resource names; `quay` when it names none. */
export function connectionOf(properties: PropertyBag): string {
  return typeof properties.connection === "string" ? properties.connection : defaultNamespace;
}

/** The Quay a URL names, as recorded in `quayUrl`: origin and path prefix, no trailing slash or `/api/v1`. */
export function quayUrlOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "").replace(/\/api\/v1$/, "")}`;
}

/** Where diagnostics go: the dynamic-provider host shows a provider's stderr to the user. */
let logSink: (message: string) => void = (message) => console.error(message);

/** Redirects the provider's diagnostics (the native provider sends them through the engine). */
export function setLogSink(sink: (message: string) => void): void {
  logSink = sink;
}

/**
 * The client and settings for the connection `properties` name, built once per configuration and
 * namespace. Throws `QUAY_CONFIG` naming the missing or invalid setting.
 */
export function contextFor(
  config: ConfigSource | undefined,
  properties: PropertyBag,
): CrudContext & { quayUrl: string } {
  const source = config ?? noConfig;
  const namespace = connectionOf(properties);
  let byNamespace = contexts.get(source);
  if (!byNamespace) {
    byNamespace = new Map();
    contexts.set(source, byNamespace);
  }
  let context = byNamespace.get(namespace);
  if (!context) {
    const settings = readConnectionSettings(source, namespace);
    context = {
      client: new QuayClient(settings),
      registryHost: new URL(settings.url).host,
      adopt: readAdoptSetting(source, namespace),
      deleteWaitMs: settings.deleteWaitMs,
      quayUrl: quayUrlOf(settings.url),
      log: (message) => logSink(message),
    };
    byNamespace.set(namespace, context);
  }
  return context;
}
