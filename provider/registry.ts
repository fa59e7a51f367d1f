/**
 * The only list of resource kinds. The runtime adapters, the SDK and schema generator, the docs and
 * the consistency tests all iterate it; adding a kind means adding it here.
 */
import type { AnyResourceDefinition } from "./resources/_shared/define";
import { defaultPermission } from "./resources/default-permission";
import { organization } from "./resources/organization";
import { repository } from "./resources/repository";
import { repositoryMirror } from "./resources/repository-mirror";
import { repositoryNotification } from "./resources/repository-notification";
import { repositoryPermission } from "./resources/repository-permission";
import { robot } from "./resources/robot";
import { team } from "./resources/team";
import { teamMember } from "./resources/team-member";

/** Every resource kind, in documentation order. */
export const resources = [
  organization,
  repository,
  robot,
  team,
  teamMember,
  repositoryPermission,
  defaultPermission,
  repositoryNotification,
  repositoryMirror,
] as unknown as readonly AnyResourceDefinition[];

/** Looks a kind up by name; throws for a kind this version does not know (state from a newer version). */
export function resourceKind(kind: string): AnyResourceDefinition {
  const definition = resources.find((candidate) => candidate.kind === kind);
  if (!definition) throw new Error(`pulumi-quay does not know the resource kind "${kind}"; upgrade pulumi-quay`);
  return definition;
}
