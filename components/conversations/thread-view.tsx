import Link from "next/link";
import { notFoundOnAppError } from "@/lib/http/not-found-on-app-error";
import type { CurrentUser } from "@/lib/auth/current-user";
import { getConversation } from "@/lib/conversations/get-conversation";
import type { KeysetCursor } from "@/lib/db/keyset-page";
import { latestLiveEventId } from "@/lib/live/latest-live-event-id";
import { getComposerContext } from "@/lib/replies/get-composer-context";
import { listAssignableUsers } from "@/lib/users/list-assignable-users";
import { ChannelLabel } from "./channel-label";
import { EraseCustomer } from "./erase-customer";
import { LiveThread } from "./live-thread";
import { formatAddress } from "@/lib/messages/format-address";

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
  const [{ conversation, messages, olderCursor }, people] = await Promise.all([
    getConversation(user, conversationId, { before }).catch(notFoundOnAppError),
    listAssignableUsers(),
  ]);
  // A WhatsApp username travels on the messages (no column of its own): the newest one shown wins.
  const username = messages.findLast((message) => message.direction === "inbound" && message.extras.username)?.extras.username;
  const address = formatAddress(conversation.contact.address, conversation.channel);
  const customer = conversation.contact.profileName ?? (username ? `@${username}` : address);
  const composer = await getComposerContext(conversation);
  return (
    <LiveThread
      conversationId={conversation.id}
      customerName={customer}
      summary={{ status: conversation.status, isUnread: conversation.isUnread, assigneeId: conversation.assigneeId, updatedAt: conversation.updatedAt.toISOString() }}
      messages={messages}
      isNewestPage={!before}
      renderedAtEventId={renderedAtEventId}
      currentUserId={user.id}
      people={people}
      composer={composer}
      headerStart={
        <>
          <Link href={backHref} className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 md:hidden">
            ← All
          </Link>
          <h1 className="text-lg font-semibold">{customer}</h1>
          {conversation.contact.profileName && username ? <span className="text-sm text-slate-500">@{username}</span> : null}
          {customer !== address ? <span className="text-sm text-slate-500">{address}</span> : null}
          <ChannelLabel channel={conversation.channel} />
          <span className="text-sm text-slate-500">
            to {formatAddress(conversation.businessNumber, conversation.channel)} · {conversation.inbox.name}
          </span>
        </>
      }
      headerEnd={
        <>
          <Link href={`/conversations/${conversation.id}/media`} className="ml-auto text-sm text-indigo-700 underline">
            Media gallery
          </Link>
          {user.role === "admin" ? <EraseCustomer contactId={conversation.contact.id} address={conversation.contact.address} customerName={customer} /> : null}
        </>
      }
      olderLink={
        olderCursor ? (
          <Link href={`/conversations/${conversation.id}?before=${olderCursor}`} className="text-sm text-indigo-700 underline">
            Older messages
          </Link>
        ) : null
      }
    />
  );
}
