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
/** How long the tab that took an alert keeps others from taking it too (they hear of it at about the same time). */
const TAKEN_FOR_MS = 60_000;

function wasGiven(key: string): boolean {
  try {
    const given = JSON.parse(localStorage.getItem(GIVEN_KEY) ?? "[]") as unknown;
    return Array.isArray(given) && given.includes(key);
  } catch {
    return false;
  }
}

function recordGiven(key: string) {
  try {
    const given = JSON.parse(localStorage.getItem(GIVEN_KEY) ?? "[]") as unknown;
    const list = Array.isArray(given) ? given.filter((item): item is string => typeof item === "string") : [];
    localStorage.setItem(GIVEN_KEY, JSON.stringify([...list.slice(-(GIVEN_KEPT - 1)), key]));
  } catch {
    // No storage: the lock below still keeps tabs that hear of it together apart.
  }
}

/**
 * True in the one tab of this browser that takes the alert. Tabs hear of a message at the same
 * moment, faster than localStorage travels between them: a Web Lock (one holder across tabs) decides,
 * and the list in localStorage covers a tab that hears of it later (a replay after reconnecting).
 */
async function takeAlert(row: ConversationRow): Promise<boolean> {
  const key = `${row.id}@${row.lastInboundAt}`;
  if (wasGiven(key)) return false;
  let isTaken = true;
  if (typeof navigator !== "undefined" && navigator.locks) {
    isTaken = await new Promise<boolean>((resolve) => {
      navigator.locks
        .request(`caredesk-alert:${key}`, { ifAvailable: true }, async (lock) => {
          resolve(lock !== null);
          if (lock) await new Promise((release) => setTimeout(release, TAKEN_FOR_MS));
        })
        .catch(() => resolve(true));
    });
  }
  if (isTaken) recordGiven(key);
  return isTaken;
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
      if (!canNotify && !preferences.isSoundOn) continue;
      void takeAlert(row).then((isTaken) => {
        if (!isTaken) return;
        if (preferences.isSoundOn) playAlertTone();
        if (canNotify) showNotification(row, (path) => router.push(path));
      });
    }
  });
  return null;
}

function showNotification(row: ConversationRow, open: (path: string) => void) {
  try {
    // The customer's name and the list's preview: no more of what they wrote.
    const notification = new Notification(customerName(row.customer, formatAddress(row.customer.address, row.channel)), {
      body: row.lastMessagePreview,
      tag: `caredesk-conversation-${row.id}`,
    });
    notification.onclick = () => {
      window.focus();
      open(`/conversations/${row.id}`);
      notification.close();
    };
  } catch {
    // Browsers that only notify through a service worker (Chrome on Android) refuse the constructor.
  }
}
