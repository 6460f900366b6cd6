import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "CareDesk", template: "%s · CareDesk" },
  description: "The customer-care inbox for the Vonage Messages API.",
};

export default async function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  // Every page renders per request, even those that read nothing of it (home, not found): Next can
  // only put the request's CSP nonce (proxy.ts) on the scripts of a page it renders then.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
