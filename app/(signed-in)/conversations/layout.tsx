import { KeyboardShortcuts } from "@/components/conversations/keyboard-shortcuts";

// Kept across moves between the inbox and its threads, so the shortcuts listen once.
export default function ConversationsLayout({ children }: { children: React.ReactNode }) {
  return <KeyboardShortcuts>{children}</KeyboardShortcuts>;
}
