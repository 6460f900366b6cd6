"use client";

export default function ConversationsError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-3 px-6 py-16">
      {/* The alert inside the main landmark: as the main's own role, it would take the landmark away. */}
      <div role="alert" className="flex flex-col gap-3">
        <h1 className="text-xl font-semibold">The inbox could not be loaded</h1>
        <p className="text-slate-600">CareDesk could not read the conversations just now. Your data is safe; try again in a moment.</p>
      </div>
      <button type="button" onClick={reset} className="self-start rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white">
        Try again
      </button>
    </main>
  );
}
