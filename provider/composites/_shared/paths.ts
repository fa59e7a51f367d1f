/**
 * Paths into a composite's shape (`["repositories", "team/app", "teams", "developers"]`), written as
 * Pulumi writes property paths (`repositories["team/app"].teams.developers`), and the few operations on
 * shapes that the parts and the operations share.
 */
import type { Bag } from "./define";

/** A path into a shape: property names and map keys. */
export type Path = readonly string[];

/** Pulumi's text for `path`, as the engine prints property paths: `repositories["team/app"].teams.developers`. */
export function pathText(path: Path): string {
  return path
    .map((segment, index) =>
      /^[A-Za-z0-9_]+$/.test(segment) ? `${index === 0 ? "" : "."}${segment}` : `["${segment.replace(/"/g, '\\"')}"]`,
    )
    .join("");
}

/** The value at `path` in `shape`; undefined when any step is missing. */
export function valueAt(shape: unknown, path: Path): unknown {
  let current = shape;
  for (const segment of path) {
    if (!current || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Bag)[segment];
  }
  return current;
}

const isBag = (value: unknown): value is Bag => !!value && typeof value === "object" && !Array.isArray(value);

/**
 * `shape` with `value` at `path`, creating the maps on the way: an object merges into the object already
 * there (a repository's settings join its grants), anything else replaces it. `shape` is not changed.
 */
export function withValueAt(shape: Bag, path: Path, value: unknown): Bag {
  if (path.length === 0) return isBag(value) ? { ...shape, ...value } : shape;
  const [head, ...rest] = path;
  const inner = isBag(shape[head]) ? (shape[head] as Bag) : {};
  if (rest.length > 0) return { ...shape, [head]: withValueAt(inner, rest, value) };
  return { ...shape, [head]: isBag(value) && isBag(shape[head]) ? { ...inner, ...value } : value };
}

/** `shape` without what `path` holds, and without the maps left empty on the way. */
export function withoutValueAt(shape: Bag, path: Path): Bag {
  if (path.length === 0) return shape;
  const [head, ...rest] = path;
  if (!(head in shape)) return shape;
  const { [head]: inner, ...others } = shape;
  if (rest.length === 0 || !isBag(inner)) return others;
  const remaining = withoutValueAt(inner, rest);
  return Object.keys(remaining).length === 0 ? others : { ...others, [head]: remaining };
}

/** The entries of a map in a shape, `[]` for anything that is not one (unset, or unknown at preview). */
export function entriesOf<T = Bag>(map: unknown): [string, T][] {
  return isBag(map) ? (Object.entries(map) as [string, T][]) : [];
}

/** Whether `path` is `prefix` or lies below it. */
export function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}
