/**
 * Deterministic fault injection: latency, 429s with `Retry-After`, 5xx answers, dropped connections
 * and responses lost after the change was applied. Decisions come from a seeded generator in
 * request-arrival order, so a run with the same seed and the same request order is reproducible.
 */
import type { ServedRoute } from "./context";

/** What can go wrong with one request. */
export type FaultKind = "429" | "500" | "502" | "503" | "drop" | "lost-response";

/** The fault kinds, for validation and help texts. */
export const faultKinds: readonly FaultKind[] = ["429", "500", "502", "503", "drop", "lost-response"];

/** One rule: which requests it may hit, how often, and with what. */
export interface FaultRule {
  /** A route key (`getOrganization`) or `METHOD /template`; every route when absent. */
  route?: string;
  /** Only requests with this method; any when absent. */
  method?: string;
  /** The faults to choose from, uniformly. */
  kinds: FaultKind[];
  /** Probability (0–1) that a matching request gets a fault. */
  rate: number;
  /** Seconds sent in `Retry-After` with a 429. Default 1. */
  retryAfterSeconds?: number;
  /** Stop after injecting this many faults. */
  limit?: number;
}

/** The whole fault configuration. */
export interface FaultSettings {
  /** Seed of the generator. Default 1. */
  seed?: number;
  /** Delay added before every API answer, in milliseconds. */
  latencyMs?: number;
  rules?: FaultRule[];
}

/** mulberry32: a small, fast, seedable generator; plenty for choosing faults. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A decided fault for one request. */
export interface Fault {
  kind: FaultKind;
  retryAfterSeconds: number;
}

/** Applies {@link FaultSettings} to requests and counts what it injected. */
export class FaultInjector {
  readonly settings: Required<FaultSettings>;
  readonly injected: Record<string, number> = {};
  private readonly random: () => number;
  private readonly used: number[];

  constructor(settings: FaultSettings = {}) {
    this.settings = { seed: settings.seed ?? 1, latencyMs: settings.latencyMs ?? 0, rules: settings.rules ?? [] };
    for (const rule of this.settings.rules) {
      if (!(rule.rate >= 0 && rule.rate <= 1)) throw new Error(`fault rate must be between 0 and 1, got ${rule.rate}`);
      const unknown = rule.kinds.filter((kind) => !faultKinds.includes(kind));
      if (rule.kinds.length === 0 || unknown.length > 0) {
        throw new Error(`fault kinds must be some of ${faultKinds.join(", ")}; got ${rule.kinds.join(", ")}`);
      }
    }
    this.random = generator(this.settings.seed);
    this.used = this.settings.rules.map(() => 0);
  }

  /** The fault for a request to `route`, if any rule fires. */
  decide(route: ServedRoute): Fault | undefined {
    for (const [index, rule] of this.settings.rules.entries()) {
      if (rule.method && rule.method !== route.method) continue;
      if (rule.route && rule.route !== route.key && rule.route !== `${route.method} ${route.path}`) continue;
      if (rule.limit !== undefined && this.used[index] >= rule.limit) continue;
      const roll = this.random();
      const pick = this.random();
      if (roll >= rule.rate) continue;
      const kind = rule.kinds[Math.floor(pick * rule.kinds.length)];
      this.used[index] += 1;
      this.injected[kind] = (this.injected[kind] ?? 0) + 1;
      return { kind, retryAfterSeconds: rule.retryAfterSeconds ?? 1 };
    }
    return undefined;
  }
}
