import Link from "next/link";
import { signOutAction } from "@/app/(signed-in)/actions";
import { AlertSettings } from "@/components/alerts/alert-settings";
import type { CurrentUser } from "@/lib/auth/current-user";
import { HeaderMenu } from "./header-menu";
import { NavGroup } from "./nav-group";

export function AppHeader({ user }: { user: CurrentUser }) {
  const link = (href: string, label: string) => (
    <Link key={href} href={href} className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 lg:px-1.5">
      {label}
    </Link>
  );
  const isAdmin = user.role === "admin";
  return (
    <header className="shrink-0 border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/conversations" className="text-lg font-semibold tracking-tight text-indigo-700">
          CareDesk
        </Link>
        <HeaderMenu>
          <nav aria-label="Main" className="flex flex-1 flex-col gap-1 lg:flex-row lg:flex-wrap lg:gap-0.5">
            {link("/conversations", "Conversations")}
            {isAdmin ? (
              <>
                {link("/admin/users", "People")}
                {link("/admin/audit", "Audit")}
                {link("/admin/webhooks", "Webhook log")}
                {link("/admin/media", "Media archive")}
                {/* What an admin sets up once and changes now and then: one menu, so the row fits. */}
                <NavGroup label="Settings">
                  {link("/admin/canned-replies", "Canned replies")}
                  {link("/admin/labels", "Labels")}
                  {link("/admin/templates", "Templates")}
                  {link("/admin/inboxes", "Inboxes")}
                  {link("/admin/teams", "Teams")}
                </NavGroup>
              </>
            ) : null}
          </nav>
          <AlertSettings />
          <div className="flex items-center gap-3 text-sm">
            <Link href="/account/password" className="flex min-w-0 text-slate-600 hover:underline" title="Your account: password, where you are signed in">
              {/* Cut short, so a long address does not push the links onto a second line. */}
              <span className="max-w-32 truncate">{user.name ?? user.email}</span>
              <span className="ml-1 shrink-0 text-slate-500">({user.role})</span>
            </Link>
            <form action={signOutAction} className="ml-auto lg:ml-0">
              <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 font-medium hover:bg-slate-50">
                Sign out
              </button>
            </form>
          </div>
        </HeaderMenu>
      </div>
    </header>
  );
}
