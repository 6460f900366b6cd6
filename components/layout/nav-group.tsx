"use client";

// A group of the header's links behind one button ("Settings"): a drop-down on wide screens, a
// nested list in the phone menu. The links are always in the page (hidden while closed), so they
// work without JavaScript's help for crawlers of the page and for tests reading its HTML. It
// closes when the page changes, on Escape, and on a click elsewhere.
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";

export function NavGroup({ label, children }: { label: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const [openOnPath, setOpenOnPath] = useState<string | null>(null);
  const isOpen = openOnPath === pathname;
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const listId = useId();
  useEffect(() => {
    if (!isOpen) return;
    const closeOutside = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpenOnPath(null);
    };
    document.addEventListener("pointerdown", closeOutside);
    return () => document.removeEventListener("pointerdown", closeOutside);
  }, [isOpen]);
  return (
    <div
      ref={container}
      className="relative"
      onKeyDown={(event) => {
        if (event.key !== "Escape" || !isOpen) return;
        // The phone menu around it closes on Escape too: this one first.
        event.stopPropagation();
        setOpenOnPath(null);
        button.current?.focus();
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={isOpen}
        aria-controls={listId}
        onClick={() => setOpenOnPath(isOpen ? null : pathname)}
        className="flex w-full items-center gap-1 rounded-md px-3 py-1.5 text-left text-sm font-medium text-slate-700 hover:bg-slate-100 lg:px-1.5"
      >
        {label}
        <span aria-hidden="true" className="text-xs text-slate-500">
          {isOpen ? "▴" : "▾"}
        </span>
      </button>
      <div
        id={listId}
        className={`${isOpen ? "flex" : "hidden"} flex-col gap-1 pl-3 lg:absolute lg:left-0 lg:top-full lg:z-20 lg:mt-1 lg:min-w-44 lg:rounded-md lg:border lg:border-slate-200 lg:bg-white lg:p-1 lg:shadow-lg`}
      >
        {children}
      </div>
    </div>
  );
}
