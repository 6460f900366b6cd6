import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MediaArchiveState } from "@/components/conversations/media-archive-state";
import { FileCard, MediaPlayer, MediaThumbnail, Sticker } from "@/components/conversations/media-items";
import { MediaViewerProvider } from "@/components/conversations/media-viewer";
import { LocalTime } from "@/components/ui/local-time";
import { requireUser } from "@/lib/auth/current-user";
import { listConversationMedia } from "@/lib/conversations/get-conversation";
import { idSchema } from "@/lib/db/id-schema";
import { notFoundOnAppError } from "@/lib/http/not-found-on-app-error";
import { customerName } from "@/lib/conversations/conversation-row";
import { formatAddress } from "@/lib/messages/format-address";

export const metadata: Metadata = { title: "Media gallery" };

export default async function MediaGalleryPage({ params }: { params: Promise<{ conversationId: string }> }) {
  const user = await requireUser();
  const id = idSchema.safeParse((await params).conversationId);
  if (!id.success) notFound();
  const { conversation, media } = await listConversationMedia(user, id.data).catch(notFoundOnAppError);
  const customer = customerName(conversation.contact, formatAddress(conversation.contact.address, conversation.channel));
  const images = media.filter((item) => item.kind === "image").map((item) => ({ id: item.id, caption: item.caption }));
  return (
    <main className="mx-auto max-w-7xl px-4 py-6">
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <Link href={`/conversations/${conversation.id}`} className="text-sm text-indigo-700 underline">
          ← Back to the conversation
        </Link>
        <h1 className="text-xl font-semibold">Media from {customer}</h1>
        <span className="text-sm text-slate-500">{media.length} files</span>
      </div>
      {media.length === 0 ? (
        <p className="text-slate-600">{customer} has not sent any photos, videos, voice notes or files.</p>
      ) : (
        <MediaViewerProvider images={images}>
          <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Media">
            {media.map((item) => (
              <li key={item.id} className="flex flex-col gap-1 rounded-xl border border-slate-200 bg-white p-2">
                {item.kind === "sticker" ? (
                  <Sticker media={item} />
                ) : item.kind === "image" ? (
                  <MediaThumbnail media={item} size="lg" />
                ) : item.kind === "audio" || item.kind === "video" ? (
                  <MediaPlayer media={item} />
                ) : (
                  <FileCard media={item} />
                )}
                <MediaArchiveState media={item} />
                <span className="text-xs text-slate-500">
                  <LocalTime date={item.sentAt} />
                  {item.caption ? ` · ${item.caption}` : ""}
                </span>
              </li>
            ))}
          </ul>
        </MediaViewerProvider>
      )}
    </main>
  );
}
