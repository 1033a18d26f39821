/**
 * Whether `a` and `b` are at most one edit apart (one character inserted, deleted or replaced).
 * Takes strings or arrays of code points (so an emoji counts as one character). Linear time
 * with an early exit, because it runs for every banned term at every position of the
 * password while the user types.
 *
 * @example
 * withinOneEdit("password", "passw0rd") // true
 * withinOneEdit("password", "pasword")  // true
 * withinOneEdit("password", "pssword1") // false
 */
export function withinOneEdit(a: ArrayLike<string>, b: ArrayLike<string>): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < short.length && j < long.length) {
    if (short[i] === long[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (short.length === long.length) i++;
    j++;
  }
  return edits + (long.length - j) + (short.length - i) <= 1;
}
