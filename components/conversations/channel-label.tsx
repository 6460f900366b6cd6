const CHANNELS: Record<string, { name: string; color: string }> = {
  sms: { name: "SMS", color: "bg-sky-600" },
  mms: { name: "MMS", color: "bg-cyan-700" },
  whatsapp: { name: "WhatsApp", color: "bg-green-600" },
  messenger: { name: "Messenger", color: "bg-blue-600" },
  viber_service: { name: "Viber", color: "bg-violet-600" },
  rcs: { name: "RCS", color: "bg-indigo-600" },
};

export const KNOWN_CHANNELS = Object.entries(CHANNELS).map(([id, channel]) => ({ id, name: channel.name }));

/** The channel's icon (a speech bubble in its colour) and name. */
export function ChannelLabel({ channel }: { channel: string }) {
  const meta = CHANNELS[channel] ?? { name: channel, color: "bg-slate-500" };
  return (
    <span className="inline-flex items-center gap-1.5 text-xs font-medium text-slate-700">
      <span className={`inline-flex h-4 w-4 items-center justify-center rounded ${meta.color}`} aria-hidden="true">
        <svg viewBox="0 0 16 16" className="h-3 w-3 fill-white">
          <path d="M2 3.5A1.5 1.5 0 0 1 3.5 2h9A1.5 1.5 0 0 1 14 3.5v6a1.5 1.5 0 0 1-1.5 1.5H7l-3 3v-3h-.5A1.5 1.5 0 0 1 2 9.5z" />
        </svg>
      </span>
      {meta.name}
    </span>
  );
}
