/**
 * A JSON-friendly copy of the emulator's state (`GET /__emulator/state`), for tests that compare Pulumi
 * state with server state: every record with the data handler families keep on it. Users' passwords and
 * robot tokens are left out; what families keep (a mirror's registry password, an application's secret)
 * is not: this is a test double's state, for tests.
 */
import type { EmulatorState } from "./state";

/** `value` as plain JSON: maps as objects, sets as arrays (sorted when `sortSets`). */
const plain = (value: unknown, sortSets: boolean): unknown =>
  JSON.parse(
    JSON.stringify(value, (_key, item) => {
      if (item instanceof Map) return Object.fromEntries(item);
      if (item instanceof Set) return sortSets ? [...item].sort() : [...item];
      return item;
    }),
  );

/** Everything the state holds, as plain JSON. */
export function dumpState(state: EmulatorState): Record<string, unknown> {
  const families = (record: object) => {
    const attached = state.attachedTo(record);
    return attached ? (plain(Object.fromEntries(attached), false) as object) : {};
  };
  const withFamilies = (record: object) => ({ ...(plain(record, true) as object), ...families(record) });
  return {
    users: [...state.users.values()].map(({ password: _password, ...shown }) => shown),
    organizations: [...state.organizations.values()].map((organization) => ({
      ...withFamilies(organization),
      teams: [...organization.teams.values()].map((team) => plain(team, true)),
    })),
    repositories: [...state.repositories.values()].map(withFamilies),
    robots: [...state.robots.values()].map((robot) => {
      const { token: _token, ...shown } = withFamilies(robot) as Record<string, unknown>;
      return shown;
    }),
    deletedNamespaces: state.deletedNamespaces.map((pending) => pending.item),
    deletedRepositories: state.deletedRepositories.length,
  };
}
