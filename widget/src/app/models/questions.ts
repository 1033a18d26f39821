import { action, computed, createModel, signal } from "@preact/signals";
import type { FlowModel } from "./flow";

/**
 * Answering security questions. The server draws the questions and redraws them after a wrong
 * answer, so the answers are keyed by question id and forgotten when the questions change.
 */
export const QuestionsModel = createModel((flow: FlowModel) => {
  const questions = computed(() => flow.flow.value?.ui.questions ?? []);
  const answers = signal<Record<string, string>>({});
  const missing = signal<string[]>([]);

  const answer = action((id: string, text: string) => {
    answers.value = { ...answers.value, [id]: text };
    missing.value = missing.value.filter((other) => other !== id);
    flow.clearError();
  });

  const submit = action(async () => {
    const asked = questions.value;
    const empty = asked.filter((question) => !(answers.value[question.id] ?? "").trim()).map((question) => question.id);
    if (empty.length) {
      missing.value = empty;
      return false;
    }
    const accepted = await flow.submit({ answers: asked.map(({ id }) => ({ id, answer: answers.value[id]!.trim() })) });
    if (!accepted) answers.value = {};
    return accepted;
  });

  return { questions, answers, missing, answer, submit };
});
export type QuestionsModel = InstanceType<typeof QuestionsModel>;
