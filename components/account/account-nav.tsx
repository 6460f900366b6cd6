import Link from "next/link";

const PAGES = [
  { href: "/account/password", label: "Password" },
  { href: "/account/sessions", label: "Where you are signed in" },
] as const;

/** The account pages, side by side; the header's name links to the first. */
export function AccountNav({ current }: { current: (typeof PAGES)[number]["href"] }) {
  return (
    <nav aria-label="Account" className="mb-6 flex gap-1 border-b border-slate-200 text-sm">
      {PAGES.map((page) => (
        <Link
          key={page.href}
          href={page.href}
          aria-current={page.href === current ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 font-medium ${page.href === current ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
        >
          {page.label}
        </Link>
      ))}
    </nav>
  );
}
