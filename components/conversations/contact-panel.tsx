// The contact panel beside a thread: who the customer is (the name agents gave them, their number,
// their identity on each channel, when they were first seen) and their other conversations. A
// column of its own on a wide window; below that, a drawer the thread header's "Contact" opens.
import Link from "next/link";
import type { CurrentUser } from "@/lib/auth/current-user";
import { getContactPanel } from "@/lib/contacts/get-contact-panel";
import { notFoundOnAppError } from "@/lib/http/not-found-on-app-error";
import { Badge } from "@/components/ui/badge";
import { LocalTime, RelativeTime } from "@/components/ui/local-time";
import { ChannelLabel } from "./channel-label";
import { ContactNameForm } from "./contact-name-form";
import { ContactPanelDrawer } from "./contact-panel-drawer";

/** The panel's element id: the header's button opens it by id (a popover), with no state to share. */
const CONTACT_PANEL_ID = "contact-panel";

/** "Contact" in the thread header, below the width where the panel has a column of its own: an icon, so the name keeps the room. */
export function ContactPanelButton() {
  return (
    <button
      type="button"
      popoverTarget={CONTACT_PANEL_ID}
      aria-label="Contact"
      title="Contact"
      className="inline-flex shrink-0 items-center gap-1 rounded-md border border-slate-300 bg-white p-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 sm:px-2 sm:py-1 xl:hidden"
    >
      <svg viewBox="0 0 16 16" className="h-4 w-4 fill-slate-600" aria-hidden="true">
        <path d="M8 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6m-5 6c0-2.2 2.2-4 5-4s5 1.8 5 4v.5a.5.5 0 0 1-.5.5h-9a.5.5 0 0 1-.5-.5z" />
      </svg>
      <span className="hidden sm:inline" aria-hidden="true">
        Contact
      </span>
    </button>
  );
}

/** Held in the page's layout while the panel loads (nothing below the panel's own width). */
export function ContactPanelSkeleton() {
  return (
    <div className="hidden w-80 shrink-0 flex-col gap-3 border-r border-slate-200 bg-white p-4 xl:flex" aria-busy="true" aria-label="Loading the contact">
      <div className="h-5 w-1/2 animate-pulse rounded bg-slate-200" />
      <div className="h-4 w-2/3 animate-pulse rounded bg-slate-100" />
      <div className="h-4 w-1/3 animate-pulse rounded bg-slate-100" />
    </div>
  );
}

export async function ContactPanel({ user, conversationId }: { user: CurrentUser; conversationId: string }) {
  const panel = await getContactPanel(user, conversationId).catch(notFoundOnAppError);
  const isNumber = panel.address.startsWith("+");
  const channelGivenName = panel.profileName ?? panel.address;
  return (
    <ContactPanelDrawer id={CONTACT_PANEL_ID} titleId="contact-panel-title">
      <div className="sticky top-0 z-10 flex items-center justify-between gap-2 border-b border-slate-200 bg-white px-4 py-3">
        <h2 id="contact-panel-title" className="text-sm font-semibold uppercase tracking-wide text-slate-600">
          Contact
        </h2>
        <button
          type="button"
          popoverTarget={CONTACT_PANEL_ID}
          popoverTargetAction="hide"
          data-autofocus
          className="rounded-md px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 xl:hidden"
        >
          Close
        </button>
      </div>
      <div className="flex flex-col gap-5 p-4">
        <div className="flex flex-col gap-1">
          <p className="break-words text-lg font-semibold text-slate-900" data-testid="contact-name">
            {panel.displayName}
          </p>
          {panel.name && panel.profileName ? <p className="text-sm text-slate-500">WhatsApp profile name: {panel.profileName}</p> : null}
        </div>
        <ContactNameForm conversationId={panel.conversationId} name={panel.name} channelGivenName={channelGivenName} />
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-2 text-sm">
          <dt className="text-slate-500">{isNumber ? "Number" : "Address"}</dt>
          <dd className="break-all text-slate-900">{panel.address}</dd>
          <dt className="text-slate-500">First seen</dt>
          <dd className="text-slate-900">
            <LocalTime date={panel.firstSeenAt} />
          </dd>
        </dl>
        <section aria-labelledby="contact-channels-title" className="flex flex-col gap-2">
          <h3 id="contact-channels-title" className="text-sm font-semibold text-slate-700">
            On channels
          </h3>
          <ul className="flex flex-col gap-2 text-sm">
            {panel.identities.map((identity) => (
              <li key={`${identity.channel} ${identity.address}`} data-testid="contact-identity" data-channel={identity.channel} className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <ChannelLabel channel={identity.channel} />
                <span className="break-all text-slate-900">{identity.address}</span>
                {identity.username ? <span className="text-slate-600">{`@${identity.username}`}</span> : null}
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="contact-conversations-title" className="flex flex-col gap-2">
          <h3 id="contact-conversations-title" className="text-sm font-semibold text-slate-700">
            Other conversations
          </h3>
          {panel.otherConversations.length === 0 ? (
            <p className="text-sm text-slate-500">No other conversations.</p>
          ) : (
            <ul className="flex flex-col gap-2">
              {panel.otherConversations.map((other) => (
                <li key={other.id}>
                  <Link
                    href={`/conversations/${other.id}`}
                    data-testid="contact-other-conversation"
                    className="flex flex-col gap-1 rounded-md border border-slate-200 px-3 py-2 text-sm hover:border-indigo-300 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
                  >
                    <span className="flex flex-wrap items-center gap-2">
                      <ChannelLabel channel={other.channel} />
                      <Badge tone={other.status === "resolved" ? "green" : "amber"}>{other.status}</Badge>
                      <span className="ml-auto text-xs text-slate-500">
                        <RelativeTime date={other.lastMessageAt} />
                      </span>
                    </span>
                    <span className="text-slate-700">
                      {other.inboxName} · to {other.businessNumber}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {panel.hasMoreConversations ? (
            <Link href={`/conversations?status=all&q=${encodeURIComponent(panel.storedAddress)}`} className="text-sm text-indigo-700 underline">
              Find all of them in the inbox
            </Link>
          ) : null}
        </section>
      </div>
    </ContactPanelDrawer>
  );
}
