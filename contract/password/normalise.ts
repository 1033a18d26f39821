/**
 * Normalisation of passwords and banned terms before they are compared, the way Entra Password
 * Protection does it: lower case, then the usual look-alike substitutions, so `P@$$w0rd`,
 * `pa55word` and `PASSWORD` all become `password`. Pure and dependency-free: the widget runs it
 * on every keystroke.
 */

/**
 * Look-alike characters and what they stand for. Entra documents `0→o, 1→l, $→s, @→a`; the rest
 * are the substitutions password crackers try first.
 */
export const SUBSTITUTIONS: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "l",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "8": "b",
  "9": "g",
  $: "s",
  "@": "a",
  "!": "i",
  "|": "l",
  "+": "t",
  "€": "e",
};

/**
 * The form passwords and banned terms are compared in: compatibility-normalised (NFKC, so
 * full-width and ligature forms collapse), diacritics removed, lower-cased, look-alikes replaced.
 *
 * @example
 * normaliseForBanned("P@$$w0rd1") // "passwordl"
 * normaliseForBanned("Pässwörd")  // "password"
 */
export function normaliseForBanned(text: string): string {
  const plain = text.normalize("NFKD").replace(/\p{M}/gu, "").normalize("NFKC").toLowerCase();
  let out = "";
  for (const char of plain) out += SUBSTITUTIONS[char] ?? char;
  return out;
}

/**
 * The password as it is measured and hashed: NFKC, as NIST SP 800-63B asks, so the same password
 * typed on two keyboards (composed or decomposed accents, full-width digits) is the same secret.
 *
 * @example
 * canonicalPassword("ｐａｓｓ") // "pass"
 */
export function canonicalPassword(password: string): string {
  return password.normalize("NFKC");
}

/**
 * Length in Unicode code points, which is what a person counts (NIST: each code point is one
 * character), not UTF-16 units.
 *
 * @example
 * codePointLength("😀😀") // 2
 */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
