import { SMS_SEGMENT_SEPTETS } from "../../limits";

/**
 * The GSM 03.38 alphabet. A message entirely in it is sent 7 bits a character, 160 to a segment;
 * one character outside it turns the whole message into UCS-2, 70 to a segment.
 */
const BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/** Characters of the extension table: an escape and the character, two septets each. */
const EXTENSION = "\f^{}\\[~]|€";

const basic = new Set(BASIC);
const extension = new Set(EXTENSION);

export const isGsm7 = (text: string): boolean => [...text].every((c) => basic.has(c) || extension.has(c));

/** Septets the text takes in GSM-7: two for extension characters. */
export function septets(text: string): number {
  let total = 0;
  for (const c of text) total += extension.has(c) ? 2 : 1;
  return total;
}

/**
 * Segments an SMS takes: 1 up to 160 septets (GSM-7) or 70 characters (UCS-2); beyond that,
 * concatenated segments carry 153 septets or 67 characters each.
 *
 * @example
 * segments("a".repeat(161)) // 2
 */
export function segments(text: string): number {
  if (isGsm7(text)) {
    const n = septets(text);
    return n <= SMS_SEGMENT_SEPTETS ? 1 : Math.ceil(n / 153);
  }
  const units = text.length; // UTF-16 code units, as UCS-2/UTF-16 encodes them
  return units <= 70 ? 1 : Math.ceil(units / 67);
}

/** Letters that GSM-7 lacks, written the way people write them when a phone cannot. */
const REPLACEMENTS: Record<string, string> = {
  ç: "c", œ: "oe", Œ: "OE", "‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"',
  "–": "-", "—": "-", "…": "...", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "«": '"', "»": '"', "•": "-",
};

/**
 * Makes text GSM-7: accented letters outside the alphabet lose their accent (ó → o, ã → a),
 * typographic punctuation becomes plain, and what has no plain form (™, emoji) is dropped. Letters the
 * alphabet has (é, ñ, ü, à…) are kept.
 *
 * @example
 * toGsm7("Seu código é 123") // "Seu codigo é 123"
 */
export function toGsm7(text: string): string {
  let out = "";
  for (const c of text) {
    if (basic.has(c) || extension.has(c)) out += c;
    else if (REPLACEMENTS[c] !== undefined) out += REPLACEMENTS[c];
    else {
      const bare = c.normalize("NFD").replace(/\p{M}/gu, "");
      out += [...bare].every((b) => basic.has(b)) ? bare : "";
    }
  }
  // A dropped symbol between two words would leave two spaces.
  return out.replace(/ {2,}/g, " ");
}
