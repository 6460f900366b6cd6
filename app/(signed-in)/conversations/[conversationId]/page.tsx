import type { Metadata } from "next";
import { Suspense } from "react";
import { ListSkeleton, ThreadSkeleton } from "@/components/conversations/skeletons";
import { conversationExists } from "@/lib/conversations/conversation-exists";
import { idSchema } from "@/lib/db/id-schema";
import { decodeCursor } from "@/lib/db/keyset-page";
import { notFound } from "next/navigation";
import { ConversationList } from "@/components/conversations/conversation-list";
import { ThreadView } from "@/components/conversations/thread-view";
import { ContactPanel, ContactPanelSkeleton } from "@/components/conversations/contact-panel";
import { requireUser } from "@/lib/auth/current-user";
import { conversationFilterSchema } from "@/lib/conversations/conversation-filters";
import { filterToSearchParams } from "@/lib/conversations/filter-search-params";
import { publicUrl } from "@/lib/http/public-url";

export const metadata: Metadata = { title: "Conversation" };

export default async function ConversationPage({
  params,
  searchParams,
}: {
  params: Promise<{ conversationId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const id = idSchema.safeParse((await params).conversationId);
  if (!id.success || !(await conversationExists(user, id.data))) notFound();
  const query = await searchParams;
  const filter = conversationFilterSchema.parse(query);
  const before = decodeCursor(typeof query.before === "string" ? query.before : undefined);
  return (
    <main className="mx-auto flex h-full max-w-7xl">
      <div className="hidden w-96 shrink-0 flex-col border-x border-slate-200 bg-white md:flex">
        <Suspense fallback={<ListSkeleton />}>
          <ConversationList user={user} filter={filter} activeId={id.data} inboundUrl={await publicUrl("/api/webhooks/inbound")} />
        </Suspense>
      </div>
      <div className="min-w-0 flex-1 border-r border-slate-200">
        <Suspense key={id.data} fallback={<ThreadSkeleton />}>
          <ThreadView user={user} conversationId={id.data} before={before} backHref={`/conversations${filterToSearchParams(filter)}`} />
        </Suspense>
      </div>
      <Suspense key={`contact-${id.data}`} fallback={<ContactPanelSkeleton />}>
        <ContactPanel user={user} conversationId={id.data} />
      </Suspense>
    </main>
  );
}
