/**
 * A repository's tags over time, as Quay's `Tag` table keeps them: the live tags (`RepositoryRecord.tags`,
 * which pushes through the control API make) and the versions a delete or a retarget ended, which the tag
 * list shows until Quay's collectors purge them (docs/quay-behavior.md §15). The tag routes and the
 * control API's push both change tags through here, so they agree.
 */
import type { RepositoryRecord } from "./records";
import type { EmulatorState } from "./state";

/** A tag version that ended: what it pointed at and when it lived. */
export interface EndedTag {
  name: string;
  manifestDigest: string;
  size: number;
  start: Date;
  end: Date;
}

/** The ended versions of `repository`'s tags, oldest first. */
export function endedTagsOf(state: EmulatorState, repository: RepositoryRecord): EndedTag[] {
  return state.attached(repository, "endedTags", () => [] as EndedTag[]);
}

/** Whether a manifest with `digest` was ever pushed to `repository` (Quay keeps manifests beyond their tags). */
export function hasManifest(state: EmulatorState, repository: RepositoryRecord, digest: string): boolean {
  return (
    [...repository.tags.values()].some((tag) => tag.manifestDigest === digest) ||
    endedTagsOf(state, repository).some((tag) => tag.manifestDigest === digest)
  );
}

/** Ends the live tag `name` at the state's time; false when there is none. */
export function endTag(state: EmulatorState, repository: RepositoryRecord, name: string): boolean {
  const live = repository.tags.get(name);
  if (!live) return false;
  repository.tags.delete(name);
  const { manifestDigest, size, pushed } = live;
  endedTagsOf(state, repository).push({ name, manifestDigest, size, start: pushed, end: new Date(state.clock()) });
  return true;
}

/** Points `name` at a manifest, as a push or a move does: a live tag of that name ends first. */
export function pointTag(
  state: EmulatorState,
  repository: RepositoryRecord,
  name: string,
  manifest: { manifestDigest: string; size: number },
): void {
  endTag(state, repository, name);
  repository.tags.set(name, { ...manifest, pushed: new Date(state.clock()) });
}
