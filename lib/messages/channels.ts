// The Vonage channels CareDesk knows by name, and the name people see for each. A message from a
// channel not listed here is still stored and shown, under the name Vonage gave it.

export const CHANNELS = ["sms", "mms", "whatsapp", "messenger", "viber_service", "rcs"] as const;

export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_NAMES: Record<Channel, string> = {
  sms: "SMS",
  mms: "MMS",
  whatsapp: "WhatsApp",
  messenger: "Messenger",
  viber_service: "Viber",
  rcs: "RCS",
};

export function isKnownChannel(channel: string): channel is Channel {
  return (CHANNELS as readonly string[]).includes(channel);
}

/** The name people see: the display name of a known channel, Vonage's own for any other. */
export function channelName(channel: string): string {
  return isKnownChannel(channel) ? CHANNEL_NAMES[channel] : channel;
}
