// A successful sign-in becomes a Session row; its id goes into the cookie (lib/auth/auth.ts). The
// row keeps what the person needs to recognise it later (/account/sessions): a short summary of
// the browser and the client's address, never the raw User-Agent.
import "server-only";
import { getDb } from "../db";
import { describeDevice } from "./describe-device";
import { sessionLimits } from "./session-limits";

/** The longest address kept: an IPv6 address with a zone fits; a forged header is cut short. */
const MAX_CLIENT_ADDRESS_LENGTH = 64;

export type SignInOrigin = { userAgent: string | null; clientAddress: string };

export async function startSession(userId: string, origin: SignInOrigin, now = new Date()): Promise<string> {
  const db = getDb();
  // Housekeeping where it is cheap: this person's sessions past the absolute limit can never be used again.
  await db.session.deleteMany({ where: { userId, createdAt: { lt: new Date(now.getTime() - sessionLimits().maxMs) } } });
  const session = await db.session.create({
    data: {
      userId,
      createdAt: now,
      lastSeenAt: now,
      device: describeDevice(origin.userAgent),
      clientAddress: origin.clientAddress.slice(0, MAX_CLIENT_ADDRESS_LENGTH),
    },
  });
  return session.id;
}
