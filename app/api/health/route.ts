// GET /api/health: liveness and database status for load balancers (200 up, 503 down).
import { checkHealth } from "@/lib/health/check-health";
import { withRoute } from "@/lib/http/with-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withRoute(async ({ logFields }) => {
  const report = await checkHealth();
  logFields.database = report.database.status;
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
});
