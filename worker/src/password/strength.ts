import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as zxcvbnCommon from "@zxcvbn-ts/language-common";
import * as zxcvbnEnglish from "@zxcvbn-ts/language-en";

export interface StrengthEstimate {
  /** zxcvbn's 0–4: 0 too guessable … 4 very unguessable. */
  score: number;
  /** zxcvbn's feedback as translation keys (e.g. "similarToCommon"), never as English text. */
  warning: string | null;
  suggestions: string[];
}

// Building the ranked dictionaries takes a moment, so it happens once per isolate, on first use.
let factory: ZxcvbnFactory | undefined;

function zxcvbn(): ZxcvbnFactory {
  // No `translations`: zxcvbn-ts then answers with its keys, which clients translate.
  factory ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEnglish.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
  });
  return factory;
}

/**
 * How guessable a password is, by zxcvbn-ts with its common and English dictionaries. The user's
 * and tenant's names go in as `userInputs`, so a password built on them scores low.
 *
 * @example
 * estimateStrength("Summer2024!", ["alice"]).score // 2
 */
export function estimateStrength(password: string, userInputs: readonly string[] = []): StrengthEstimate {
  const result = zxcvbn().check(password, [...userInputs]);
  return { score: result.score, warning: result.feedback.warning, suggestions: result.feedback.suggestions };
}
