/** Renaming an organization, as Quay does it: in place, its repositories and robots following it. */

import { repositoryKey } from "./records";
import type { EmulatorState } from "./state";

/** Renames an organization in place: its repositories and robots follow, and every role naming a robot. */
export function renameNamespace(state: EmulatorState, from: string, to: string): void {
  const organization = state.organizations.get(from)!;
  state.organizations.delete(from);
  organization.name = to;
  state.organizations.set(to, organization);
  const renamedRobot = (name: string) => (name.startsWith(`${from}+`) ? `${to}+${name.slice(from.length + 1)}` : name);
  for (const robot of [...state.robots.values()].filter((candidate) => candidate.namespace === from)) {
    state.robots.delete(robot.name);
    robot.namespace = to;
    robot.name = `${to}+${robot.shortname}`;
    state.robots.set(robot.name, robot);
  }
  for (const repository of [...state.repositories.values()]) {
    repository.userRoles = new Map([...repository.userRoles].map(([name, role]) => [renamedRobot(name), role]));
    if (repository.namespace !== from) continue;
    state.repositories.delete(repositoryKey(from, repository.name));
    repository.namespace = to;
    state.repositories.set(repositoryKey(to, repository.name), repository);
  }
  for (const team of organization.teams.values()) team.members = new Set([...team.members].map(renamedRobot));
  for (const prototype of organization.prototypes) prototype.delegate.name = renamedRobot(prototype.delegate.name);
}
