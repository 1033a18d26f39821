/**
 * The predefined security questions, as Entra offers them (a tenant may add up to 20 of its own).
 * Ids are stable: answers are stored against them.
 */
export const predefinedQuestions = {
  "q-city-born": "In what city were you born?",
  "q-first-pet": "What was the name of your first pet?",
  "q-first-school": "What was the name of your first school?",
  "q-childhood-friend": "What was the first name of your childhood best friend?",
  "q-first-car": "What was the make and model of your first car?",
  "q-parents-met": "In what city did your parents meet?",
  "q-first-job": "What was the name of the company of your first job?",
  "q-grandmother-name": "What was your maternal grandmother's first name?",
  "q-first-concert": "What was the first concert you attended?",
  "q-street-grew-up": "On what street did you grow up?",
  "q-favorite-teacher": "What was the last name of your favourite teacher?",
  "q-first-phone": "What was the model of your first mobile phone?",
} as const satisfies Record<string, string>;

export type PredefinedQuestionId = keyof typeof predefinedQuestions;

/** The text of a question: a predefined one, else one of the tenant's own, else its id. */
export function questionText(id: string, custom: readonly { id: string; text: string }[] = []): string {
  return (predefinedQuestions as Record<string, string>)[id] ?? custom.find((q) => q.id === id)?.text ?? id;
}

/** Answers are 3 to 40 characters, as Entra's are. */
export const SECURITY_ANSWER_MIN = 3;
export const SECURITY_ANSWER_MAX = 40;

/** How many questions of its own a tenant may add to the predefined ones (Entra: 20). */
export const TENANT_QUESTIONS_MAX = 20;
