"use client";

// The header's "Alerts" control: turns browser notifications on (asking the browser's permission
// on that click, never before) or off, and the chime on or off (off until chosen). Choices are
// kept in this browser (alert-preferences.ts); new-message-alerts.tsx follows them.
import { Button } from "@/components/ui/button";
import { useDropDown } from "@/components/ui/use-drop-down";
import { setNotifying, setSoundOn, useAlertPreferences } from "./alert-preferences";
import { playAlertTone } from "./alert-tone";

export function AlertSettings() {
  const { isNotifying, isSoundOn, permission } = useAlertPreferences();
  const { isOpen, toggle, button, containerProps } = useDropDown();
  const isOn = (isNotifying && permission === "granted") || isSoundOn;

  const turnOnNotifications = async () => {
    const answer = await Notification.requestPermission();
    setNotifying(answer === "granted");
  };

  return (
    <div {...containerProps} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={isOpen}
        aria-controls="alert-settings"
        onClick={toggle}
        className="flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className={`h-4 w-4 ${isOn ? "fill-indigo-600" : "fill-none stroke-slate-600"}`} strokeWidth="1.5">
          <path d="M10 2.5a5 5 0 0 0-5 5v3.2l-1.4 2.6a.5.5 0 0 0 .44.7h11.92a.5.5 0 0 0 .44-.7L15 10.7V7.5a5 5 0 0 0-5-5ZM8 15.5a2 2 0 0 0 4 0" />
        </svg>
        <span className="lg:sr-only">Alerts</span>
      </button>
      <div
        id="alert-settings"
        role="group"
        aria-label="Alerts for new customer messages"
        hidden={!isOpen}
        className="mt-2 flex w-full flex-col gap-3 rounded-md border border-slate-200 bg-white p-3 text-sm shadow-lg lg:absolute lg:right-0 lg:top-full lg:z-20 lg:w-72"
      >
        <p className="text-slate-600">For a new customer message in a conversation assigned to you, or unassigned in your inboxes.</p>
        {permission === "unsupported" ? (
          <p>This browser cannot show notifications.</p>
        ) : permission === "denied" ? (
          <p>Notifications are blocked for CareDesk in this browser&apos;s site settings.</p>
        ) : isNotifying && permission === "granted" ? (
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p role="status">Notifications are on.</p>
            <Button type="button" variant="secondary" onClick={() => setNotifying(false)}>
              Turn off notifications
            </Button>
          </div>
        ) : (
          <Button type="button" onClick={() => void turnOnNotifications()}>
            Turn on notifications
          </Button>
        )}
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={isSoundOn}
            onChange={(event) => {
              setSoundOn(event.target.checked);
              // Heard once now: the person knows what to listen for, and the browser lets the page play sound.
              if (event.target.checked) playAlertTone();
            }}
            className="h-4 w-4 accent-indigo-600"
          />
          Play a sound
        </label>
      </div>
    </div>
  );
}
