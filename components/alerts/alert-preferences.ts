// What the person chose about alerts for new customer messages, kept in this browser
// (localStorage): notifications on or off (shown only while the browser's permission is granted
// too) and the sound (off until turned on). Every open tab follows a change at once.
import { useSyncExternalStore } from "react";

export type NotificationState = NotificationPermission | "unsupported";

export type AlertPreferences = {
  /** The person turned notifications on (and has not turned them off). */
  isNotifying: boolean;
  isSoundOn: boolean;
  /** The browser's permission for this site. */
  permission: NotificationState;
};

const NOTIFICATIONS_KEY = "caredesk.alerts.notifications";
const SOUND_KEY = "caredesk.alerts.sound";
/** Tells this tab's components of a change it made itself (the storage event reaches only other tabs). */
const CHANGED_EVENT = "caredesk:alert-preferences";
const SERVER_SNAPSHOT = "off off default";

function readStored(key: string): boolean {
  try {
    return localStorage.getItem(key) === "on";
  } catch {
    return false;
  }
}

function store(key: string, isOn: boolean) {
  try {
    localStorage.setItem(key, isOn ? "on" : "off");
  } catch {
    // Storage refused (private mode, quota): the choice lasts until the page is left.
  }
  window.dispatchEvent(new Event(CHANGED_EVENT));
}

function permission(): NotificationState {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

/** A string, so an unchanged state is the same snapshot (useSyncExternalStore compares them). */
function snapshot(): string {
  return `${readStored(NOTIFICATIONS_KEY) ? "on" : "off"} ${readStored(SOUND_KEY) ? "on" : "off"} ${permission()}`;
}

function fromSnapshot(text: string): AlertPreferences {
  const [notifications, sound, state] = text.split(" ");
  return { isNotifying: notifications === "on", isSoundOn: sound === "on", permission: state as NotificationState };
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED_EVENT, onChange);
  // A permission changed in the browser's site settings shows when the person comes back.
  document.addEventListener("visibilitychange", onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED_EVENT, onChange);
    document.removeEventListener("visibilitychange", onChange);
  };
}

export function useAlertPreferences(): AlertPreferences {
  return fromSnapshot(useSyncExternalStore(subscribe, snapshot, () => SERVER_SNAPSHOT));
}

/** The current choices, for code outside React (an alert about to be given). */
export function readAlertPreferences(): AlertPreferences {
  return fromSnapshot(snapshot());
}

export function setNotifying(isOn: boolean) {
  store(NOTIFICATIONS_KEY, isOn);
}

export function setSoundOn(isOn: boolean) {
  store(SOUND_KEY, isOn);
}
