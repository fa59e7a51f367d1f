/**
 * Team syncing (`FEATURE_TEAM_SYNCING`): a team follows a group of the authentication backend.
 * `endpoints/api/team.py` as docs/quay-behavior.md §5 describes it.
 */
import { type Features, type Handler, type HandlerFamily, type RequestContext, validatedBody } from "../context";
import { isFullAccessSuperuser, requireCaller, unauthorized } from "../permissions";
import type { OrganizationRecord, TeamRecord } from "../records";
import { apiError, quayInternalError } from "../replies";
import { federatedService, syncSetupAllowed, teamSync, teamView } from "./teams";

/** What the backend needs to find a group (`check_group_lookup_args`). */
function groupLookupError(context: RequestContext, config: Record<string, unknown>): string | undefined {
  switch (context.authentication) {
    case "LDAP":
      return typeof config.group_dn === "string" && config.group_dn !== "" ? undefined : "Missing group_dn";
    case "Keystone":
      return typeof config.group_id === "string" && config.group_id !== "" ? undefined : "Missing group_id";
    case "OIDC":
      return undefined;
    default:
      return "Not supported";
  }
}

function syncedTeam(context: RequestContext): { organization: OrganizationRecord; team: TeamRecord } {
  requireCaller(context);
  const organization = context.state.organizations.get(context.params.orgname);
  if (!organization || !(syncSetupAllowed(context, organization) || isFullAccessSuperuser(context))) {
    throw unauthorized(context);
  }
  const team = organization.teams.get(context.params.teamname);
  if (!team) throw apiError(404, "Not Found", context.host);
  return { organization, team };
}

const enableTeamSync: Handler = (context) => {
  const { organization, team } = syncedTeam(context);
  const config = validatedBody(context, { type: "object" });
  // A second link breaks the unique constraint on the team: an internal error (§5).
  if (teamSync(context, team).current)
    throw quayInternalError("IntegrityError: UNIQUE constraint failed: teamsync.team_id");
  const problem = groupLookupError(context, config);
  if (problem) throw apiError(400, `Could not sync to group: ${problem}`, context.host);
  teamSync(context, team).current = { service: federatedService(context)!, config, lastUpdated: null };
  // With OIDC, enabling sync empties the team; the backend fills it later (§5).
  if (context.authentication === "OIDC") team.members.clear();
  return { status: 200, body: teamView(context, organization, team, false) };
};

const disableTeamSync: Handler = (context) => {
  const { organization, team } = syncedTeam(context);
  teamSync(context, team).current = undefined;
  return { status: 200, body: teamView(context, organization, team, false) };
};

const syncing = (features: Features) => features.teamSyncing;

/** Enabling and disabling a team's sync; the routes are the Team kind's. */
export const family: HandlerFamily = {
  routes: {
    enableTeamSync: "POST /organization/{orgname}/team/{teamname}/syncing",
    disableTeamSync: "DELETE /organization/{orgname}/team/{teamname}/syncing",
  },
  handlers: { enableTeamSync, disableTeamSync },
  gates: { enableTeamSync: syncing, disableTeamSync: syncing },
};
