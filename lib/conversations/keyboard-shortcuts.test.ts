import { describe, expect, it } from "vitest";
import { KEYBOARD_SHORTCUTS, matchKeyboardShortcut, type KeyPress, type KeyTarget } from "./keyboard-shortcuts";

const body: KeyTarget = { tagName: "BODY", isContentEditable: false };
const press = (key: string, changes: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  isComposing: false,
  repeat: false,
  defaultPrevented: false,
  target: body,
  isModalOpen: false,
  ...changes,
});

describe("which key press is a shortcut", () => {
  it.each([
    ["j", "next"],
    ["k", "previous"],
    ["r", "reply"],
    ["e", "resolve"],
    ["/", "search"],
    ["?", "help"],
  ] as const)("%s on the page is %s", (key, shortcut) => {
    expect(matchKeyboardShortcut(press(key))).toBe(shortcut);
  });

  it("is no shortcut for other keys, capitals included (Shift+j is not j)", () => {
    for (const key of ["J", "E", "x", "Enter", "Escape", " ", "ArrowDown"]) expect(matchKeyboardShortcut(press(key))).toBeNull();
  });

  it("leaves the browser's and the system's own shortcuts alone: Ctrl, ⌘ or Alt held", () => {
    for (const modifier of ["ctrlKey", "metaKey", "altKey"] as const) {
      for (const key of ["j", "r", "e", "/", "?"]) expect(matchKeyboardShortcut(press(key, { [modifier]: true }))).toBeNull();
    }
  });

  it("never fires while the person types: text inputs, search boxes, text areas, selects, editable content", () => {
    const typing: KeyTarget[] = [
      { tagName: "INPUT", isContentEditable: false },
      { tagName: "INPUT", type: "text", isContentEditable: false },
      { tagName: "input", type: "search", isContentEditable: false },
      { tagName: "INPUT", type: "email", isContentEditable: false },
      { tagName: "INPUT", type: "password", isContentEditable: false },
      { tagName: "INPUT", type: "number", isContentEditable: false },
      { tagName: "TEXTAREA", isContentEditable: false },
      { tagName: "SELECT", isContentEditable: false },
      { tagName: "DIV", isContentEditable: true },
      { tagName: "P", isContentEditable: true },
    ];
    for (const target of typing) {
      for (const key of ["j", "k", "r", "e", "/", "?"]) expect(matchKeyboardShortcut(press(key, { target })), `${key} in ${target.tagName} ${target.type ?? ""}`).toBeNull();
    }
  });

  it("fires on a focused link, button, checkbox or radio button: nothing is typed there", () => {
    const targets: KeyTarget[] = [
      { tagName: "A", isContentEditable: false },
      { tagName: "BUTTON", isContentEditable: false },
      { tagName: "INPUT", type: "checkbox", isContentEditable: false },
      { tagName: "INPUT", type: "radio", isContentEditable: false },
      { tagName: "INPUT", type: "submit", isContentEditable: false },
    ];
    for (const target of targets) expect(matchKeyboardShortcut(press("e", { target }))).toBe("resolve");
    expect(matchKeyboardShortcut(press("j", { target: null }))).toBe("next");
  });

  it("waits behind an open modal dialog: e under the image viewer resolves nothing", () => {
    for (const key of ["j", "k", "r", "e", "/", "?"]) expect(matchKeyboardShortcut(press(key, { isModalOpen: true }))).toBeNull();
  });

  it("leaves a key press something on the page already took, and one that is part of a composition", () => {
    expect(matchKeyboardShortcut(press("j", { defaultPrevented: true }))).toBeNull();
    expect(matchKeyboardShortcut(press("e", { isComposing: true }))).toBeNull();
  });

  it("repeats j and k while held, but not the others", () => {
    expect(matchKeyboardShortcut(press("j", { repeat: true }))).toBe("next");
    expect(matchKeyboardShortcut(press("k", { repeat: true }))).toBe("previous");
    for (const key of ["r", "e", "/", "?"]) expect(matchKeyboardShortcut(press(key, { repeat: true }))).toBeNull();
  });

  it("lists every shortcut it matches, once each, in the dialog's table", () => {
    const listed = KEYBOARD_SHORTCUTS.map((entry) => entry.key);
    expect(new Set(listed).size).toBe(listed.length);
    for (const { key, shortcut } of KEYBOARD_SHORTCUTS) expect(matchKeyboardShortcut(press(key))).toBe(shortcut);
  });
});
