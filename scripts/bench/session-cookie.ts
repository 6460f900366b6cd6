// What remembering decoded session cookies (lib/auth/session-cookie.ts) saves per request: the same
// signed-in requests with one cookie sent again and again (decrypted once, then remembered) against
// a fresh cookie each time (decrypted on every request), interleaved on one server so the
// machine's noise falls on both alike. Needs a build.
// Run: npx tsx --conditions=react-server scripts/bench/session-cookie.ts
import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { createDb } from "@/lib/db";
import { createTestSession, createTestUser } from "@/test/support/factories";
import { createScratchDatabase } from "@/test/support/scratch-database";
import { startCareDeskServer } from "@/test/support/start-server";
import { median, percentile, round } from "./statistics";

const WARM_UP = 50;
const SAMPLES = 300;
const COOKIE_NAME = "authjs.session-token";
// An API route whose answer is decided after the gate (an unknown media id), and a page.
const TARGETS = [
  { path: "/api/media/clnotarealmediaid00000000", status: 404 },
  { path: "/account/password", status: 200 },
];

const secret = randomBytes(32).toString("base64url");
const database = await createScratchDatabase("sqlite");
const server = await startCareDeskServer({ env: { DATABASE_URL: database.url, AUTH_SECRET: secret } });
const db = createDb(database.url);
try {
  const user = await createTestUser(db);
  const session = await createTestSession(db, user);
  const claims = { sub: user.id, sid: session.id, sessionVersion: user.sessionVersion };
  const freshCookie = async () => `${COOKIE_NAME}=${await encode({ token: claims, secret, salt: COOKIE_NAME })}`;
  const repeatedCookie = await freshCookie();
  for (const target of TARGETS) {
    const timed = async (cookie: string) => {
      const startedAt = performance.now();
      const response = await fetch(`${server.baseUrl}${target.path}`, { headers: { cookie }, redirect: "manual" });
      await response.arrayBuffer();
      if (response.status !== target.status) throw new Error(`${target.path} answered ${response.status}, not ${target.status}`);
      return performance.now() - startedAt;
    };
    for (let index = 0; index < WARM_UP; index++) {
      await timed(repeatedCookie);
      await timed(await freshCookie());
    }
    const repeated: number[] = [];
    const fresh: number[] = [];
    for (let index = 0; index < SAMPLES; index++) {
      const cookie = await freshCookie();
      repeated.push(await timed(repeatedCookie));
      fresh.push(await timed(cookie));
    }
    const describe = (values: number[]) => `p50 ${round(median(values), 2)} ms, p90 ${round(percentile(values, 90), 2)} ms`;
    console.log(`${target.path}: same cookie ${describe(repeated)}; fresh cookie ${describe(fresh)}; p50 difference ${round(median(fresh) - median(repeated), 2)} ms`);
  }
} finally {
  await db.$disconnect();
  await server.stop();
  await database.drop();
}
