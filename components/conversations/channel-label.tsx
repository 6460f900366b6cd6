import { channelName, isKnownChannel, type Channel } from "@/lib/messages/channels";

const COLORS: Record<Channel, string> = {
  sms: "bg-sky-600",
  mms: "bg-cyan-700",
  whatsapp: "bg-green-600",
  messenger: "bg-blue-600",
  viber_service: "bg-violet-600",
  rcs: "bg-indigo-600",
};

/** The channel's icon (a speech bubble in its colour) and name. */
export function ChannelLabel({ channel }: { channel: string }) {
  const color = isKnownChannel(channel) ? COLORS[channel] : "bg-slate-500";
  return (
    <span className="inline-flex items-center gap-1.5 text-xs font-medium text-slate-700">
      <span className={`inline-flex h-4 w-4 items-center justify-center rounded ${color}`} aria-hidden="true">
        <svg viewBox="0 0 16 16" className="h-3 w-3 fill-white">
          <path d="M2 3.5A1.5 1.5 0 0 1 3.5 2h9A1.5 1.5 0 0 1 14 3.5v6a1.5 1.5 0 0 1-1.5 1.5H7l-3 3v-3h-.5A1.5 1.5 0 0 1 2 9.5z" />
        </svg>
      </span>
      {channelName(channel)}
    </span>
  );
}
