import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

/**
 * Parses what a person typed into E.164. National formats are read against the tenant's home
 * country; anything libphonenumber does not consider a valid number is refused.
 *
 * @example
 * toE164("(425) 555-0100", "US") // "+14255550100"
 * toE164("+44 20 7946 0958", "US") // "+442079460958"
 */
export function toE164(input: string, defaultCountry: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(input, { defaultCountry, extract: false });
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/**
 * Shows a number without giving it away: country code and last two digits.
 *
 * @example
 * maskPhone("+14255550123") // "+1 ••• ••• ••23"
 */
export function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const countryCode = parsed?.countryCallingCode ?? "";
  const national = parsed?.nationalNumber ?? e164.replace(/\D/g, "");
  const hidden = "•".repeat(Math.max(national.length - 2, 0)).replace(/(.{3})(?=.)/g, "$1 ");
  return `+${countryCode} ${hidden}${national.slice(-2)}`;
}

/**
 * @example
 * maskEmail("alice@contoso.com") // "a•••@c•••.com"
 */
export function maskEmail(address: string): string {
  const [local = "", domain = ""] = address.split("@");
  const dot = domain.lastIndexOf(".");
  const tld = dot >= 0 ? domain.slice(dot) : "";
  return `${local.slice(0, 1)}•••@${domain.slice(0, 1)}•••${tld}`;
}
