import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-xl flex-col justify-center gap-4 px-6">
      <h1 className="text-2xl font-semibold">You do not have access to this page</h1>
      <p className="text-slate-600">Only admins can manage people and read the audit trail. Ask an admin if you need this.</p>
      <Link href="/conversations" className="text-indigo-700 underline">
        Back to conversations
      </Link>
    </main>
  );
}
