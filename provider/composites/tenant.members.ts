/** The tenant's parts that hold its members: the organization itself, its robots and its teams. */
import type { Part } from "./_shared/define";
import { entriesOf } from "./_shared/paths";
import { declared, defined, nameOf, robotFullName, root, shortRobot } from "./tenant.names";

/** The organization itself, at the root of the shape. */
export const organizationPart: Part = {
  kind: "Organization",
  plan: (shape) => [
    {
      path: root,
      inputs: {
        name: shape.name,
        email: shape.email,
        tagExpirationSeconds: shape.tagExpirationSeconds,
        forceDelete: shape.forceDelete,
      },
      after: [],
      child: "",
    },
  ],
  place: (state, shape) =>
    state.name === nameOf(shape)
      ? {
          path: root,
          value: defined({
            email: state.email,
            tagExpirationSeconds: state.tagExpirationSeconds,
            forceDelete: state.forceDelete,
          }),
        }
      : undefined,
  fields: { name: ["name"] },
};

/** The robots, each a `Robot` at `robots.<name>`. */
export const robotPart: Part = {
  kind: "Robot",
  plan: (shape) =>
    entriesOf(shape.robots).map(([name, spec]) => ({
      path: ["robots", name],
      inputs: {
        organization: nameOf(shape),
        name,
        description: spec.description,
        federation: spec.federation,
        tokenRotation: spec.tokenRotation,
      },
      after: [root],
      child: `robot-${name}`,
    })),
  place: (state, shape) =>
    state.organization === nameOf(shape)
      ? {
          path: ["robots", String(state.name)],
          value: defined({
            description: state.description || undefined,
            federation: state.federation,
            tokenRotation: state.tokenRotation,
          }),
        }
      : undefined,
  fields: { organization: null, name: null },
};

/** The teams, each a `Team` at `teams.<name>`, with its members and robots (or its sync group). */
export const teamPart: Part = {
  kind: "Team",
  plan: (shape) =>
    entriesOf(shape.teams).map(([name, spec]) => {
      const robots = Array.isArray(spec.robots) ? (spec.robots as string[]) : [];
      const users = Array.isArray(spec.members) ? (spec.members as string[]) : [];
      const managed = spec.members !== undefined || spec.robots !== undefined;
      return {
        path: ["teams", name],
        inputs: {
          organization: nameOf(shape),
          name,
          role: spec.role,
          description: spec.description,
          members: managed ? [...users, ...robots.map((robot) => robotFullName(shape, robot))] : undefined,
          syncGroup: spec.syncGroup,
        },
        after: [root, ...robots.filter((robot) => declared(shape, "robots", robot)).map((robot) => ["robots", robot])],
        child: `team-${name}`,
      };
    }),
  place: (state, shape) => {
    if (state.organization !== nameOf(shape)) return undefined;
    const members = state.members as string[] | undefined;
    const robots = members?.flatMap((member) => shortRobot(shape, member) ?? []);
    return {
      path: ["teams", String(state.name)],
      value: defined({
        role: state.role,
        description: state.description,
        members: members?.filter((member) => shortRobot(shape, member) === undefined),
        robots: robots?.length ? robots : undefined,
        syncGroup: state.syncGroup,
      }),
    };
  },
  fields: { organization: null, name: null },
};
