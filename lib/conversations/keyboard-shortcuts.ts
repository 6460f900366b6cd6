// The inbox's keyboard shortcuts: which key does what, and which key press is one. Pure, so the
// rules (never while typing, never with Ctrl, ⌘ or Alt, never behind a modal dialog) are tested
// without a browser; components/conversations/keyboard-shortcuts.tsx acts on the answer.

export type KeyboardShortcut = "next" | "previous" | "reply" | "resolve" | "search" | "help";

/**
 * In the order the shortcuts dialog lists them. Enter has no shortcut of its own: the selected row
 * is a focused link, which the browser opens on Enter.
 */
export const KEYBOARD_SHORTCUTS: readonly { key: string; shortcut: KeyboardShortcut | null; description: string }[] = [
  { key: "j", shortcut: "next", description: "Select the next conversation" },
  { key: "k", shortcut: "previous", description: "Select the previous conversation" },
  { key: "Enter", shortcut: null, description: "Open the selected conversation" },
  { key: "r", shortcut: "reply", description: "Write in the reply box" },
  { key: "e", shortcut: "resolve", description: "Resolve the open conversation" },
  { key: "/", shortcut: "search", description: "Search the conversations" },
  { key: "?", shortcut: "help", description: "Show these shortcuts" },
];

/** The element a key press went to: enough of it to tell whether the person is typing there. */
export type KeyTarget = { tagName: string; type?: string; isContentEditable: boolean };

export type KeyPress = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Part of an input method's composition (Japanese, Chinese…). */
  isComposing: boolean;
  /** The key is held down and repeating. */
  repeat: boolean;
  /** Something on the page already acted on it (the composer's Enter, the image viewer's arrows). */
  defaultPrevented: boolean;
  target: KeyTarget | null;
  /** A modal dialog (the shortcuts themselves, the image viewer, "Erase customer") is open. */
  isModalOpen: boolean;
};

// Inputs that take no typed text: a letter pressed on a checkbox or a button is free for a shortcut.
const INPUT_TYPES_WITHOUT_TEXT = new Set(["button", "checkbox", "color", "file", "image", "radio", "range", "reset", "submit"]);

function isTypingIn(target: KeyTarget): boolean {
  if (target.isContentEditable) return true;
  const tagName = target.tagName.toUpperCase();
  if (tagName === "TEXTAREA" || tagName === "SELECT") return true;
  return tagName === "INPUT" && !INPUT_TYPES_WITHOUT_TEXT.has((target.type ?? "text").toLowerCase());
}

const SHORTCUT_BY_KEY = new Map(KEYBOARD_SHORTCUTS.flatMap(({ key, shortcut }) => (shortcut ? [[key, shortcut] as const] : [])));

/** The shortcut a key press stands for, or null when it is typing, a browser's own shortcut, or no shortcut. */
export function matchKeyboardShortcut(press: KeyPress): KeyboardShortcut | null {
  if (press.ctrlKey || press.metaKey || press.altKey || press.isComposing || press.defaultPrevented || press.isModalOpen) return null;
  if (press.target && isTypingIn(press.target)) return null;
  const shortcut = SHORTCUT_BY_KEY.get(press.key) ?? null;
  // Holding j or k runs down the list; holding e must not resolve, then act again on what follows.
  if (press.repeat && shortcut !== "next" && shortcut !== "previous") return null;
  return shortcut;
}
