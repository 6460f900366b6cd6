"use client";

// The contact panel's frame. On a wide window (xl) a column beside the thread; below, a popover
// (the thread header's "Contact" button opens it by id, Escape or a click outside closes it) laid
// out as a drawer from the right. Opening moves focus into it; closing returns it to the button.
import { useRef } from "react";

export function ContactPanelDrawer({ id, titleId, children }: { id: string; titleId: string; children: React.ReactNode }) {
  const panel = useRef<HTMLElement>(null);
  return (
    <section
      ref={panel}
      id={id}
      popover="auto"
      aria-labelledby={titleId}
      onToggle={(event) => {
        if (event.newState === "open") panel.current?.querySelector<HTMLElement>("[data-autofocus]")?.focus();
      }}
      className={
        // Below xl: hidden until open (the browser's popover rule), then a full-height drawer.
        "fixed inset-y-0 right-0 left-auto m-0 h-dvh max-h-none w-full max-w-sm flex-col overflow-y-auto border-0 border-l border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/30 open:flex " +
        // xl and wider: a column of the page, always shown, scrolling within itself.
        "xl:static xl:flex xl:h-full xl:w-80 xl:max-w-none xl:shrink-0 xl:border-r xl:shadow-none"
      }
    >
      {children}
    </section>
  );
}
