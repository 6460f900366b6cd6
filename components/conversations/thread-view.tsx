import Link from "next/link";
import { notFoundOnAppError } from "@/lib/http/not-found-on-app-error";
import type { CurrentUser } from "@/lib/auth/current-user";
import { getConversation } from "@/lib/conversations/get-conversation";
import type { KeysetCursor } from "@/lib/db/keyset-page";
import { latestLiveEventId } from "@/lib/live/latest-live-event-id";
import { getComposerContext } from "@/lib/replies/get-composer-context";
import { listAssignableUsers } from "@/lib/users/list-assignable-users";
import { listLabels } from "@/lib/labels/list-labels";
import { ChannelLabel } from "./channel-label";
import { ContactPanelButton } from "./contact-panel";
import { EraseCustomer } from "./erase-customer";
import { LiveThread } from "./live-thread";
import { formatAddress } from "@/lib/messages/format-address";
import { customerName, NEVER_READ } from "@/lib/conversations/conversation-row";

export async function ThreadView({
  user,
  conversationId,
  before,
  backHref,
}: {
  user: CurrentUser;
  conversationId: string;
  before?: KeysetCursor;
  backHref: string;
}) {
  // Read first: the thread then holds at least every change up to it.
  const renderedAtEventId = await latestLiveEventId();
  const [{ conversation, messages, activity, olderCursor }, people, labels] = await Promise.all([
    getConversation(user, conversationId, { before }).catch(notFoundOnAppError),
    listAssignableUsers(),
    listLabels(),
  ]);
  // A WhatsApp username travels on the messages (no column of its own): the newest one shown wins.
  const username = messages.findLast((message) => message.direction === "inbound" && message.extras.username)?.extras.username;
  const address = formatAddress(conversation.contact.address, conversation.channel);
  const customer = customerName(conversation.contact, username ? `@${username}` : address);
  const [read] = conversation.reads;
  const readState = read ? { readAt: read.readAt.toISOString(), isMarkedUnread: read.isMarkedUnread } : NEVER_READ;
  const composer = await getComposerContext(conversation);
  return (
    <LiveThread
      conversationId={conversation.id}
      customerName={customer}
      summary={{
        status: conversation.status,
        assigneeId: conversation.assigneeId,
        updatedAt: conversation.updatedAt.toISOString(),
        lastInboundAt: conversation.lastInboundAt?.toISOString() ?? null,
        readState,
        snoozedUntil: conversation.snoozedUntil?.toISOString() ?? null,
        priority: conversation.priority,
        labels: conversation.labels.map(({ label }) => label),
      }}
      messages={messages}
      activity={activity}
      availableLabels={labels}
      isNewestPage={!before}
      renderedAtEventId={renderedAtEventId}
      currentUserId={user.id}
      people={people}
      composer={composer}
      headerTitle={
        <>
          <Link href={backHref} className="shrink-0 rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 md:hidden">
            ← All
          </Link>
          <h1 className="min-w-0 truncate text-lg font-semibold">{customer}</h1>
          <ChannelLabel channel={conversation.channel} />
          <ContactPanelButton />
        </>
      }
      headerDetails={
        <>
          {conversation.contact.profileName && username ? <span>@{username}</span> : null}
          {customer !== address ? <span>{address}</span> : null}
          <span>
            to {formatAddress(conversation.businessNumber, conversation.channel)} · {conversation.inbox.name}
          </span>
        </>
      }
      headerLinks={
        <>
          <Link href={`/conversations/${conversation.id}/media`} className="text-sm text-indigo-700 underline sm:ml-auto">
            Media gallery
          </Link>
          {user.role === "admin" ? <EraseCustomer contactId={conversation.contact.id} address={conversation.contact.address} customerName={customer} /> : null}
        </>
      }
      olderCursor={olderCursor}
    />
  );
}
