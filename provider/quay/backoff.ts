/**
 * The one wait-and-retry policy of the library: jittered exponential backoff, a server's
 * `Retry-After`, and a loop that repeats an action while a condition says it may succeed later. The
 * client's HTTP retries, a create whose answer was lost, and a delete that waits for Quay to free an
 * object all use it.
 */

/** Jittered exponential backoff ("equal jitter"): a random delay in [½, 1] of `base · 2^(attempt-1)`, capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `milliseconds`. */
export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** How {@link retrying} repeats an action. */
export interface RetryPolicy {
  /** How long to keep trying, in milliseconds, counted from the first attempt. */
  budgetMs: number;
  /** The most attempts in all; unlimited within the budget when absent. */
  maxAttempts?: number;
  /** First delay; doubles per attempt with jitter, up to `maxDelayMs`. */
  baseDelayMs: number;
  /** Longest delay between two attempts. */
  maxDelayMs: number;
  /** Whether a failure may go away by waiting. */
  retryable(error: unknown): boolean;
  /** Called before each wait, to tell the user what is awaited. */
  onWait?(error: unknown, attempt: number, delayMs: number): void;
}

/**
 * Runs `action` until it succeeds, a failure is not retryable, or the budget is spent (then the last
 * failure is thrown). Each failure waits {@link backoffMs} before the next attempt.
 */
export async function retrying<T>(action: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await action(attempt);
    } catch (error) {
      const delay = backoffMs(attempt, policy.baseDelayMs, policy.maxDelayMs);
      const spent = Date.now() - started + delay > policy.budgetMs || attempt >= (policy.maxAttempts ?? Infinity);
      if (spent || !policy.retryable(error)) throw error;
      policy.onWait?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}
