// A customer's or business's address as people read it: E.164 digits ("447700900123", as Vonage
// writes them) become "+44 7700 900123"; anything else (a Messenger PSID, a sender name, an RCS
// agent id, a short code) is shown as it is.

/** Channels whose addresses are never phone numbers, however many digits they have. */
const CHANNELS_WITHOUT_NUMBERS = new Set(["messenger"]);

/** Two-digit country calling codes; "1" and "7" are the one-digit ones, the rest have three. */
const TWO_DIGIT_CODES = new Set([
  "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58",
  "60", "61", "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
]);

function countryCodeOf(digits: string): string {
  if (digits.startsWith("1") || digits.startsWith("7")) return digits.slice(0, 1);
  const two = digits.slice(0, 2);
  return TWO_DIGIT_CODES.has(two) ? two : digits.slice(0, 3);
}

/** Splits a national number into groups of three, ending on groups of four where that avoids a lone digit. */
function groupDigits(national: string, countryCode: string): string[] {
  if (countryCode === "1" && national.length === 10) return [national.slice(0, 3), national.slice(3, 6), national.slice(6)];
  if (countryCode === "44" && national.length === 10) {
    // London and the other "2x" areas read 20 7946 0958; mobiles and the rest 7700 900123.
    return national.startsWith("2") ? [national.slice(0, 2), national.slice(2, 6), national.slice(6)] : [national.slice(0, 4), national.slice(4)];
  }
  if (national.length <= 4) return [national];
  const groupsOfFour = [0, 1, 2][national.length % 3] ?? 0;
  const threes = (national.length - groupsOfFour * 4) / 3;
  const groups: string[] = [];
  let rest = national;
  for (let index = 0; index < threes + groupsOfFour; index += 1) {
    const size = index < threes ? 3 : 4;
    groups.push(rest.slice(0, size));
    rest = rest.slice(size);
  }
  return groups;
}

/**
 * `address` as a person reads it. With a channel, any 7 to 15 digits on a phone channel are a
 * number; without one (an inbox's list), only 8 to 13, so that page and channel ids stay as they are.
 */
export function formatAddress(address: string, channel?: string): string {
  if (channel && CHANNELS_WITHOUT_NUMBERS.has(channel)) return address;
  const digits = address.startsWith("+") ? address.slice(1) : address;
  const [shortest, longest] = channel ? [7, 15] : [8, 13];
  if (!/^[1-9]\d*$/.test(digits) || digits.length < shortest || digits.length > longest) return address;
  const countryCode = countryCodeOf(digits);
  return `+${countryCode} ${groupDigits(digits.slice(countryCode.length), countryCode).join(" ")}`;
}
