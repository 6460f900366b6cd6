// withRoute for handlers that need a signed-in user (and optionally an admin): 401 signed out,
// 403 for the wrong role, checked against the database on every request. `isActivity: false` for
// requests a page makes by itself, which must not keep an idle session open.
import "server-only";
import { requireApiUser, type CurrentUser, type Role } from "../auth/current-user";
import { withRoute, type RouteContext } from "./with-route";

export function withUserRoute<Params = Record<string, never>>(
  handler: (context: RouteContext<Params> & { user: CurrentUser }) => Promise<Response>,
  options: { role?: Role; isActivity?: boolean } = {},
) {
  return withRoute<Params>(async (context) => {
    const user = await requireApiUser(options.role, { isActivity: options.isActivity });
    context.logFields.userId = user.id;
    return handler({ ...context, user });
  });
}
