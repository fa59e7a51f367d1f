/** Regular expressions users give Quay (tag patterns), checked at preview. */

/**
 * Whether `pattern` compiles as a regular expression. Quay compiles patterns with Python's `re`, whose
 * syntax JavaScript's shares for everything tag names need; a pattern neither accepts fails here first.
 */
export function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
