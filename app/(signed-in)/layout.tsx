import { NewMessageAlerts } from "@/components/alerts/new-message-alerts";
import { LiveUpdatesProvider } from "@/components/conversations/live-updates";
import { UnreadCountsProvider } from "@/components/conversations/unread-counts";
import { AppHeader } from "@/components/layout/app-header";
import { requireUser } from "@/lib/auth/current-user";
import { countUnreadViews } from "@/lib/conversations/count-unread-views";
import { latestLiveEventId } from "@/lib/live/latest-live-event-id";

// Every page below checks access itself too: a layout is not re-run on every navigation.
// The shell is exactly the window's height and the window never scrolls: the area under the
// header does (a long admin page), or the panels inside it do (the inbox and a thread). Scrolling
// areas are `relative`: an absolutely placed element (`sr-only` text) would otherwise escape them
// and lengthen the window.
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser({ allowPasswordChange: true });
  // Read first: the counts then hold at least every change up to it.
  const latestEventId = await latestLiveEventId();
  const unreadCounts = await countUnreadViews(user);
  return (
    <div className="flex h-dvh flex-col">
      <AppHeader user={user} />
      {/* One live connection for the whole signed-in app, kept across navigations. */}
      <LiveUpdatesProvider latestEventId={latestEventId}>
        {/* The views' unread counts and the tab title's, on every page; alerts for new customer messages. */}
        <UnreadCountsProvider counts={unreadCounts} renderedAtEventId={latestEventId}>
          <NewMessageAlerts currentUserId={user.id} knownSince={new Date().toISOString()} />
          {/* Focusable, so the keyboard can scroll a long page that has no link or field to tab to. */}
          <div tabIndex={0} className="relative min-h-0 flex-1 overflow-y-auto">
            {children}
          </div>
        </UnreadCountsProvider>
      </LiveUpdatesProvider>
    </div>
  );
}
