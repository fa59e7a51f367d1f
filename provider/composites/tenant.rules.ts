/**
 * The tenant's parts that set rules: prune and immutability rules (of the organization or one repository),
 * default permissions and the quota.
 */
import type { Bag, Part, Placement } from "./_shared/define";
import { entriesOf, valueAt } from "./_shared/paths";
import {
  declared,
  defined,
  freshKey,
  nameOf,
  repositoryFullName,
  robotFullName,
  root,
  shortRepository,
  shortRobot,
} from "./tenant.names";

/** A prune or immutability rule's inputs, by its scope: the organization or one repository. */
function scopedRules(
  map: "prunePolicies" | "immutabilityPolicies",
  child: string,
  fieldsOf: (spec: Bag) => Bag,
): Pick<Part, "plan"> {
  return {
    plan: (shape) => [
      ...entriesOf(shape[map]).map(([key, spec]) => ({
        path: [map, key],
        inputs: { organization: nameOf(shape), ...fieldsOf(spec) },
        after: [root],
        child: `${child}-${key}`,
      })),
      ...entriesOf(shape.repositories).flatMap(([repository, repositorySpec]) =>
        entriesOf(repositorySpec[map]).map(([key, spec]) => ({
          path: ["repositories", repository, map, key],
          inputs: { repository: repositoryFullName(shape, repository), ...fieldsOf(spec) },
          after: [["repositories", repository]],
          child: `repo-${repository}-${child}-${key}`,
        })),
      ),
    ],
  };
}

/** Where a prune or immutability rule found in Quay goes: under its repository, or the organization. */
function placeRule(
  map: "prunePolicies" | "immutabilityPolicies",
  state: Bag,
  shape: Bag,
  key: string,
  value: Bag,
): Placement | undefined {
  if (typeof state.repository === "string") {
    const repository = shortRepository(shape, state.repository);
    if (repository === undefined) return undefined;
    const taken = valueAt(shape, ["repositories", repository, map]);
    return { path: ["repositories", repository, map, freshKey(taken, key)], value };
  }
  if (state.organization !== nameOf(shape)) return undefined;
  return { path: [map, freshKey(shape[map], key)], value };
}

const pruneFields = (spec: Bag) => ({
  keepNewest: spec.keepNewest,
  olderThan: spec.olderThan,
  tagPattern: spec.tagPattern,
  tagPatternMatches: spec.tagPatternMatches,
});

/** The prune rules, each an `AutoPrunePolicy` of the organization or of one repository. */
export const prunePart: Part = {
  kind: "AutoPrunePolicy",
  ...scopedRules("prunePolicies", "prune", pruneFields),
  place: (state, shape) => {
    const rule = state.keepNewest !== undefined ? `keep-${state.keepNewest}` : `older-than-${state.olderThan}`;
    const pattern = typeof state.tagPattern === "string" ? `-${state.tagPattern}` : "";
    const value = defined({
      ...pruneFields(state),
      tagPatternMatches: state.tagPattern === undefined || state.tagPatternMatches !== false ? undefined : false,
    });
    return placeRule("prunePolicies", state, shape, `${rule}${pattern}`, value);
  },
  fields: { organization: null, repository: null },
};

const immutabilityFields = (spec: Bag) => ({ tagPattern: spec.tagPattern, tagPatternMatches: spec.tagPatternMatches });

/** The tag immutability rules, each a `TagImmutabilityPolicy` of the organization or of one repository. */
export const immutabilityPart: Part = {
  kind: "TagImmutabilityPolicy",
  ...scopedRules("immutabilityPolicies", "immutable", immutabilityFields),
  place: (state, shape) =>
    placeRule(
      "immutabilityPolicies",
      state,
      shape,
      String(state.tagPattern),
      defined({
        tagPattern: state.tagPattern,
        tagPatternMatches: state.tagPatternMatches === false ? false : undefined,
      }),
    ),
  fields: { organization: null, repository: null },
};

/** The default permissions, each a `DefaultPermission` at `defaultPermissions.<name>`. */
export const defaultPermissionPart: Part = {
  kind: "DefaultPermission",
  plan: (shape) =>
    entriesOf(shape.defaultPermissions).map(([key, spec]) => {
      const team = spec.team as string | undefined;
      const robot = spec.robot as string | undefined;
      return {
        path: ["defaultPermissions", key],
        inputs: {
          organization: nameOf(shape),
          role: spec.role,
          delegateTeam: team,
          delegateUser: robot !== undefined ? robotFullName(shape, robot) : spec.user,
          activatingUser: spec.activatingUser,
        },
        // After the repositories too: the tenant's own repositories get only the roles it lists.
        after: [
          root,
          ...(team !== undefined && declared(shape, "teams", team) ? [["teams", team]] : []),
          ...(robot !== undefined && declared(shape, "robots", robot) ? [["robots", robot]] : []),
          ...entriesOf(shape.repositories).map(([repository]) => ["repositories", repository]),
        ],
        child: `default-${key}`,
      };
    }),
  place: (state, shape) => {
    if (state.organization !== nameOf(shape)) return undefined;
    const robot = shortRobot(shape, state.delegateUser);
    const delegate =
      state.delegateTeam !== undefined
        ? { team: state.delegateTeam }
        : robot !== undefined
          ? { robot }
          : { user: state.delegateUser };
    const activating = state.activatingUser === undefined ? "" : `-for-${state.activatingUser}`;
    const key = freshKey(shape.defaultPermissions, `${Object.values(delegate)[0]}-${state.role}${activating}`);
    return {
      path: ["defaultPermissions", key],
      value: defined({ ...delegate, role: state.role, activatingUser: state.activatingUser }),
    };
  },
  fields: { organization: null, delegateTeam: ["team"], delegateUser: ["user"] },
};

/** The quota, a `Quota` at `quota`, with its limits. */
export const quotaPart: Part = {
  kind: "Quota",
  plan: (shape) => {
    const quota = shape.quota as Bag | undefined;
    if (!quota || typeof quota !== "object") return [];
    return [
      {
        path: ["quota"],
        inputs: { organization: nameOf(shape), limit: quota.limit, limits: quota.limits },
        after: [root],
        child: "quota",
      },
    ];
  },
  place: (state, shape) =>
    state.organization === nameOf(shape)
      ? {
          path: ["quota"],
          value: defined({
            limit: state.limit,
            limits: (state.limits as unknown[] | undefined)?.length ? state.limits : undefined,
          }),
        }
      : undefined,
  fields: { organization: null },
};
