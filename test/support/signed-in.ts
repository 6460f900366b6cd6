// A CurrentUser for calling services directly in tests (the gate has been passed already).
import type { CurrentUser } from "@/lib/auth/current-user";

export function signedInAs(user: { id: string; email: string; role: string }): CurrentUser {
  return {
    id: user.id,
    email: user.email,
    name: null,
    role: user.role === "admin" ? "admin" : "agent",
    mustChangePassword: false,
    session: { id: "session", version: 0, endsAt: new Date(Date.now() + 3_600_000) },
  };
}
