// GET /api/auth/session: the signed-in person in Auth.js's shape, decided by CareDesk's gate. It
// stands in for Auth.js's own endpoint, which trusted any cookie that decrypts and renewed it.
import { getCurrentUser } from "@/lib/auth/current-user";
import { withRoute } from "@/lib/http/with-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "private, no-cache, no-store" };

export const GET = withRoute(async ({ logFields }) => {
  // Asking is not activity: a page polling this must not keep an unattended session open.
  const user = await getCurrentUser(false);
  if (!user) return Response.json(null, { headers: NO_STORE });
  logFields.userId = user.id;
  return Response.json({ user: { name: user.name, email: user.email }, expires: user.session.endsAt.toISOString() }, { headers: NO_STORE });
});
