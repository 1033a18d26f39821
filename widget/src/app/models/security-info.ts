import { action, computed, createModel, signal } from "@preact/signals";
import type { FlowModel } from "./flow";

export type Adding = "phone" | "email" | "questions" | null;
type PhoneType = "mobile" | "alternateMobile" | "office";

/**
 * Adding to "My security info": a phone (the code by text or by call; an office phone only
 * takes calls), an email address (each then verified by a code, in verify_code), or security
 * questions (as many as the policy asks, each a different question). The server checks every
 * value again; this model only catches empty fields and a question chosen twice.
 */
export const SecurityInfoModel = createModel((flow: FlowModel) => {
  const adding = signal<Adding>(null);
  const phoneNumber = signal("");
  const phoneType = signal<PhoneType>("mobile");
  const channel = signal<"sms" | "voice">("sms");
  const emailAddress = signal("");
  const picks = signal<string[]>([]);
  const answers = signal<string[]>([]);
  const problem = signal<"required" | "distinct" | null>(null);
  const info = computed(() => flow.flow.value?.ui.securityInfo);
  const count = computed(() => info.value?.questionsToRegister ?? 0);

  const open = action((what: Adding) => {
    adding.value = what;
    problem.value = null;
    flow.clearError();
    if (what === "questions") {
      const pool = info.value?.questions ?? [];
      picks.value = pool.slice(0, count.value).map((question) => question.id);
      answers.value = picks.value.map(() => "");
    }
  });
  const edit = <T>(target: { value: T }) =>
    action((value: T) => {
      target.value = value;
      problem.value = null;
      flow.clearError();
    });
  const setType = action((type: PhoneType) => {
    phoneType.value = type;
    if (type === "office") channel.value = "voice";
  });
  const setAt = (target: { value: string[] }) =>
    action((index: number, value: string) => {
      target.value = target.value.map((old, i) => (i === index ? value : old));
      problem.value = null;
      flow.clearError();
    });

  const done = (accepted: boolean) => {
    if (accepted) adding.value = null;
    return accepted;
  };

  const submit = action(async () => {
    if (adding.value === "phone") {
      const number = phoneNumber.value.trim();
      if (!number) return ((problem.value = "required"), false);
      return done(await flow.submit({ action: "add_phone", phoneNumber: number, phoneType: phoneType.value, channel: phoneType.value === "office" ? "voice" : channel.value }));
    }
    if (adding.value === "email") {
      const address = emailAddress.value.trim();
      if (!address) return ((problem.value = "required"), false);
      return done(await flow.submit({ action: "add_email", emailAddress: address }));
    }
    if (adding.value === "questions") {
      if (answers.value.some((answer) => !answer.trim())) return ((problem.value = "required"), false);
      if (new Set(picks.value).size !== picks.value.length) return ((problem.value = "distinct"), false);
      return done(await flow.submit({ action: "set_questions", answers: picks.value.map((id, i) => ({ id, answer: answers.value[i]!.trim() })) }));
    }
    return false;
  });

  const reconfirm = action(async () => flow.submit({ action: "reconfirm" }));

  return {
    adding,
    phoneNumber,
    phoneType,
    channel,
    emailAddress,
    picks,
    answers,
    problem,
    count,
    open,
    inputPhone: edit(phoneNumber),
    inputEmail: edit(emailAddress),
    setChannel: edit(channel),
    setType,
    pick: setAt(picks),
    answer: setAt(answers),
    submit,
    reconfirm,
  };
});
export type SecurityInfoModel = InstanceType<typeof SecurityInfoModel>;
