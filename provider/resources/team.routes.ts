/** The Team kind's routes (docs/quay-behavior.md §5), shared with TeamMember and team syncing. */
import { defineRoutes, notFound } from "../quay/routes";

/** The team routes; Quay has no read for one team (the organization view lists them). */
export const teamRoutes = defineRoutes({
  /** PUT /organization/{orgname}/team/{teamname} — create or update (an upsert); 200 team view. */
  upsertTeam: { method: "PUT", path: "/organization/{orgname}/team/{teamname}", ok: [200], scope: "org:admin" },
  /** DELETE /organization/{orgname}/team/{teamname} — 400 `{"message"}` when the team is missing. */
  deleteTeam: {
    method: "DELETE",
    path: "/organization/{orgname}/team/{teamname}",
    ok: [204],
    absent: [{ status: 400, message: /^Team '.*' is not a team in org/ }],
    scope: "org:admin",
  },
  /** GET /organization/{orgname}/team/{teamname}/members — members and, optionally, pending invites. */
  listTeamMembers: {
    method: "GET",
    path: "/organization/{orgname}/team/{teamname}/members",
    ok: [200],
    absent: [notFound],
    scope: "org:admin",
  },
  /** PUT /organization/{orgname}/team/{teamname}/members/{membername} — adds (or invites) a member. */
  addTeamMember: {
    method: "PUT",
    path: "/organization/{orgname}/team/{teamname}/members/{membername}",
    ok: [200],
    scope: "org:admin",
  },
  /** POST /organization/{orgname}/team/{teamname}/syncing — links the team to a group of the auth backend. */
  enableTeamSync: {
    method: "POST",
    path: "/organization/{orgname}/team/{teamname}/syncing",
    ok: [200],
    scope: "super:user",
    requires: "FEATURE_TEAM_SYNCING",
  },
  /** DELETE /organization/{orgname}/team/{teamname}/syncing — unlinks it; the members stay. */
  disableTeamSync: {
    method: "DELETE",
    path: "/organization/{orgname}/team/{teamname}/syncing",
    ok: [200],
    scope: "super:user",
    requires: "FEATURE_TEAM_SYNCING",
  },
  /** DELETE /organization/{orgname}/team/{teamname}/members/{membername} — removes a member or an invite. */
  removeTeamMember: {
    method: "DELETE",
    path: "/organization/{orgname}/team/{teamname}/members/{membername}",
    ok: [204],
    absent: [notFound, { status: 400, message: /does not belong to team/ }],
    scope: "org:admin",
  },
});
