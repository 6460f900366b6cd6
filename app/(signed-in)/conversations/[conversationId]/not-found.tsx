import Link from "next/link";

export default function ConversationNotFound() {
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-3 px-6 py-16">
      <h1 className="text-xl font-semibold">This conversation does not exist</h1>
      <Link href="/conversations" className="text-indigo-700 underline">
        Back to the inbox
      </Link>
    </main>
  );
}
