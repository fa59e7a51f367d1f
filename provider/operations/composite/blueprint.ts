/**
 * The children of the `OrganizationBlueprint` component: one resource per object that a `Tenant` of the
 * same shape declares, from the same table of parts, so the two forms declare the same objects.
 */
import { findComposite } from "../../catalog";
import { pathText } from "../../composites/_shared/paths";
import { QuayOperationError } from "../../quay/errors";
import type { PropertyBag } from "../values";

/** One child resource of a blueprint: its kind, the suffix of its name, its inputs and the children it needs first. */
export interface BlueprintChild {
  kind: string;
  /** Appended to the blueprint's name with a dash (`repo-api`); empty for the organization, named as the blueprint. */
  child: string;
  /** Where it sits in the shape. */
  path: readonly string[];
  /** Its inputs; values the program passed as outputs are passed on as they are. */
  inputs: PropertyBag;
  /** The `child` names of the children it needs first. */
  after: string[];
}

/**
 * The children of a blueprint with `args` (whose maps and lists are plain, and whose other values may be
 * outputs). Throws naming each path that refers to something the blueprint does not declare.
 */
export function blueprintChildren(args: PropertyBag): BlueprintChild[] {
  const tenant = findComposite("Tenant")!;
  const problems = tenant.validate?.(args as never) ?? [];
  if (problems.length > 0) {
    throw new QuayOperationError(
      "QUAY_INVALID_INPUT",
      `OrganizationBlueprint "${String(args.name)}": ${problems.map(({ property, reason }) => `${property} ${reason}`).join("; ")}`,
    );
  }
  const planned = tenant.parts.flatMap((part) => part.plan(args).map((object) => ({ ...object, kind: part.kind })));
  const childAt = new Map(planned.map((object) => [pathText(object.path), object.child]));
  return planned.map((object) => ({
    kind: object.kind,
    child: object.child,
    path: object.path,
    inputs: object.inputs,
    after: object.after.flatMap((path) => childAt.get(pathText(path)) ?? []),
  }));
}
