import { LiveUpdatesProvider } from "@/components/conversations/live-updates";
import { AppHeader } from "@/components/layout/app-header";
import { requireUser } from "@/lib/auth/current-user";
import { latestLiveEventId } from "@/lib/live/latest-live-event-id";

// Every page below checks access itself too: a layout is not re-run on every navigation.
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser({ allowPasswordChange: true });
  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader user={user} />
      {/* One live connection for the whole signed-in app, kept across navigations. */}
      <LiveUpdatesProvider latestEventId={await latestLiveEventId()}>
        <div className="flex-1">{children}</div>
      </LiveUpdatesProvider>
    </div>
  );
}
