// What the contact panel beside a thread shows of its customer: their name, their identity on each
// channel CareDesk knows them on (the same number on SMS and WhatsApp is one person), when they
// were first seen, and their other conversations across channels and inboxes.
//
// Everything is read through the viewer's reach: an identity, a date or a conversation is shown
// only when it comes from a conversation the viewer may see. A customer's conversation in an inbox
// out of reach leaves no trace here (not even a count), as it leaves none anywhere else.
import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { conversationAccessWhere } from "../conversations/conversation-access";
import { customerName } from "../conversations/conversation-row";
import { getDb } from "../db";
import { AppError } from "../errors";
import { formatAddress } from "../messages/format-address";
import { fromStoredContent } from "../messages/message-content";

/** The newest other conversations listed; the inbox's search (by address) finds the rest. */
export const OTHER_CONVERSATIONS_SHOWN = 20;
/** A WhatsApp username rides on each message from its profile: the newest few are enough to find it. */
const MESSAGES_SEARCHED_FOR_USERNAME = 20;

export type ContactIdentity = { channel: string; address: string; username: string | null; isCurrent: boolean };

export type OtherConversation = {
  id: string;
  channel: string;
  businessNumber: string;
  inboxName: string;
  status: string;
  lastMessageAt: Date;
};

export type ContactPanel = {
  conversationId: string;
  contactId: string;
  /** The name agents gave; null when none (then Vonage's profile name or the address is shown). */
  name: string | null;
  profileName: string | null;
  displayName: string;
  /** As people read it ("+44 7700 900123"), and as stored (what the inbox's search finds). */
  address: string;
  storedAddress: string;
  channel: string;
  identities: ContactIdentity[];
  firstSeenAt: Date;
  otherConversations: OtherConversation[];
  hasMoreConversations: boolean;
};

/** Vonage writes E.164 without "+", but an address entered elsewhere may carry one: both are the same person. */
function sameAddresses(address: string): string[] {
  return address.startsWith("+") ? [address, address.slice(1)] : [address, `+${address}`];
}

export async function getContactPanel(user: CurrentUser, conversationId: string): Promise<ContactPanel> {
  const db = getDb();
  const reach = conversationAccessWhere(user);
  const conversation = await db.conversation.findFirst({
    where: { AND: [{ id: conversationId }, reach] },
    select: { id: true, channel: true, createdAt: true, contact: { select: { id: true, address: true, name: true, profileName: true } } },
  });
  if (!conversation) throw new AppError("not_found", "This conversation does not exist (any more).");
  const { contact } = conversation;

  // The customer's contacts on every channel, as far as the viewer sees any of their conversations.
  const contacts = await db.contact.findMany({
    where: { address: { in: sameAddresses(contact.address) }, conversations: { some: reach } },
    select: { id: true, channel: true, address: true },
    orderBy: { createdAt: "asc" },
  });
  const contactIds = contacts.map((candidate) => candidate.id);
  const visibleConversationsOf = { AND: [{ contactId: { in: contactIds } }, reach] };
  const whatsAppContactIds = contacts.filter((candidate) => candidate.channel === "whatsapp").map((candidate) => candidate.id);

  const [others, firstConversation, firstMessage, whatsAppMessages] = await Promise.all([
    db.conversation.findMany({
      where: { AND: [visibleConversationsOf, { id: { not: conversationId } }] },
      select: { id: true, channel: true, businessNumber: true, status: true, lastMessageAt: true, inbox: { select: { name: true } } },
      orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
      take: OTHER_CONVERSATIONS_SHOWN + 1,
    }),
    db.conversation.aggregate({ where: visibleConversationsOf, _min: { createdAt: true } }),
    db.message.aggregate({ where: { conversation: visibleConversationsOf }, _min: { sentAt: true } }),
    whatsAppContactIds.length === 0
      ? Promise.resolve([])
      : db.message.findMany({
          where: { direction: "inbound", conversation: { AND: [{ contactId: { in: whatsAppContactIds } }, reach] } },
          select: { content: true },
          orderBy: [{ sentAt: "desc" }, { id: "desc" }],
          take: MESSAGES_SEARCHED_FOR_USERNAME,
        }),
  ]);

  const username = whatsAppMessages.map((message) => fromStoredContent(message.content).extras.username).find(Boolean) ?? null;
  const address = formatAddress(contact.address, conversation.channel);
  const earliest = [firstConversation._min.createdAt, firstMessage._min.sentAt, conversation.createdAt].filter((date): date is Date => date !== null);
  return {
    conversationId,
    contactId: contact.id,
    name: contact.name,
    profileName: contact.profileName,
    displayName: customerName(contact, conversation.channel === "whatsapp" && username ? `@${username}` : address),
    address,
    storedAddress: contact.address,
    channel: conversation.channel,
    identities: contacts.map((identity) => ({
      channel: identity.channel,
      address: formatAddress(identity.address, identity.channel),
      username: identity.channel === "whatsapp" ? username : null,
      isCurrent: identity.id === contact.id,
    })),
    firstSeenAt: new Date(Math.min(...earliest.map((date) => date.getTime()))),
    otherConversations: others.slice(0, OTHER_CONVERSATIONS_SHOWN).map((other) => ({
      id: other.id,
      channel: other.channel,
      businessNumber: formatAddress(other.businessNumber, other.channel),
      inboxName: other.inbox.name,
      status: other.status,
      lastMessageAt: other.lastMessageAt,
    })),
    hasMoreConversations: others.length > OTHER_CONVERSATIONS_SHOWN,
  };
}
