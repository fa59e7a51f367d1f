/**
 * Quay's SSRF checks on registry locations (`util/security/ssrf.py`, docs/quay-behavior.md §9, §13,
 * §V.8): the syntax of a mirror reference, blocked host names, and the addresses a host resolves to,
 * through a resolver the emulator's user controls.
 */

/** The resolved address is private, reserved, or a blocked name: Quay's `SSRFBlockedError`. */
export class BlockedLocation extends Error {}

const blockedHostnames = new Set([
  "localhost",
  "metadata.google.internal",
  "metadata.azure.internal",
  "metadata",
  "kubernetes.default.svc",
  "kubernetes.default.svc.cluster.local",
  "kubernetes.default",
  "kubernetes",
]);

/** IPv4 ranges Quay never lets a registry location reach (`BLOCKED_NETWORKS`). */
const blockedNetworks: [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
  ["255.255.255.255", 32],
];

function ipv4(address: string): number | undefined {
  const parts = address.split(".");
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

function isBlockedAddress(address: string): boolean {
  if (address === "::1" || /^f[cde]/i.test(address)) return true;
  const value = ipv4(address);
  if (value === undefined) return false;
  return blockedNetworks.some(([network, bits]) => {
    const size = 2 ** (32 - bits);
    const start = ipv4(network)!;
    return value >= start && value < start + size;
  });
}

/**
 * The emulator's default resolver: `localhost` names are loopback; names under the reserved `.invalid` and
 * `.test` domains, and names of one label (`https`, which Quay takes for a host when a proxy cache's
 * upstream is written with its scheme), do not resolve; every other name resolves to a public address.
 */
export function defaultResolver(host: string): string | undefined {
  if (host === "localhost" || host.endsWith(".localhost")) return "127.0.0.1";
  if (host.endsWith(".invalid") || host.endsWith(".test") || !host.includes(".")) return undefined;
  return "93.184.216.34";
}

const hostnamePattern = /^(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$/;

/** `validate_external_registry_url`: blocked names, blocked addresses, names that do not resolve. */
export function validateRegistryHost(host: string, resolve: (host: string) => string | undefined): void {
  const lower = host.toLowerCase();
  const literal = ipv4(host) !== undefined || host.includes(":");
  if (literal) {
    if (isBlockedAddress(host)) throw new BlockedLocation("URL points to a private or reserved IP address");
    return;
  }
  const address = resolve(lower);
  if (address === undefined) throw new Error(`Cannot resolve hostname '${host}'`);
  if (blockedHostnames.has(lower) || lower.endsWith(".internal") || lower.endsWith(".local")) {
    throw new BlockedLocation(`Hostname '${host}' is not allowed`);
  }
  if (isBlockedAddress(address)) throw new BlockedLocation("URL resolves to a private or reserved IP address");
}

/** `validate_external_registry_reference`: `registry[:port]/path`, then the host checks. */
export function validateRegistryReference(reference: string, resolve: (host: string) => string | undefined): void {
  const invalid = (message: string) => new Error(`External registry reference ${message}`);
  if (reference.trim() === "") throw invalid("is required");
  if (/\s/.test(reference)) throw invalid("must not include whitespace");
  if (reference.includes("://")) throw invalid("must not include a URL scheme");
  if (/[?#\\%]/.test(reference)) throw invalid("contains an invalid character");
  const slash = reference.indexOf("/");
  if (slash <= 0 || slash === reference.length - 1) throw invalid("must include a repository path");
  const registry = reference.slice(0, slash);
  if (registry.split(":").length > 2) throw invalid("contains an invalid registry authority");
  if (registry.endsWith(":")) throw invalid("contains an invalid registry port");
  const [host, port] = registry.split(":");
  if (host.includes("@")) throw invalid("must include a valid registry hostname");
  if (port !== undefined && (!/^\d+$/.test(port) || Number(port) === 0 || Number(port) > 65_535)) {
    throw invalid("contains an invalid registry port");
  }
  if (ipv4(host) === undefined && !hostnamePattern.test(host)) throw invalid("must include a valid registry hostname");
  validateRegistryHost(host, resolve);
}
