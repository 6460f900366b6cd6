import { Badge } from "@/components/ui/badge";
import { LinkifiedText } from "@/components/ui/linkified-text";
import type { ThreadMessage } from "@/lib/conversations/thread-message";
import { channelName } from "@/lib/messages/channels";
import { formatAddress } from "@/lib/messages/format-address";
import type { MessageExtras } from "@/lib/messages/message-content";
import { MediaArchiveState } from "./media-archive-state";
import { MediaItem } from "./media-items";

/** Everything a customer can send, rendered readably: never a blank bubble. */
export function MessageBody({ message }: { message: ThreadMessage }) {
  const content = message.content;
  const captionShownByMedia = message.media.length === 1 && message.media[0]?.kind !== "sticker" && message.text === message.media[0]?.caption;
  return (
    <div className="flex flex-col gap-2">
      <MessageOrigin extras={message.extras} />
      {message.quoted ? (
        <blockquote className="border-l-4 border-slate-300 pl-2 text-xs text-slate-600">
          {!message.quoted.isKnown ? "Replying to a message CareDesk does not have" : message.quoted.text ? `Replying to: ${message.quoted.text}` : "Replying to an earlier message"}
        </blockquote>
      ) : null}
      {message.media.map((media) => (
        <div key={media.id} data-testid="message-media" className="flex flex-col gap-1">
          <MediaItem media={media} />
          <MediaArchiveState media={media} />
          {/* A sticker is a picture on its own: WhatsApp gives it no caption to show. */}
          {media.caption && media.kind !== "sticker" ? <span className="text-sm">{media.caption}</span> : null}
        </div>
      ))}
      {content?.kind === "location" ? (
        <div className="text-sm">
          <div className="font-medium">Location: {content.name ?? "shared location"}</div>
          {content.address ? <div>{content.address}</div> : null}
          <div className="text-slate-600">
            {content.lat}, {content.long} ·{" "}
            <a
              href={`https://www.openstreetmap.org/?mlat=${content.lat}&mlon=${content.long}#map=16/${content.lat}/${content.long}`}
              target="_blank"
              rel="noopener noreferrer"
              className="underline"
            >
              Open map
            </a>
          </div>
        </div>
      ) : null}
      {content?.kind === "contact" ? (
        <div className="text-sm">
          <div className="font-medium">Contact card: {content.name ?? "unnamed"}</div>
          {content.phones.map((phone) => (
            <div key={phone}>{formatAddress(phone)}</div>
          ))}
        </div>
      ) : null}
      {content?.kind === "reply" ? <div className="text-sm">Chose “{content.title}”{content.description ? ` — ${content.description}` : ""}</div> : null}
      {content?.kind === "button" ? <div className="text-sm">Pressed the button “{content.text}”</div> : null}
      {content?.kind === "order" ? (
        <div className="text-sm">
          <div className="font-medium">Order{content.catalogId ? ` from catalog ${content.catalogId}` : ""}</div>
          <ul className="list-disc pl-5">
            {content.items.map((item, index) => (
              <li key={index}>
                {item.quantity ?? 1} × {item.productId ?? "item"}
                {item.price !== undefined ? ` at ${item.price} ${item.currency ?? ""}` : ""}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {content?.kind === "reaction" ? (
        <div className="text-sm">{content.action === "react" ? `Reacted ${content.emoji ?? ""} to a message` : "Removed a reaction"}</div>
      ) : null}
      {content?.kind === "unsupported" ? (
        <div className="text-sm italic text-slate-600">The customer sent something {channelName(message.channel)} cannot pass on (unsupported by the channel).</div>
      ) : null}
      {content?.kind === "unknown" || content?.kind === "malformed" ? (
        <div className="text-sm">
          <div className="italic text-slate-600">
            {content.kind === "unknown"
              ? `A ${content.messageType} message on ${channelName(content.channel)}: a type CareDesk cannot display yet.`
              : `CareDesk could not read this ${content.messageType} message (${content.problem}).`}
            {message.rawPreview ? null : " An admin can open what Vonage sent."}
          </div>
          {message.rawPreview ? <RawPayloadDetails rawPreview={message.rawPreview} /> : null}
        </div>
      ) : null}
      {content?.kind === "unreadable" ? (
        <div className="text-sm">
          <div className="font-medium">CareDesk could not read this message</div>
          <div className="italic text-slate-600">
            Vonage signed it, so it was kept as it came ({content.problem}).
            {message.rawPreview ? null : " An admin can open what Vonage sent."}
          </div>
          {message.rawPreview ? <RawPayloadDetails rawPreview={message.rawPreview} /> : null}
        </div>
      ) : null}
      {message.text && !captionShownByMedia && content?.kind !== "reply" && content?.kind !== "button" ? (
        <div className="text-sm">
          <LinkifiedText text={message.text} />
        </div>
      ) : null}
      {!message.text && !content && message.media.length === 0 ? <div className="text-sm italic text-slate-600">(empty message)</div> : null}
    </div>
  );
}

/** Where the customer came from (an ad, a catalog product) and the SMS keyword, above the message. */
function MessageOrigin({ extras }: { extras: MessageExtras }) {
  const { adReferral, referredProduct, smsKeyword } = extras;
  if (!adReferral && !referredProduct && !smsKeyword) return null;
  const adLink = adReferral?.sourceUrl && /^https?:\/\//i.test(adReferral.sourceUrl) ? adReferral.sourceUrl : undefined;
  return (
    <div className="flex flex-col gap-1 text-xs text-slate-600">
      {adReferral ? (
        <div data-testid="ad-referral" className="rounded border border-amber-200 bg-amber-50 px-2 py-1">
          <div className="font-medium text-slate-800">
            Came from an ad{adReferral.headline ? `: ${adReferral.headline}` : adReferral.sourceType ? ` (${adReferral.sourceType})` : ""}
          </div>
          {adReferral.body ? <div>{adReferral.body}</div> : null}
          {adLink ? (
            <a href={adLink} target="_blank" rel="noopener noreferrer" className="underline">
              Open the ad
            </a>
          ) : null}
        </div>
      ) : null}
      {referredProduct ? (
        <div data-testid="referred-product">
          Asking about product {referredProduct.productId ?? "(no id)"}
          {referredProduct.catalogId ? ` from catalog ${referredProduct.catalogId}` : ""}
        </div>
      ) : null}
      {smsKeyword ? (
        <div>
          <Badge>Keyword: {smsKeyword}</Badge>
        </div>
      ) : null}
    </div>
  );
}

/** What Vonage sent, folded, for a message CareDesk cannot show as it is. */
function RawPayloadDetails({ rawPreview }: { rawPreview: string }) {
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs text-slate-600">Show what Vonage sent (links hidden)</summary>
      <pre className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 text-xs">{rawPreview}</pre>
    </details>
  );
}
