/**
 * The words of every code message, per locale. Templates are written as a native speaker
 * would write them, accents included; SMS rendering makes them GSM-7 (render.ts), email and
 * voice keep them. `spoken` is the code as digits separated for a voice to read one by one.
 */
export const LOCALES = ["en", "es", "pt", "fr", "de"] as const;
export type Locale = (typeof LOCALES)[number];

export interface TemplateParams {
  tenant: string;
  code: string;
  spoken: string;
  minutes: number;
}

export interface Templates {
  sms(p: TemplateParams): string;
  /** Reads the code twice, so a listener who missed a digit hears it again. */
  voice(p: TemplateParams): string;
  emailSubject(p: TemplateParams): string;
  /** Paragraphs of the email; the first holds the code. */
  emailBody(p: TemplateParams): [string, string];
  /** The language a voice call speaks in (Twilio's `language`). */
  voiceLanguage: string;
}

export const catalog: Record<Locale, Templates> = {
  en: {
    sms: (p) => `${p.code} is your ${p.tenant} verification code. It expires in ${p.minutes} minutes. Don't share it.`,
    voice: (p) => `Hello. Your ${p.tenant} verification code is ${p.spoken}. Again, your code is ${p.spoken}.`,
    emailSubject: (p) => `Your ${p.tenant} verification code`,
    emailBody: (p) => [
      `Your ${p.tenant} verification code is ${p.code}.`,
      `It expires in ${p.minutes} minutes. If you did not ask for it, ignore this email; someone may have typed your address by mistake.`,
    ],
    voiceLanguage: "en-US",
  },
  es: {
    sms: (p) => `${p.code} es tu código de verificación de ${p.tenant}. Caduca en ${p.minutes} minutos. No lo compartas.`,
    voice: (p) => `Hola. Tu código de verificación de ${p.tenant} es ${p.spoken}. Repito, tu código es ${p.spoken}.`,
    emailSubject: (p) => `Tu código de verificación de ${p.tenant}`,
    emailBody: (p) => [
      `Tu código de verificación de ${p.tenant} es ${p.code}.`,
      `Caduca en ${p.minutes} minutos. Si no lo has pedido, ignora este correo; puede que alguien haya escrito tu dirección por error.`,
    ],
    voiceLanguage: "es-ES",
  },
  pt: {
    sms: (p) => `${p.code} é o seu código de verificação ${p.tenant}. Expira em ${p.minutes} minutos. Não o compartilhe.`,
    voice: (p) => `Olá. O seu código de verificação ${p.tenant} é ${p.spoken}. Repetindo, o seu código é ${p.spoken}.`,
    emailSubject: (p) => `Seu código de verificação ${p.tenant}`,
    emailBody: (p) => [
      `O seu código de verificação ${p.tenant} é ${p.code}.`,
      `Ele expira em ${p.minutes} minutos. Se você não o pediu, ignore este e-mail; alguém pode ter digitado seu endereço por engano.`,
    ],
    voiceLanguage: "pt-BR",
  },
  fr: {
    sms: (p) => `${p.code} est votre code de vérification ${p.tenant}. Il expire dans ${p.minutes} minutes. Ne le partagez pas.`,
    voice: (p) => `Bonjour. Votre code de vérification ${p.tenant} est ${p.spoken}. Je répète, votre code est ${p.spoken}.`,
    emailSubject: (p) => `Votre code de vérification ${p.tenant}`,
    emailBody: (p) => [
      `Votre code de vérification ${p.tenant} est ${p.code}.`,
      `Il expire dans ${p.minutes} minutes. Si vous ne l'avez pas demandé, ignorez cet e-mail ; quelqu'un a peut-être saisi votre adresse par erreur.`,
    ],
    voiceLanguage: "fr-FR",
  },
  de: {
    sms: (p) => `${p.code} ist Ihr Bestätigungscode für ${p.tenant}. Er läuft in ${p.minutes} Minuten ab. Nicht weitergeben.`,
    voice: (p) => `Hallo. Ihr Bestätigungscode für ${p.tenant} lautet ${p.spoken}. Ich wiederhole: ${p.spoken}.`,
    emailSubject: (p) => `Ihr Bestätigungscode für ${p.tenant}`,
    emailBody: (p) => [
      `Ihr Bestätigungscode für ${p.tenant} lautet ${p.code}.`,
      `Er läuft in ${p.minutes} Minuten ab. Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese E-Mail; vielleicht hat jemand Ihre Adresse vertippt.`,
    ],
    voiceLanguage: "de-DE",
  },
};

/**
 * The best supported locale for a BCP 47 tag or an Accept-Language header; English otherwise.
 *
 * @example
 * pickLocale("pt-BR") // "pt"
 * pickLocale("nl-NL,fr;q=0.8,en;q=0.5") // "fr"
 */
export function pickLocale(preference: string | null | undefined): Locale {
  const ranked = (preference ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.trim().slice(2) ?? "1");
      return { language: tag.trim().toLowerCase().split("-")[0]!, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const match = ranked.find((entry) => (LOCALES as readonly string[]).includes(entry.language));
  return (match?.language as Locale | undefined) ?? "en";
}
