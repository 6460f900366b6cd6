"use client";

// The inbox's keyboard shortcuts (lib/conversations/keyboard-shortcuts.ts lists them), on the list
// and on a thread. They act on what the page already shows, found by the ids and data attributes
// the other components carry: j and k move focus along the rows (a focused row is the selected
// one, which the browser opens on Enter and screen readers announce), r focuses the reply box, e
// presses the Resolve button (its server action, its pending state and its message), / the search
// box, ? opens the list of shortcuts.
import { usePathname } from "next/navigation";
import { createContext, Fragment, useCallback, useContext, useEffect, useMemo, useRef } from "react";
import { Button } from "@/components/ui/button";
import { KEYBOARD_SHORTCUTS, matchKeyboardShortcut, type KeyboardShortcut } from "@/lib/conversations/keyboard-shortcuts";
import { stepRowSelection } from "@/lib/conversations/step-row-selection";

/** Where the shortcuts apply: the inbox and a thread (not a thread's media gallery). */
const INBOX_PATH = /^\/conversations(\/[^/]+)?$/;
/** The search box of conversation-filters-form.tsx. */
const SEARCH_ID = "conversation-search";

const Context = createContext<{ showShortcuts(): void } | null>(null);

/** Shown, so not in a collapsed panel (a thread's list at phone width) or a closed menu. */
function isShown(element: HTMLElement): boolean {
  return element.getClientRects().length > 0;
}

function moveRowSelection(step: 1 | -1): boolean {
  const rows = [...document.querySelectorAll<HTMLElement>('[data-shortcut-target="row"]')].filter(isShown);
  const focused = document.activeElement;
  const selectedIndex = rows.findIndex((row) => focused !== null && row.contains(focused));
  const activeIndex = rows.findIndex((row) => row.getAttribute("aria-current") === "page");
  const index = stepRowSelection({ count: rows.length, selectedIndex: selectedIndex < 0 ? null : selectedIndex, activeIndex: activeIndex < 0 ? null : activeIndex, step });
  const row = index === null ? undefined : rows[index];
  if (!row) return false;
  // Only the list scrolls to it: the window itself never scrolls.
  row.focus({ preventScroll: true });
  row.scrollIntoView({ block: "nearest" });
  return true;
}

/** The reply box; once WhatsApp's window has closed, the template form's first field instead. */
function focusReplyBox(): boolean {
  const composer = document.querySelector<HTMLElement>('[data-shortcut-target="reply"]');
  const field =
    composer?.querySelector<HTMLElement>("textarea:not(:disabled)") ??
    composer?.querySelector<HTMLElement>('select:not(:disabled), input:not([type="hidden"]):not([type="file"]):not(:disabled)');
  if (!field || !isShown(field)) return false;
  field.focus();
  return true;
}

/** Presses the Resolve button, which carries the attribute only while the conversation is open. */
function resolveConversation(): boolean {
  const button = document.querySelector<HTMLButtonElement>('[data-shortcut-target="resolve"]');
  if (!button || button.disabled) return false;
  button.click();
  return true;
}

function focusSearch(): boolean {
  const search = document.getElementById(SEARCH_ID);
  if (!(search instanceof HTMLInputElement) || !isShown(search)) return false;
  search.focus();
  search.select();
  return true;
}

/** Listens on the conversations pages and holds the dialog that lists the shortcuts. */
export function KeyboardShortcuts({ children }: { children: React.ReactNode }) {
  const pathname = usePathname();
  const isInbox = INBOX_PATH.test(pathname);
  const dialog = useRef<HTMLDialogElement>(null);
  const returnFocusTo = useRef<HTMLElement | null>(null);

  const showShortcuts = useCallback(() => {
    const element = dialog.current;
    if (!element || element.open) return;
    returnFocusTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element.showModal();
  }, []);

  const context = useMemo(() => (isInbox ? { showShortcuts } : null), [isInbox, showShortcuts]);

  useEffect(() => {
    if (!isInbox) return;
    const actions: Record<KeyboardShortcut, () => boolean> = {
      next: () => moveRowSelection(1),
      previous: () => moveRowSelection(-1),
      reply: focusReplyBox,
      resolve: resolveConversation,
      search: focusSearch,
      help: () => {
        showShortcuts();
        return true;
      },
    };
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target instanceof HTMLElement ? event.target : null;
      const shortcut = matchKeyboardShortcut({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        isComposing: event.isComposing,
        repeat: event.repeat,
        defaultPrevented: event.defaultPrevented,
        target: target && { tagName: target.tagName, type: target instanceof HTMLInputElement ? target.type : undefined, isContentEditable: target.isContentEditable },
        isModalOpen: document.querySelector("dialog[open]:modal") !== null,
      });
      // Handled: the key goes no further (r and / would otherwise be typed into the box they focus).
      if (shortcut && actions[shortcut]()) event.preventDefault();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [isInbox, showShortcuts]);

  return (
    <Context.Provider value={context}>
      {children}
      {isInbox ? (
        <dialog
          ref={dialog}
          aria-labelledby="keyboard-shortcuts-title"
          onClose={() => {
            // Back where the person was (the button, or the row they had selected).
            if (returnFocusTo.current?.isConnected) returnFocusTo.current.focus();
            returnFocusTo.current = null;
          }}
          className="m-auto w-full max-w-sm rounded-xl border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
        >
          <div className="flex flex-col gap-4 p-6">
            <h2 id="keyboard-shortcuts-title" className="text-lg font-semibold">
              Keyboard shortcuts
            </h2>
            <dl className="grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-2 text-sm">
              {KEYBOARD_SHORTCUTS.map((entry) => (
                <Fragment key={entry.key}>
                  <dt>
                    <kbd className="inline-block min-w-8 rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 text-center font-mono text-xs text-slate-800 shadow-sm">{entry.key}</kbd>
                  </dt>
                  <dd className="text-slate-700">{entry.description}</dd>
                </Fragment>
              ))}
            </dl>
            <p className="text-sm text-slate-600">They wait while you type in a box, and leave Ctrl, ⌘ and Alt to the browser.</p>
            <div className="flex justify-end">
              {/* Focused on opening, so Enter or Escape closes at once. */}
              <Button type="button" variant="secondary" onClick={() => dialog.current?.close()} autoFocus>
                Close
              </Button>
            </div>
          </div>
        </dialog>
      ) : null}
    </Context.Provider>
  );
}

/** "Keyboard shortcuts ?" under the list, for those who do not know to press ?. Not at phone width. */
export function KeyboardShortcutsButton() {
  const context = useContext(Context);
  if (!context) return null;
  return (
    <div className="hidden shrink-0 border-t border-slate-200 px-3 py-2 md:block">
      <button type="button" onClick={context.showShortcuts} aria-keyshortcuts="?" className="flex items-center gap-2 rounded-md px-1 text-xs text-slate-600 hover:text-slate-900 hover:underline">
        Keyboard shortcuts
        <kbd aria-hidden="true" className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-slate-700">
          ?
        </kbd>
      </button>
    </div>
  );
}
