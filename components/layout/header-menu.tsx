"use client";

// The header's links and account controls: in a row on wide screens, behind a "Menu" button on
// narrow ones (they would otherwise wrap to several lines). It closes when the page changes.
import { usePathname } from "next/navigation";
import { useRef, useState } from "react";

export function HeaderMenu({ children }: { children: React.ReactNode }) {
  const pathname = usePathname();
  const [openOnPath, setOpenOnPath] = useState<string | null>(null);
  const isOpen = openOnPath === pathname;
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        aria-expanded={isOpen}
        aria-controls="header-menu"
        onClick={() => setOpenOnPath(isOpen ? null : pathname)}
        className="ml-auto rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 lg:hidden"
      >
        Menu
      </button>
      <div
        id="header-menu"
        onKeyDown={(event) => {
          if (event.key !== "Escape" || !isOpen) return;
          setOpenOnPath(null);
          button.current?.focus();
        }}
        className={`${isOpen ? "flex" : "hidden"} w-full flex-col gap-3 lg:flex lg:w-auto lg:flex-1 lg:flex-row lg:items-center lg:gap-4`}
      >
        {children}
      </div>
    </>
  );
}
