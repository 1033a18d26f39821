import { z } from "zod";
import { hashPassword, verifyPasswordHash } from "../../password/hash";

/**
 * Security-question answers are stored like passwords (Argon2id), since they are guessable
 * secrets; they are normalised first so "Paris", " paris " and "PARIS" are the same answer.
 */
const StoredAnswers = z.strictObject({ v: z.literal(1), answers: z.record(z.string(), z.string()) });

export function normaliseAnswer(answer: string): string {
  return answer.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");
}

/** The method secret for a user's answers, keyed by question id. */
export function hashAnswers(answers: Record<string, string>): string {
  const hashed = Object.fromEntries(Object.entries(answers).map(([id, answer]) => [id, hashPassword(normaliseAnswer(answer))]));
  return JSON.stringify({ v: 1, answers: hashed });
}

function stored(secret: string): Record<string, string> {
  const parsed = StoredAnswers.safeParse(JSON.parse(secret));
  return parsed.success ? parsed.data.answers : {};
}

/** `count` of the registered questions, drawn at random afresh on every call. */
export function drawQuestions(secret: string, count: number): { id: string; text: string }[] {
  const ids = Object.keys(stored(secret));
  for (let i = ids.length - 1; i > 0; i--) {
    const j = crypto.getRandomValues(new Uint32Array(1))[0]! % (i + 1);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids.slice(0, count).map((id) => ({ id, text: id }));
}

/** True when every answer given matches; every answer is checked, so timing says nothing of which failed. */
export async function checkAnswers(secret: string, answers: { id: string; answer: string }[]): Promise<boolean> {
  const hashes = stored(secret);
  let all = answers.length > 0;
  for (const { id, answer } of answers) {
    const hash = hashes[id];
    const match = hash ? verifyPasswordHash(hash, normaliseAnswer(answer)) : false;
    all &&= match;
  }
  return all;
}
