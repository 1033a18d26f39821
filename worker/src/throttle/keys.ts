import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/**
 * Keys of throttles: what one budget belongs to. They become Durable Object names, which are
 * hashed, so a key never shows up in storage or logs.
 */

const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Expands an IPv6 address to its eight hextets; null when it is not one. */
function ipv6Hextets(address: string): number[] | null {
  let text = address.toLowerCase().replace(/%.*$/, "");
  // An embedded IPv4 tail (::ffff:192.0.2.1) is two hextets.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const v4 = ipv4Octets(tail[1]!);
    if (!v4) return null;
    text = `${text.slice(0, -tail[1]!.length)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === "" ? [] : part.split(":"));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

function ipv4Octets(address: string): number[] | null {
  const match = ipv4.exec(address);
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

/**
 * The budget key of a client address: an IPv4 address as is, an IPv6 address by its /64 (one
 * subscriber usually holds a whole /64, so per-address budgets would be free to dodge). IPv4
 * mapped into IPv6 counts as the IPv4 address. Anything unparsable shares one "unknown" budget.
 *
 * @example
 * ipKey("2001:db8:1:2:aaaa::1") // "ip6:2001:db8:1:2::/64"
 * ipKey("::ffff:192.0.2.7")      // "ip4:192.0.2.7"
 */
export function ipKey(address: string | undefined | null): string {
  const text = (address ?? "").trim();
  const v4 = ipv4Octets(text);
  if (v4) return `ip4:${v4.join(".")}`;
  const v6 = ipv6Hextets(text);
  if (!v6) return "ip:unknown";
  if (v6.slice(0, 5).every((h) => h === 0) && v6[5] === 0xffff) {
    return `ip4:${[v6[6]! >> 8, v6[6]! & 255, v6[7]! >> 8, v6[7]! & 255].join(".")}`;
  }
  return `ip6:${v6.slice(0, 4).map((h) => h.toString(16)).join(":")}::/64`;
}

/**
 * The country calling code of an E.164 number; null for anything that is not a phone number.
 *
 * @example
 * callingCode("+442079460958") // "44"
 */
export function callingCode(e164: string): string | null {
  return parsePhoneNumberFromString(e164)?.countryCallingCode ?? null;
}

/** FNV-1a: a stable, cheap spread of shard keys; not a security boundary. */
export function shardOf(text: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}
