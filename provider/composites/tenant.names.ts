/** The names a tenant's parts share: of the organization's robots and repositories, and keys of its shape. */
import { unknownValue } from "../resources/_shared/define";
import type { Bag } from "./_shared/define";
import { type Path, valueAt } from "./_shared/paths";

/** Quay's own team, which every organization has and no tenant declares. */
export const ownersTeam = "owners";

/** Joins name parts; a part unknown at preview makes the whole unknown. */
export function joined(...parts: unknown[]): string {
  return parts.some((part) => typeof part !== "string" || part.includes(unknownValue)) ? unknownValue : parts.join("");
}

/** The organization's name in the shape. */
export const nameOf = (shape: Bag) => shape.name;
/** A robot's full name (`<organization>+<robot>`); unknown while the organization's name is. */
export const robotFullName = (shape: Bag, robot: string) => joined(nameOf(shape), "+", robot);
/** A repository's full name (`<organization>/<name>`); unknown while the organization's name is. */
export const repositoryFullName = (shape: Bag, name: string) => joined(nameOf(shape), "/", name);
/** Whether the shape declares `key` in its map `map` (`teams`, `robots`, `repositories`). */
export const declared = (shape: Bag, map: string, key: string) => valueAt(shape, [map, key]) !== undefined;

/** The short name of a robot of the tenant's organization, or undefined for anything else. */
export function shortRobot(shape: Bag, name: unknown): string | undefined {
  const prefix = `${String(nameOf(shape))}+`;
  return typeof name === "string" && name.startsWith(prefix) ? name.slice(prefix.length) : undefined;
}

/** The repository's name below the tenant's organization, or undefined for another namespace's. */
export function shortRepository(shape: Bag, fullName: unknown): string | undefined {
  const prefix = `${String(nameOf(shape))}/`;
  return typeof fullName === "string" && fullName.startsWith(prefix) ? fullName.slice(prefix.length) : undefined;
}

/** A map key for an object Quay names by no key of the shape, unique among `taken`. */
export function freshKey(taken: unknown, base: string): string {
  const clean =
    base
      .replace(/[^a-z0-9]+/gi, "-")
      .replace(/^-+|-+$/g, "")
      .toLowerCase() || "rule";
  let key = clean;
  for (let suffix = 2; taken && typeof taken === "object" && key in taken; suffix += 1) key = `${clean}-${suffix}`;
  return key;
}

/** `value` without its undefined members, for shape values built from what Quay holds. */
export function defined(value: Bag): Bag {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}

/** The path of the shape itself: where the organization goes. */
export const root: Path = [];
