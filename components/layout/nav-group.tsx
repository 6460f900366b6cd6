"use client";

// A group of the header's links behind one button ("Settings"): a drop-down on wide screens, a
// nested list in the phone menu. The links are always in the page's HTML, hidden while closed. It
// closes as use-drop-down.ts says, and when the page changes.
import { usePathname } from "next/navigation";
import { useId } from "react";
import { useDropDown } from "@/components/ui/use-drop-down";

export function NavGroup({ label, children }: { label: string; children: React.ReactNode }) {
  const { isOpen, toggle, button, containerProps } = useDropDown(usePathname());
  const listId = useId();
  return (
    <div {...containerProps} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={isOpen}
        aria-controls={listId}
        onClick={toggle}
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
