import type { Metadata } from "next";
import { Suspense } from "react";
import { ListSkeleton } from "@/components/conversations/skeletons";
import { ConversationList } from "@/components/conversations/conversation-list";
import { requireUser } from "@/lib/auth/current-user";
import { conversationFilterSchema } from "@/lib/conversations/conversation-filters";
import { publicUrl } from "@/lib/http/public-url";

export const metadata: Metadata = { title: "Conversations" };

export default async function ConversationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const query = await searchParams;
  const filter = conversationFilterSchema.parse(query);
  return (
    <main className="mx-auto flex h-full max-w-7xl">
      <h1 className="sr-only">Conversations</h1>
      <div className="flex w-full flex-col border-x border-slate-200 bg-white md:w-96 md:shrink-0">
        {query.notice === "customer-erased" ? (
          <p role="status" className="border-b border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800">
            The customer was erased: their conversations, messages and media are gone for good.
          </p>
        ) : null}
        <Suspense fallback={<ListSkeleton />}>
          <ConversationList user={user} filter={filter} inboundUrl={await publicUrl("/api/webhooks/inbound")} />
        </Suspense>
      </div>
      <div className="hidden flex-1 items-center justify-center text-slate-500 md:flex">Choose a conversation to read it.</div>
    </main>
  );
}
