"use client";

// Alerts the person to a new customer message meant for them (lib/live/detect-new-customer-messages.ts):
// a browser notification when they turned notifications on and the browser allows it, and a chime
// when they turned the sound on. Listens to live updates as they come, so a tab in the background
// alerts too. Clicking the notification brings the tab forward on that conversation.
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useLiveUpdatesAsTheyCome } from "@/components/conversations/live-updates";
import { customerName, type ConversationRow } from "@/lib/conversations/conversation-row";
import { createNewCustomerMessageDetector } from "@/lib/live/detect-new-customer-messages";
import { formatAddress } from "@/lib/messages/format-address";
import { readAlertPreferences } from "./alert-preferences";
import { playAlertTone } from "./alert-tone";

/** Alerts given lately by any tab of this browser, so two tabs of one person alert once. */
const GIVEN_KEY = "caredesk.alerts.given";
const GIVEN_KEPT = 50;

/** True for the first tab to take this alert; false for the others. */
function takeAlert(row: ConversationRow): boolean {
  const key = `${row.id}@${row.lastInboundAt}`;
  try {
    const given = JSON.parse(localStorage.getItem(GIVEN_KEY) ?? "[]") as unknown;
    const list = Array.isArray(given) ? given.filter((item): item is string => typeof item === "string") : [];
    if (list.includes(key)) return false;
    localStorage.setItem(GIVEN_KEY, JSON.stringify([...list.slice(-(GIVEN_KEPT - 1)), key]));
  } catch {
    // No storage: each tab alerts on its own.
  }
  return true;
}

const THREAD_PATH = /^\/conversations\/([^/]+)$/;

export function NewMessageAlerts({ currentUserId, knownSince }: { currentUserId: string; knownSince: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const viewingId = useRef<string | null>(null);
  useEffect(() => {
    viewingId.current = THREAD_PATH.exec(pathname)?.[1] ?? null;
  }, [pathname]);
  // Made once: what the tab knows of each conversation lasts as long as the tab.
  const [detect] = useState(() => createNewCustomerMessageDetector(currentUserId, knownSince));

  useLiveUpdatesAsTheyCome((updates) => {
    for (const update of updates) {
      const row = detect(update, { conversationId: viewingId.current, isVisible: document.visibilityState === "visible" });
      if (!row) continue;
      const preferences = readAlertPreferences();
      const canNotify = preferences.isNotifying && preferences.permission === "granted";
      if (!(canNotify || preferences.isSoundOn) || !takeAlert(row)) continue;
      if (preferences.isSoundOn) playAlertTone();
      if (canNotify) {
        try {
          // The customer's name and the list's preview: no more of what they wrote.
          const notification = new Notification(customerName(row.customer, formatAddress(row.customer.address, row.channel)), {
            body: row.lastMessagePreview,
            tag: `caredesk-conversation-${row.id}`,
          });
          notification.onclick = () => {
            window.focus();
            router.push(`/conversations/${row.id}`);
            notification.close();
          };
        } catch {
          // Browsers that only notify through a service worker (Chrome on Android) refuse the constructor.
        }
      }
    }
  });
  return null;
}
