"use client";

// The reply box under a thread: a reply to the customer or a private note, canned replies by
// typing `/`, the channel's length limit, the message being answered, and the channel's window
// (its time left, or the templates WhatsApp still accepts once it closed). Each draft carries an
// id chosen here, so however often it is submitted, it is written and sent once.
import { useActionState, useEffect, useRef, useState } from "react";
import { composeAction } from "@/app/(signed-in)/conversations/[conversationId]/reply-actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { acceptedTypes, checkAttachment } from "@/lib/replies/attachment-rules";
import { replyTextLimit, replyWindow } from "@/lib/replies/reply-window";

export type ComposerTemplate = { id: string; name: string; locale: string; body: string; parameters: string[] };
export type ComposerCannedReply = { shortcut: string; text: string };
export type ReplyTarget = { id: string; text: string };

export type ComposerProps = {
  conversationId: string;
  channel: string;
  /** ISO time of the customer's last message: the window is counted from it. */
  lastInboundAt: string | null;
  /** Why replies cannot be sent from this server, when they cannot (notes still can). */
  repliesUnavailable: string | null;
  /** Why replies cannot carry files here, when they cannot. */
  attachmentsUnavailable: string | null;
  templates: ComposerTemplate[];
  cannedReplies: ComposerCannedReply[];
  replyTo: ReplyTarget | null;
  onCancelReplyTo(): void;
  /** A fresh id from the server for the first draft (later ones are made here). */
  firstDraftId: string;
  /** Each change of a reply's text (not a note's): others are told this person is typing. */
  onReplyInput?(): void;
};

