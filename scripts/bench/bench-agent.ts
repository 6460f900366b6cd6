// The agent a benchmark reads as: an agent (not an admin), so every read carries the access
// condition; as a CurrentUser for in-process reads and as a session cookie for pages.
import type { CurrentUser } from "@/lib/auth/current-user";
import type { Db } from "@/lib/db";
import { createTestUser, TEST_PASSWORD } from "@/test/support/factories";
import { mustSignIn } from "@/test/support/http-session";

export async function signInBenchAgent(db: Db, baseUrl: string): Promise<{ user: CurrentUser; cookie: string }> {
  const agent = await createTestUser(db);
  // The list and thread reads look at who the person is, not at their session.
  const session = { id: "bench-session", version: agent.sessionVersion, endsAt: new Date(Date.now() + 60 * 60_000) };
  const user: CurrentUser = { id: agent.id, email: agent.email, name: null, role: "agent", mustChangePassword: false, session };
  return { user, cookie: await mustSignIn(baseUrl, agent.email, TEST_PASSWORD) };
}
