import { withinOneEdit } from "./fuzzy";
import { normaliseForBanned } from "./normalise";

/** Entra's rule: a password needs at least this many points to be accepted. */
export const BANNED_MIN_SCORE = 5;

/**
 * A fuzzy match must cover at least this many characters. Without it a 4-letter term at edit
 * distance 1 would match every 3-letter fragment ("love" in "glove", "over", "cove"…), and most
 * passphrases would lose points for ordinary words.
 */
export const MIN_FUZZY_SPAN = 4;

export interface BannedMatch {
  /** The banned term, normalised. */
  term: string;
  /** Where it was found in the normalised password, end exclusive. */
  start: number;
  end: number;
}

export interface BannedScore {
  /** One point per banned term found, plus one per character outside them. */
  score: number;
  /** The matches that gave the lowest score, left to right. */
  matches: BannedMatch[];
  accepted: boolean;
}

/**
 * Normalises a list of banned terms once, so a list can be reused across keystrokes. Terms that
 * normalise to fewer than 4 characters are dropped: they would match almost anything.
 *
 * @example
 * const terms = prepareBannedTerms(["Contoso", "p@ssword"]); // ["contoso", "password"]
 */
export function prepareBannedTerms(terms: Iterable<string>): string[] {
  const prepared = new Set<string>();
  for (const term of terms) {
    const normal = normaliseForBanned(term.trim());
    if ([...normal].length >= MIN_FUZZY_SPAN) prepared.add(normal);
  }
  return [...prepared];
}

/** Every place in `text` (code points) where `term` occurs exactly or one edit away. */
function findMatches(text: readonly string[], term: string, out: BannedMatch[]): void {
  const termChars = [...term];
  const lengths = [termChars.length - 1, termChars.length, termChars.length + 1].filter((n) => n >= MIN_FUZZY_SPAN);
  const [t0, t1] = termChars;
  for (let start = 0; start < text.length; start++) {
    // One edit can touch only one of the first two characters, so one of these must line up;
    // this skips almost every position without building a slice.
    const s0 = text[start];
    const s1 = text[start + 1];
    if (s0 !== t0 && s1 !== t1 && s1 !== t0 && s0 !== t1) continue;
    for (const length of lengths) {
      if (start + length > text.length) continue;
      // A character added at either end is no misspelling: it is the exact term plus one
      // character, which the scoring already counts as one more point.
      const longer = length > termChars.length;
      if (longer && (text[start] !== t0 || text[start + length - 1] !== termChars.at(-1))) continue;
      if (withinOneEdit(text.slice(start, start + length), termChars)) out.push({ term, start, end: start + length });
    }
  }
}

/**
 * Scores a password against banned terms the way Entra Password Protection does: normalise it,
 * find every banned term in it (exactly, or one edit away), then count one point for each term
 * found and one for each remaining character. Overlapping matches are resolved to the reading
 * that gives the *lowest* score, so a password cannot slip through on a lucky choice.
 *
 * Positions in the result count code points of the normalised password.
 *
 * @param terms already prepared with `prepareBannedTerms`
 * @example
 * scoreAgainstBanned("C0ntos0Blank12", prepareBannedTerms(["contoso", "blank"])).score // 4
 */
export function scoreAgainstBanned(password: string, terms: readonly string[]): BannedScore {
  const text = [...normaliseForBanned(password)];
  const matches: BannedMatch[] = [];
  for (const term of terms) findMatches(text, term, matches);

  // best[i]: lowest score of text[0..i); a character alone costs 1, a match of any length costs 1.
  const best = new Array<number>(text.length + 1).fill(Number.POSITIVE_INFINITY);
  const via = new Array<BannedMatch | null>(text.length + 1).fill(null);
  best[0] = 0;
  const byStart = new Map<number, BannedMatch[]>();
  for (const match of matches) byStart.set(match.start, [...(byStart.get(match.start) ?? []), match]);
  for (let i = 0; i < text.length; i++) {
    const here = best[i]!;
    if (here + 1 < best[i + 1]!) {
      best[i + 1] = here + 1;
      via[i + 1] = null;
    }
    for (const match of byStart.get(i) ?? []) {
      if (here + 1 < best[match.end]!) {
        best[match.end] = here + 1;
        via[match.end] = match;
      }
    }
  }

  const used: BannedMatch[] = [];
  for (let i = text.length; i > 0; ) {
    const match = via[i];
    if (match) {
      used.unshift(match);
      i = match.start;
    } else i--;
  }
  const score = best[text.length]!;
  return { score, matches: used, accepted: score >= BANNED_MIN_SCORE };
}

/**
 * The banned terms a tenant's name contributes: the whole name without spaces and each word of
 * 4 or more characters, so "Contoso Pharma" bans "contosopharma", "contoso" and "pharma".
 *
 * @example
 * tenantNameTerms("Contoso Pharma") // ["contosopharma", "contoso", "pharma"]
 */
export function tenantNameTerms(names: string | readonly string[]): string[] {
  const terms: string[] = [];
  for (const name of typeof names === "string" ? [names] : names) {
    const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    terms.push(words.join(""), ...words);
  }
  return prepareBannedTerms(terms);
}
