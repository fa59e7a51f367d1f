/**
 * A team's synchronisation with a group of Quay's authentication backend (docs/quay-behavior.md §5):
 * LDAP, Keystone or OIDC, with FEATURE_TEAM_SYNCING. The group is named the way the backend names it
 * (an LDAP DN relative to the base DN, a Keystone group id, an OIDC group name); the backend is read
 * from Quay, so a program only gives the group.
 */
import { z } from "zod";
import type { QuayClient } from "../quay/client";
import { QuayOperationError } from "../quay/errors";
import { teamRoutes } from "./team.routes";

/** The key each backend's group lookup takes, by Quay's name of the backend. */
const groupKeys: Record<string, string> = { ldap: "group_dn", keystone: "group_id", oidc: "group_name" };

const membersReply = z.object({
  can_sync: z.object({ service: z.string() }).optional(),
  synced: z.object({ service: z.string(), config: z.record(z.string(), z.unknown()).optional() }).optional(),
});

/** Whether the team is synced, to which group when Quay shows it, and which backend Quay could sync with. */
export async function syncState(client: QuayClient, organization: string, team: string) {
  // The same request as the team's member list, so one answer serves both.
  const reply = await client.cachedRead(teamRoutes.listTeamMembers, membersReply, {
    params: { orgname: organization, teamname: team },
    query: { includePending: true },
  });
  const synced = reply?.synced;
  const key = synced ? groupKeys[synced.service] : undefined;
  const group = key && typeof synced?.config?.[key] === "string" ? (synced.config[key] as string) : undefined;
  return { service: reply?.can_sync?.service, synced: synced !== undefined, group };
}

/**
 * The group the team follows as the kind records it: `""` when it is not synced, the declared value
 * when Quay hides the group from this caller.
 */
export async function readSyncGroup(
  client: QuayClient,
  organization: string,
  team: string,
  declared: string | undefined,
): Promise<string | undefined> {
  const state = await syncState(client, organization, team);
  return state.synced ? (state.group ?? declared) : "";
}

/**
 * Makes the team follow `group` (`""`: follow none). When Quay refuses the new group, the team follows
 * the group it followed before again, so a typo never leaves it unsynced.
 */
export async function applySyncGroup(client: QuayClient, organization: string, team: string, group: string) {
  const params = { orgname: organization, teamname: team };
  const state = await syncState(client, organization, team);
  const key = state.service === undefined ? undefined : groupKeys[state.service];
  if (group !== "" && key === undefined) {
    throw new QuayOperationError(
      "QUAY_REFUSED",
      `Quay offers no team syncing for ${organization}/${team}: it needs FEATURE_TEAM_SYNCING, LDAP, Keystone or OIDC ` +
        "authentication, and a superuser's token (or FEATURE_NONSUPERUSER_TEAM_SYNCING_SETUP)",
    );
  }
  // Quay fails with a 500 when a synced team is synced again: unlink first.
  if (state.synced) await client.request(teamRoutes.disableTeamSync, { params });
  if (group === "" || key === undefined) return;
  try {
    await client.request(teamRoutes.enableTeamSync, { params, body: { [key]: group } });
  } catch (error) {
    if (state.group === undefined) throw error;
    await client.request(teamRoutes.enableTeamSync, { params, body: { [key]: state.group } });
    throw QuayOperationError.wrapping(
      `${(error as Error).message}; ${organization}/${team} follows ${state.group} again, as before`,
      error,
      "QUAY_UNEXPECTED",
    );
  }
}
