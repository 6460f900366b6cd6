"use client";

import Link from "next/link";

export default function ConversationError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-3 px-6 py-16">
      {/* The alert inside the main landmark: as the main's own role, it would take the landmark away. */}
      <div role="alert" className="flex flex-col gap-3">
        <h1 className="text-xl font-semibold">This conversation could not be loaded</h1>
        <p className="text-slate-600">CareDesk could not read it just now. Nothing was lost; try again in a moment.</p>
      </div>
      <div className="flex gap-3">
        <button type="button" onClick={reset} className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white">
          Try again
        </button>
        <Link href="/conversations" className="px-2 py-2 text-sm text-indigo-700 underline">
          Back to the inbox
        </Link>
      </div>
    </main>
  );
}
