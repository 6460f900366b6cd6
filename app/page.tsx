import Link from "next/link";

export default function HomePage() {
  return (
    <main className="mx-auto flex min-h-screen max-w-2xl flex-col justify-center gap-6 px-6">
      <h1 className="text-4xl font-semibold tracking-tight">CareDesk</h1>
      <p className="text-lg text-slate-600">
        The customer-care inbox for the Vonage Messages API: every SMS, MMS, WhatsApp, Messenger, Viber and RCS
        message your customers send, with their photos, voice notes, videos and documents shown safely in the
        browser.
      </p>
      <div className="flex gap-3">
        <Link
          href="/conversations"
          className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500"
        >
          Open the inbox
        </Link>
        <a href="/api/health" className="rounded-md border border-slate-300 px-4 py-2 font-medium hover:bg-white">
          System status
        </a>
      </div>
    </main>
  );
}
