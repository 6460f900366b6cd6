// GET|POST /api/auth/*: Auth.js endpoints (sign-in callback, sign-out, session, CSRF token).
import { handlers } from "@/lib/auth/auth";

export const runtime = "nodejs";
export const { GET, POST } = handlers;
