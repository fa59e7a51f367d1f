/** The tenant's parts of its repositories: each repository, its permissions, notifications and mirror. */
import type { Bag, Part } from "./_shared/define";
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

/** The repositories, each a `Repository` at `repositories.<name>`. */
export const repositoryPart: Part = {
  kind: "Repository",
  plan: (shape) =>
    entriesOf(shape.repositories).map(([name, spec]) => ({
      path: ["repositories", name],
      inputs: {
        namespace: nameOf(shape),
        name,
        visibility: spec.visibility,
        description: spec.description,
        state: spec.state,
        forceDelete: spec.forceDelete,
      },
      after: [root],
      child: `repo-${name}`,
    })),
  place: (state, shape) =>
    state.namespace === nameOf(shape)
      ? {
          path: ["repositories", String(state.name)],
          value: defined({
            visibility: state.visibility,
            description: state.description,
            state: state.state,
            forceDelete: state.forceDelete,
          }),
        }
      : undefined,
  fields: { namespace: null, name: null },
};

/** Where a permission's subject sits under its repository: the tenant's teams, robots, or users. */
const grantees = [
  { map: "teams", child: "team", target: (name: string) => ({ team: name }) },
  { map: "robots", child: "robot", target: (name: string, shape: Bag) => ({ user: robotFullName(shape, name) }) },
  { map: "users", child: "user", target: (name: string) => ({ user: name }) },
] as const;

/** The roles on each repository, each a `RepositoryPermission` of a team, robot or user. */
export const permissionPart: Part = {
  kind: "RepositoryPermission",
  plan: (shape) =>
    entriesOf(shape.repositories).flatMap(([repository, spec]) =>
      grantees.flatMap(({ map, child, target }) =>
        entriesOf<string>(spec[map]).map(([subject, role]) => ({
          path: ["repositories", repository, map, subject],
          inputs: { repository: repositoryFullName(shape, repository), ...target(subject, shape), role },
          after: [
            ["repositories", repository],
            ...(map !== "users" && declared(shape, map, subject) ? [[map, subject]] : []),
          ],
          child: `repo-${repository}-${child}-${subject}`,
        })),
      ),
    ),
  place: (state, shape) => {
    const repository = shortRepository(shape, state.repository);
    if (repository === undefined) return undefined;
    const robot = shortRobot(shape, state.user);
    const [map, subject] =
      state.team !== undefined
        ? ["teams", state.team]
        : robot !== undefined
          ? ["robots", robot]
          : ["users", state.user];
    return { path: ["repositories", repository, map, String(subject)], value: state.role };
  },
  fields: { repository: null, team: null, user: null, role: null },
};

/** The notifications of each repository, each a `RepositoryNotification` at its key. */
export const notificationPart: Part = {
  kind: "RepositoryNotification",
  plan: (shape) =>
    entriesOf(shape.repositories).flatMap(([repository, spec]) =>
      entriesOf(spec.notifications).map(([key, notification]) => ({
        path: ["repositories", repository, "notifications", key],
        inputs: {
          repository: repositoryFullName(shape, repository),
          event: notification.event,
          method: notification.method,
          config: notification.config,
          eventConfig: notification.eventConfig,
          title: notification.title,
        },
        after: [["repositories", repository]],
        child: `repo-${repository}-notify-${key}`,
      })),
    ),
  place: (state, shape) => {
    const repository = shortRepository(shape, state.repository);
    if (repository === undefined) return undefined;
    const taken = valueAt(shape, ["repositories", repository, "notifications"]);
    const key = freshKey(taken, typeof state.title === "string" ? state.title : `${state.event}-${state.method}`);
    const { event, method, config, eventConfig, title } = state;
    return {
      path: ["repositories", repository, "notifications", key],
      value: defined({ event, method, config, eventConfig, title }),
    };
  },
  fields: { repository: null },
};

/** A mirror's own inputs, the same in the shape and in the kind but for the robot and the repository. */
const mirrorSettings = [
  "externalReference",
  "tagPatterns",
  "syncIntervalSeconds",
  "syncStartDate",
  "enabled",
  "username",
  "password",
  "verifyTls",
  "unsignedImages",
  "httpProxy",
  "httpsProxy",
  "noProxy",
  "skopeoTimeoutSeconds",
  "syncTrigger",
] as const;

/** The mirror of a repository, a `RepositoryMirror` at `repositories.<name>.mirror`. */
export const mirrorPart: Part = {
  kind: "RepositoryMirror",
  plan: (shape) =>
    entriesOf(shape.repositories).flatMap(([repository, spec]) => {
      const mirror = spec.mirror as Bag | undefined;
      if (!mirror || typeof mirror !== "object") return [];
      const robot = String(mirror.robot);
      return [
        {
          path: ["repositories", repository, "mirror"],
          inputs: {
            repository: repositoryFullName(shape, repository),
            robot: robotFullName(shape, robot),
            ...Object.fromEntries(mirrorSettings.map((key) => [key, mirror[key]])),
          },
          after: [["repositories", repository], ...(declared(shape, "robots", robot) ? [["robots", robot]] : [])],
          child: `repo-${repository}-mirror`,
        },
      ];
    }),
  place: (state, shape) => {
    const repository = shortRepository(shape, state.repository);
    const robot = shortRobot(shape, state.robot);
    if (repository === undefined || robot === undefined) return undefined;
    return {
      path: ["repositories", repository, "mirror"],
      value: defined({ robot, ...Object.fromEntries(mirrorSettings.map((key) => [key, state[key]])) }),
    };
  },
  fields: { repository: null },
};
