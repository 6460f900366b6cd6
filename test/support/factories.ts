// Test data that never collides, so tests run in any order against shared servers.
import { randomInt, randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";

export function uniqueCustomerNumber(): string {
  return `4479${randomInt(10_000_000, 99_999_999)}`;
}

/** An outbound message CareDesk sent (status webhooks are about these). */
export async function createOutboundMessage(db: Db, options: { channel?: string } = {}) {
  const channel = options.channel ?? "whatsapp";
  const address = uniqueCustomerNumber();
  const contact = await db.contact.create({ data: { channel, address } });
  const conversation = await db.conversation.create({
    data: { contactId: contact.id, channel, businessNumber: "447700900200", lastMessageAt: new Date() },
  });
  return db.message.create({
    data: {
      messageUuid: randomUUID(),
      conversationId: conversation.id,
      direction: "outbound",
      channel,
      messageType: "text",
      fromAddress: "447700900200",
      toAddress: address,
      text: "Sorry to hear that: we are sending a replacement.",
      rawPayload: "{}",
      sentAt: new Date(),
    },
  });
}

export const TEST_PASSWORD = "correct horse battery staple";

/** A person who can sign in with TEST_PASSWORD (hashing takes a moment: share the hash). */
let passwordHash: Promise<string> | undefined;
export async function createTestUser(db: Db, options: { role?: "admin" | "agent"; isDisabled?: boolean; mustChangePassword?: boolean } = {}) {
  const { hashPassword } = await import("@/lib/auth/password");
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return db.user.create({
    data: {
      email: `${options.role ?? "agent"}-${randomUUID().slice(0, 8)}@example.test`,
      role: options.role ?? "agent",
      passwordHash: await passwordHash,
      isDisabled: options.isDisabled ?? false,
      mustChangePassword: options.mustChangePassword ?? false,
    },
  });
}

/** A signed-in session of `user`, as sign-in makes one (times default to now): its id goes in a cookie's `sid`. */
export async function createTestSession(db: Db, user: { id: string }, times: { createdAt?: Date; lastSeenAt?: Date } = {}) {
  const now = new Date();
  return db.session.create({ data: { userId: user.id, createdAt: times.createdAt ?? now, lastSeenAt: times.lastSeenAt ?? times.createdAt ?? now } });
}
