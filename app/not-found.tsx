import Link from "next/link";

// Next's own 404 page styles itself inline, which the Content-Security-Policy (proxy.ts) blocks.
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-xl flex-col justify-center gap-4 px-6">
      <h1 className="text-2xl font-semibold">This page does not exist</h1>
      <Link href="/conversations" className="text-indigo-700 underline">
        Back to conversations
      </Link>
    </main>
  );
}
