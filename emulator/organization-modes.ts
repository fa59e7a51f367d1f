/**
 * What turns an organization into something special, which Quay keeps apart from each other
 * (docs/quay-behavior.md §13, §19, §20): a proxy cache configuration, an organization mirror, and tag
 * immutability policies (with the immutable tags they leave). Each family keeps its record here, so the
 * others can check for it without importing one another.
 */
import type { OrganizationRecord, RepositoryRecord } from "./records";
import type { EmulatorState } from "./state";

/** A proxy cache configuration; Quay keeps the credentials and never returns them. */
export interface ProxyCacheRecord {
  upstreamRegistry: string;
  username: string | null;
  password: string | null;
  expirationSeconds: number;
  insecure: boolean;
}

/** The organization's proxy cache configuration, when it has one. */
export function proxyCacheOf(state: EmulatorState, organization: OrganizationRecord): { current?: ProxyCacheRecord } {
  return state.attached(organization, "proxyCache", () => ({}) as { current?: ProxyCacheRecord });
}

/** A tag immutability policy of an organization or a repository. */
export interface ImmutabilityPolicyRecord {
  uuid: string;
  tagPattern: string;
  tagPatternMatches: boolean;
}

/** The tag immutability policies on an organization or repository record. */
export function immutabilityPoliciesOf(state: EmulatorState, owner: OrganizationRecord | RepositoryRecord) {
  return state.attached(owner, "immutabilityPolicies", () => [] as ImmutabilityPolicyRecord[]);
}

/** The tags of a repository that policies made immutable (Quay never makes them mutable again). */
export function immutableTagsOf(state: EmulatorState, repository: RepositoryRecord): Set<string> {
  return state.attached(repository, "immutableTags", () => new Set<string>());
}

/** Whether any repository of the organization holds an immutable tag. */
export function hasImmutableTags(state: EmulatorState, organization: OrganizationRecord): boolean {
  return state.repositoriesOf(organization.name).some((repository) => immutableTagsOf(state, repository).size > 0);
}

/** An organization mirror's configuration (§20). */
export interface OrganizationMirrorRecord {
  isEnabled: boolean;
  registryType: "harbor" | "quay";
  registryUrl: string;
  namespace: string;
  username: string | null;
  password: string | null;
  config: Record<string, unknown>;
  repositoryFilters: string[];
  robot: string;
  visibility: "public" | "private";
  syncInterval: number;
  syncStartDate: string;
  syncStatus: "CANCEL" | "FAIL" | "NEVER_RUN" | "SUCCESS" | "SYNCING" | "SYNC_NOW";
  syncRetriesRemaining: number;
  skopeoTimeout: number;
  created: Date;
}

/** The organization's mirror configuration, when it has one. */
export function organizationMirrorOf(
  state: EmulatorState,
  organization: OrganizationRecord,
): { current?: OrganizationMirrorRecord } {
  return state.attached(organization, "organizationMirror", () => ({}) as { current?: OrganizationMirrorRecord });
}