/** A draft's id: 32 hex characters from the browser's random source (fine outside HTTPS too). */
function newDraftId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function timeLeft(closesAt: string, now: number): string {
  const minutes = Math.max(0, Math.round((new Date(closesAt).getTime() - now) / 60_000));
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

export function Composer(props: ComposerProps) {
  const { conversationId, channel } = props;
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const [text, setText] = useState("");
  // The first id comes with the page, so the server's HTML and the browser agree on it.
  const [draftId, setDraftId] = useState(props.firstDraftId);
  const [now, setNow] = useState(() => Date.now());
  const { onCancelReplyTo } = props;
  const [state, action, isPending] = useActionState(composeAction, {});
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; size: number; error: string | null } | null>(null);
  // Written: a fresh draft. (An error keeps the text and the id, so sending again is the same reply.)
  const [handled, setHandled] = useState(state);
  if (state !== handled) {
    setHandled(state);
    if (!state.error) {
      setText("");
      setDraftId(newDraftId());
      setFile(null);
    }
  }
  useEffect(() => {
    if (!state.error) onCancelReplyTo();
  }, [state, onCancelReplyTo]);
  const form = useRef<HTMLFormElement>(null);

  // The window closes while the page is open: count down once a minute.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);

  const currentWindow = replyWindow(channel, props.lastInboundAt, new Date(now));
  const limit = replyTextLimit(channel);
  const isNote = mode === "note";
  const isClosed = !isNote && (currentWindow.kind === "closed" || props.repliesUnavailable !== null);
  const slashWord = /^\/(\S*)$/.exec(text)?.[1];
  const suggestions = slashWord === undefined ? [] : props.cannedReplies.filter((canned) => canned.shortcut.toLowerCase().startsWith(slashWord.toLowerCase())).slice(0, 6);

  const canSend = !isPending && !isClosed && (text.trim() !== "" || (!isNote && file !== null && !file.error));
  const submitOnEnter = (event: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    if (suggestions[0]) return setText(suggestions[0].text);
    if (canSend) form.current?.requestSubmit();
  };
  // Picked, dropped or pasted: the file input holds it, so the form sends it as any form would.
  const attach = (files: FileList | null) => {
    const input = fileInput.current;
    const picked = files?.[0];
    if (!input || !picked) return;
    if (input.files !== files) {
      const transfer = new DataTransfer();
      transfer.items.add(picked);
      input.files = transfer.files;
    }
    const check = checkAttachment(channel, picked);
    setFile({ name: picked.name || "pasted file", size: picked.size, error: "error" in check ? check.error : null });
  };
  const detach = () => {
    if (fileInput.current) fileInput.current.value = "";
    setFile(null);
  };
  const canAttach = !isNote && !isClosed && props.attachmentsUnavailable === null;

  return (
    <section aria-label="Reply" className="shrink-0 border-t border-slate-200 bg-white p-3" data-shortcut-target="reply">
      <div role="radiogroup" aria-label="Write" className="mb-2 flex gap-1 text-sm">
        {(["reply", "note"] as const).map((option) => (
          <button
            key={option}
            type="button"
            role="radio"
            aria-checked={mode === option}
            onClick={() => setMode(option)}
            className={`rounded-md px-3 py-1 ${mode === option ? (option === "note" ? "bg-amber-100 font-medium text-amber-900" : "bg-indigo-100 font-medium text-indigo-900") : "text-slate-600 hover:bg-slate-100"}`}
          >
            {option === "reply" ? "Reply" : "Private note"}
          </button>
        ))}
        <span className="ml-auto self-center text-xs text-slate-500" data-testid="reply-window">
          {isNote
            ? "Only colleagues see notes."
            : currentWindow.kind === "open"
              ? `Reply window closes in ${timeLeft(currentWindow.closesAt, now)}`
              : currentWindow.kind === "human_agent"
                ? `Sent with Messenger's human agent tag; closes in ${timeLeft(currentWindow.closesAt, now)}`
                : null}
        </span>
      </div>

      {!isNote && props.repliesUnavailable ? <p className="mb-2 text-sm text-slate-700">{props.repliesUnavailable}</p> : null}
      {!isNote && !props.repliesUnavailable && currentWindow.kind === "closed" ? (
        <div className="mb-2 rounded-md bg-amber-50 p-2 text-sm text-amber-900" data-testid="window-closed">
          {currentWindow.reason}
        </div>
      ) : null}

      {!isNote && !props.repliesUnavailable && currentWindow.kind === "closed" && currentWindow.canUseTemplate ? (
        <TemplateForm conversationId={conversationId} templates={props.templates} firstDraftId={props.firstDraftId} />
      ) : (
        <form
          ref={form}
          action={action}
          className="flex flex-col gap-2"
          onDragOver={(event) => {
            if (canAttach && event.dataTransfer.types.includes("Files")) event.preventDefault();
          }}
          onDrop={(event) => {
            if (!canAttach || event.dataTransfer.files.length === 0) return;
            event.preventDefault();
            attach(event.dataTransfer.files);
          }}
        >
          <input type="hidden" name="id" value={draftId} />
          <input type="hidden" name="conversationId" value={conversationId} />
          <input type="hidden" name="mode" value={mode} />
          {props.replyTo && !isNote ? (
            <div className="flex items-center gap-2 rounded-md border-l-4 border-indigo-300 bg-slate-50 px-2 py-1 text-xs text-slate-700">
              <input type="hidden" name="replyToMessageId" value={props.replyTo.id} />
              <span className="truncate">Replying to: {props.replyTo.text}</span>
              <button type="button" onClick={props.onCancelReplyTo} className="ml-auto text-slate-500 hover:text-slate-800" aria-label="Do not reply to a specific message">
                ×
              </button>
            </div>
          ) : null}
          <div className="relative">
            <textarea
              name="text"
              aria-label={isNote ? "Private note" : "Reply to the customer"}
              value={text}
              onChange={(event) => setText(event.target.value)}
              onInput={isNote ? undefined : props.onReplyInput}
              onKeyDown={submitOnEnter}
              onPaste={(event) => {
                if (!canAttach || event.clipboardData.files.length === 0) return;
                event.preventDefault();
                attach(event.clipboardData.files);
              }}
              disabled={isClosed}
              rows={3}
              placeholder={isNote ? "A note for colleagues (the customer never sees it)" : "Write a reply… Enter sends, Shift+Enter adds a line, / inserts a saved reply"}
              className={`w-full resize-y rounded-md border px-3 py-2 text-sm ${isNote ? "border-amber-300 bg-amber-50" : "border-slate-300"}`}
            />
            {suggestions.length > 0 ? (
              <ul role="listbox" aria-label="Saved replies" className="absolute bottom-full left-0 mb-1 w-full max-w-md rounded-md border border-slate-200 bg-white text-sm shadow-lg">
                {suggestions.map((canned, index) => (
                  <li key={canned.shortcut} role="option" aria-selected={index === 0}>
                    <button type="button" onClick={() => setText(canned.text)} className={`block w-full truncate px-3 py-1.5 text-left hover:bg-slate-100 ${index === 0 ? "bg-slate-50" : ""}`}>
                      <span className="font-medium">/{canned.shortcut}</span> <span className="text-slate-600">{canned.text}</span>
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
          {file ? (
            <div className="flex items-center gap-2 text-xs" data-testid="attachment">
              <span className="truncate font-medium">📎 {file.name}</span>
              <span className="text-slate-500">{formatSize(file.size)}</span>
              <button type="button" onClick={detach} className="text-slate-500 hover:text-slate-800" aria-label="Remove the attachment">
                ×
              </button>
              {file.error ? (
                <span role="alert" className="text-red-700">
                  {file.error}
                </span>
              ) : null}
            </div>
          ) : null}
          {/* Said in full (not in a tooltip, which touch screens never show): whom to ask, and what for. */}
          {!isNote && !isClosed && props.attachmentsUnavailable ? <p className="text-xs text-slate-500">{props.attachmentsUnavailable}</p> : null}
          <div className="flex items-center gap-3">
            <label className={`text-xs ${canAttach ? "cursor-pointer text-indigo-700 underline" : "hidden"}`}>
              Attach a file
              <input
                ref={fileInput}
                // A new draft, a new (empty) input.
                key={draftId}
                type="file"
                name="attachment"
                accept={acceptedTypes(channel) || undefined}
                className="sr-only"
                disabled={!canAttach}
                onChange={(event) => attach(event.target.files)}
              />
            </label>
            <span className={`text-xs ${!isNote && text.length > limit ? "font-medium text-red-700" : "text-slate-500"}`} data-testid="length">
              {isNote ? `${text.length} characters` : `${text.length} / ${limit}`}
            </span>
            <FormMessage state={state} />
            <Button type="submit" className="ml-auto" variant={isNote ? "secondary" : "primary"} disabled={!canSend}>
              {isNote ? "Add note" : "Send"}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

/** Once WhatsApp's window closed: an approved template, its placeholders filled in. */
function TemplateForm({ conversationId, templates, firstDraftId }: { conversationId: string; templates: ComposerTemplate[]; firstDraftId: string }) {
  const [templateId, setTemplateId] = useState(templates[0]?.id ?? "");
  const [draftId, setDraftId] = useState(firstDraftId);
  const [state, action, isPending] = useActionState(composeAction, {});
  const [handled, setHandled] = useState(state);
  if (state !== handled) {
    setHandled(state);
    if (!state.error) setDraftId(newDraftId());
  }
  const template = templates.find((candidate) => candidate.id === templateId);
  if (templates.length === 0) return <p className="text-sm text-slate-700">No templates are set up yet: an admin adds the approved ones under Settings → Templates.</p>;
  return (
    <form action={action} className="flex flex-col gap-2" aria-label="Send a template">
      <input type="hidden" name="id" value={draftId} />
      <input type="hidden" name="conversationId" value={conversationId} />
      <input type="hidden" name="mode" value="template" />
      <label className="flex items-center gap-2 text-sm">
        Template
        <select name="templateId" value={templateId} onChange={(event) => setTemplateId(event.target.value)} className="rounded-md border border-slate-300 px-2 py-1">
          {templates.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {`${candidate.name} (${candidate.locale})`}
            </option>
          ))}
        </select>
      </label>
      {template ? (
        <>
          <p className="rounded-md bg-slate-50 p-2 text-sm text-slate-700">{template.body}</p>
          {template.parameters.map((label, index) => (
            <label key={`${template.id}-${index}`} className="flex items-center gap-2 text-sm">
              <span className="w-40 shrink-0">
                {`{{${index + 1}}}`} {label}
              </span>
              <input name="parameters" required className="flex-1 rounded-md border border-slate-300 px-2 py-1" />
            </label>
          ))}
        </>
      ) : null}
      <div className="flex items-center gap-3">
        <FormMessage state={state} />
        <Button type="submit" className="ml-auto" disabled={isPending}>
          Send template
        </Button>
      </div>
    </form>
  );
}
