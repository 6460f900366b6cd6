// GET /api/conversations/counts: how many open conversations each of the person's views holds
// that they have not read, for a tab to refresh its views and title after live updates.
import { countUnreadViews } from "@/lib/conversations/count-unread-views";
import { withUserRoute } from "@/lib/http/with-user-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withUserRoute(
  async ({ user }) => Response.json(await countUnreadViews(user), { headers: { "cache-control": "no-store" } }),
  // Asked for by the page when a live update arrives: not the person's activity.
  { isActivity: false },
);
