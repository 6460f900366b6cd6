// withRoute for handlers that need a signed-in user (and optionally an admin): 401 signed out,
// 403 for the wrong role, checked against the database on every request.
import "server-only";
import { requireApiUser, type CurrentUser, type Role } from "../auth/current-user";
import { withRoute, type RouteContext } from "./with-route";

export function withUserRoute<Params = Record<string, never>>(
  handler: (context: RouteContext<Params> & { user: CurrentUser }) => Promise<Response>,
  options: { role?: Role } = {},
) {
  return withRoute<Params>(async (context) => {
    const user = await requireApiUser(options.role);
    context.logFields.userId = user.id;
    return handler({ ...context, user });
  });
}
