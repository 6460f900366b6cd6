import Link from "next/link";
import { notFoundOnAppError } from "@/lib/http/not-found-on-app-error";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { CurrentUser } from "@/lib/auth/current-user";
import { getConversation } from "@/lib/conversations/get-conversation";
import type { KeysetCursor } from "@/lib/db/keyset-page";
import { listAssignableUsers } from "@/lib/users/list-assignable-users";
import { ChannelLabel } from "./channel-label";
import { ConversationActions } from "./conversation-actions";
import { DayDivider } from "./day-divider";
import { MarkRead } from "./mark-read";
import { MediaViewerProvider } from "./media-viewer";
import { MessageBody } from "./message-body";

const STATUS_LABELS: Record<string, string> = { submitted: "Sent", delivered: "Delivered", read: "Read", rejected: "Rejected", undeliverable: "Not delivered" };

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
  const [{ conversation, messages, olderCursor }, people] = await Promise.all([
    getConversation(user, conversationId, { before }).catch(notFoundOnAppError),
    listAssignableUsers(),
  ]);
  const customer = conversation.contact.profileName ?? conversation.contact.address;
  const images = messages.flatMap((message) => message.media.filter((media) => media.kind === "image").map((media) => ({ id: media.id, caption: media.caption })));
  return (
    <MediaViewerProvider images={images}>
      <MarkRead conversationId={conversation.id} isUnread={conversation.isUnread} />
      <div className="flex h-full flex-col">
        <header className="flex flex-col gap-3 border-b border-slate-200 bg-white p-4">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <Link href={backHref} className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 md:hidden">
              ← All
            </Link>
            <h1 className="text-lg font-semibold">{customer}</h1>
            {conversation.contact.profileName ? <span className="text-sm text-slate-500">{conversation.contact.address}</span> : null}
            <ChannelLabel channel={conversation.channel} />
            <span className="text-sm text-slate-500">to {conversation.businessNumber}</span>
            <Badge tone={conversation.status === "resolved" ? "green" : "amber"}>{conversation.status}</Badge>
            {conversation.isUnread ? <Badge tone="indigo">unread</Badge> : null}
            <Link href={`/conversations/${conversation.id}/media`} className="ml-auto text-sm text-indigo-700 underline">
              Media gallery
            </Link>
          </div>
          <ConversationActions conversationId={conversation.id} status={conversation.status} assigneeId={conversation.assigneeId} currentUserId={user.id} people={people} />
        </header>
        <ol aria-label="Messages" className="flex flex-1 flex-col gap-2 overflow-y-auto bg-slate-50 p-4">
          {olderCursor ? (
            <li className="text-center">
              <Link href={`/conversations/${conversation.id}?before=${olderCursor}`} className="text-sm text-indigo-700 underline">
                Older messages
              </Link>
            </li>
          ) : null}
          {messages.length === 0 ? <li className="text-sm text-slate-500">No messages in this conversation yet.</li> : null}
          {messages.map((message, index) => {
            const isInbound = message.direction === "inbound";
            return [
              <DayDivider key={`day-${message.id}`} date={message.sentAt.toISOString()} previous={messages[index - 1]?.sentAt.toISOString() ?? null} />,
              <li key={message.id} data-testid="message" data-message-type={message.messageType} className={`flex ${isInbound ? "justify-start" : "justify-end"}`}>
                <div className={`max-w-[85%] rounded-2xl px-4 py-2 shadow-sm md:max-w-[70%] ${isInbound ? "rounded-bl-sm bg-white" : "rounded-br-sm bg-indigo-600 text-white"}`}>
                  <span className="sr-only">{isInbound ? `${customer} wrote` : "You wrote"}</span>
                  <MessageBody message={message} />
                  <div className={`mt-1 flex justify-end gap-2 text-[11px] ${isInbound ? "text-slate-500" : "text-indigo-100"}`}>
                    <LocalTime date={message.sentAt} format="time" />
                    {!isInbound && message.status ? <span>· {STATUS_LABELS[message.status] ?? message.status}</span> : null}
                  </div>
                </div>
              </li>,
            ];
          })}
        </ol>
      </div>
    </MediaViewerProvider>
  );
}
