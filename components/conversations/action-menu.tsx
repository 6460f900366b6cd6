"use client";

// A small menu in the thread's header (Snooze, Priority, Labels): a disclosure button and a panel
// below it. Native <details>, so it opens with Enter or Space and works before JavaScript loads;
// it closes on Escape (focus back on its button), a click elsewhere, or once a choice is submitted.
import { useEffect, useRef } from "react";

export function ActionMenu({ label, summary, children }: { label: string; summary?: React.ReactNode; children: React.ReactNode }) {
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const closeOnOutsideClick = (event: PointerEvent) => {
      if (details.current?.open && !details.current.contains(event.target as Node)) details.current.open = false;
    };
    document.addEventListener("pointerdown", closeOnOutsideClick);
    return () => document.removeEventListener("pointerdown", closeOnOutsideClick);
  }, []);
  const close = (isFocusKept: boolean) => {
    if (!details.current) return;
    details.current.open = false;
    if (isFocusKept) details.current.querySelector("summary")?.focus();
  };
  return (
    <details
      ref={details}
      className="group relative"
      onKeyDown={(event) => {
        if (event.key === "Escape" && details.current?.open) {
          event.preventDefault();
          close(true);
        }
      }}
      // The choice is made: the menu gets out of the way (the outcome shows under the actions).
      onSubmit={() => close(true)}
    >
      <summary className="flex cursor-pointer list-none items-center gap-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 max-sm:px-2 max-sm:py-1 [&::-webkit-details-marker]:hidden">
        <span>{summary ?? label}</span>
        <span aria-hidden="true" className="text-slate-500 group-open:rotate-180">
          ▾
        </span>
      </summary>
      {/* Below its button on wide screens; in the flow of "More" at phone width, so it never widens the window. */}
      <div
        role="group"
        aria-label={label}
        className="z-20 mt-1 flex w-64 max-w-full flex-col gap-1 rounded-md border border-slate-200 bg-white p-2 shadow-lg sm:absolute sm:left-0 sm:top-full"
      >
        {children}
      </div>
    </details>
  );
}
