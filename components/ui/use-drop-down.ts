"use client";

// A button that opens a panel beside it (the header's Alerts and Settings): the panel stays open
// until the button is pressed again, Escape is pressed inside it (focus goes back to the button),
// someone presses outside it, or `closeWhenChanged` changes (the page, for a menu of links).
import { useEffect, useRef, useState } from "react";

const CLOSED = Symbol("closed");

export function useDropDown(closeWhenChanged: unknown = null) {
  const [openWith, setOpenWith] = useState<unknown>(CLOSED);
  const isOpen = openWith !== CLOSED && Object.is(openWith, closeWhenChanged);
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!isOpen) return;
    const closeOutside = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpenWith(CLOSED);
    };
    document.addEventListener("pointerdown", closeOutside);
    return () => document.removeEventListener("pointerdown", closeOutside);
  }, [isOpen]);

  return {
    isOpen,
    toggle: () => setOpenWith(isOpen ? CLOSED : closeWhenChanged),
    button,
    /** For the element around the button and its panel. */
    containerProps: {
      ref: container,
      onKeyDown: (event: React.KeyboardEvent) => {
        if (event.key !== "Escape" || !isOpen) return;
        // A menu around it (the phone's) closes on Escape too: this one first.
        event.stopPropagation();
        setOpenWith(CLOSED);
        button.current?.focus();
      },
    },
  };
}
