/** The caller's own account: `endpoints/api/user.py` (quay-behavior.md §14). */
import type { RouteKey } from "../../provider/quay/routes";
import { type Handler, requireCaller } from "../context";

const getCurrentUser: Handler = (context) => {
  const caller = requireCaller(context);
  const user = caller.user;
  return {
    status: 200,
    body: {
      anonymous: false,
      username: user.username,
      email: user.email,
      verified: true,
      super_user: user.superuser,
      organizations: [...context.state.organizations.values()]
        .filter((organization) => context.state.isMember(organization, user.username))
        .map((organization) => ({
          name: organization.name,
          is_org_admin: context.state.isAdmin(organization, user.username),
        })),
    },
  };
};

/** Handlers by route key. */
export const userHandlers: Partial<Record<RouteKey, Handler>> = { getCurrentUser };
