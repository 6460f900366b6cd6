// The one-line description of a message used as a conversation's preview ("Photo", "Voice note",
// "Document: invoice.pdf"...). Shared by ingestion and the dashboard.
import type { MediaPart, MessageContent } from "./message-content";

const PREVIEW_LENGTH = 140;

function describeMedia(part: MediaPart, messageType: string): string {
  switch (part.kind) {
    case "image":
      return "Photo";
    case "audio":
      return "Voice note";
    case "video":
      return "Video";
    case "sticker":
      return "Sticker";
    case "vcard":
      return "Contact card";
    case "file":
      return part.fileName ? `Document: ${part.fileName}` : messageType === "file" ? "Document" : "File";
  }
}

function describeContent(content: MessageContent): string {
  switch (content.kind) {
    case "location":
      return content.name ? `Location: ${content.name}` : "Location";
    case "reply":
      return `Reply: ${content.title}`;
    case "button":
      return `Button: ${content.text}`;
    case "order":
      return `Order (${content.items.length} ${content.items.length === 1 ? "item" : "items"})`;
    case "reaction":
      return content.action === "react" ? `Reacted ${content.emoji ?? ""}`.trim() : "Removed a reaction";
    case "contact":
      return content.name ? `Contact: ${content.name}` : "Contact";
    case "unsupported":
      return "Unsupported message";
    case "unknown":
      return `Unknown message type: ${content.messageType}`;
    case "malformed":
      return `Unreadable ${content.messageType} message`;
    case "unreadable":
      return "Unreadable message";
  }
}

export function describeMessage(message: {
  messageType: string;
  text: string | null;
  content: MessageContent | null;
  media: MediaPart[];
}): string {
  let description: string;
  const [first] = message.media;
  if (first) {
    const label = message.media.length > 1 ? `${describeMedia(first, message.messageType)} +${message.media.length - 1}` : describeMedia(first, message.messageType);
    description = message.text ? `${label}: ${message.text}` : label;
  } else if (message.content) {
    description = describeContent(message.content);
  } else {
    description = message.text ?? "";
  }
  const singleLine = description.replace(/\s+/g, " ").trim();
  return singleLine.length > PREVIEW_LENGTH ? `${singleLine.slice(0, PREVIEW_LENGTH - 1)}…` : singleLine;
}
