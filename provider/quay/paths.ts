/**
 * Path expansion for Quay routes. Every parameter is percent-encoded as one path segment, except
 * `{repository}`, which is `namespace/name` where the name may itself be nested (`ns/a/b`):
 * each of its segments is encoded and the slashes are kept (docs/quay-behavior.md §1.9).
 */

import { QuayOperationError } from "./errors";

/** Parameters that fill a route's `{placeholders}`. */
export type PathParams = Record<string, string>;

/** Expands `template` with `params`; throws on a missing, empty or dot-only parameter. */
export function expandPath(template: string, params: PathParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`path parameter "${name}" is missing for ${template}`);
    if (name === "repository") return repositorySegments(value).map(encodeSegment).join("/");
    return encodeSegment(value);
  });
}

/** Splits `namespace/name[/more]` into its segments; a repository always has at least two. */
export function repositorySegments(repository: string): string[] {
  const segments = repository.split("/");
  if (segments.length < 2)
    throw new QuayOperationError("QUAY_INVALID_INPUT", `repository "${repository}" must be "namespace/name"`);
  return segments;
}

function encodeSegment(segment: string): string {
  if (segment === "" || segment === "." || segment === "..") {
    throw new QuayOperationError("QUAY_INVALID_INPUT", `path segment "${segment}" is not allowed`);
  }
  return encodeURIComponent(segment);
}

/** Appends a query string, skipping undefined values. */
export function withQuery(path: string, query: Record<string, string | number | boolean | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text === "" ? path : `${path}?${text}`;
}
