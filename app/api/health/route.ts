// GET /api/health: up or down for load balancers (200 ok, 503 unavailable); the database's
// details only for a signed-in admin, so anonymous callers learn nothing about the setup.
import { getCurrentUser } from "@/lib/auth/current-user";
import { checkHealth } from "@/lib/health/check-health";
import { withRoute } from "@/lib/http/with-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withRoute(async ({ logFields }) => {
  const report = await checkHealth();
  logFields.database = report.database.status;
  // With the database down no one can be recognised as an admin: everyone then gets the short answer.
  const isAdmin = report.status === "ok" && (await getCurrentUser().catch(() => null))?.role === "admin";
  return Response.json(isAdmin ? report : { status: report.status }, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
});
