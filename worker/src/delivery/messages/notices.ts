import { pickLocale, type Locale } from "./catalog";
import { toGsm7 } from "./gsm7";

/**
 * Security notices: sent to every registered address after a password is reset or an account
 * is unlocked, and to the user's other addresses when their security info changes (NIST treats
 * a new phone as binding a new authenticator), so a user whose account was taken over hears of
 * it wherever they still can.
 */
export type NoticeKind = "reset" | "unlock" | "adminReset" | "method_added" | "method_removed" | "alert" | "fraudReported";

const texts: Record<Locale, Record<NoticeKind, (tenant: string, user: string) => string>> = {
  en: {
    fraudReported: (t, u) => `${t}: ${u} reported activity on their account as not theirs. Their sessions were ended and self-service reset is blocked until cleared.`,
    alert: (t, u) => `${t}: Sesame detected an unusual spike (${u}). Check the alerts in the admin console.`,
    adminReset: (t, u) => `${t}: the password of administrator ${u} was just reset through self-service.`,
    reset: (t) => `${t}: your password was just reset. If this wasn't you, contact your helpdesk now.`,
    unlock: (t) => `${t}: your account was just unlocked. If this wasn't you, contact your helpdesk now.`,
    method_added: (t) => `${t}: a sign-in method was added to your security info. If this wasn't you, contact your helpdesk now.`,
    method_removed: (t) => `${t}: a sign-in method was removed from your security info. If this wasn't you, contact your helpdesk now.`,
  },
  es: {
    alert: (t, u) => `${t}: Sesame detecto un pico inusual (${u}). Revisa las alertas en la consola de administracion.`,
    fraudReported: (t, u) => `${t}: ${u} indico que una actividad en su cuenta no fue suya. Se cerraron sus sesiones y el restablecimiento queda bloqueado.`,
    adminReset: (t, u) => `${t}: se acaba de restablecer la contrasena del administrador ${u}.`,
    reset: (t) => `${t}: se acaba de restablecer tu contrasena. Si no fuiste tu, contacta con soporte ya.`,
    unlock: (t) => `${t}: se acaba de desbloquear tu cuenta. Si no fuiste tu, contacta con soporte ya.`,
    method_added: (t) => `${t}: se anadio un metodo de inicio de sesion a tu cuenta. Si no fuiste tu, contacta con soporte ya.`,
    method_removed: (t) => `${t}: se quito un metodo de inicio de sesion de tu cuenta. Si no fuiste tu, contacta con soporte ya.`,
  },
  pt: {
    alert: (t, u) => `${t}: o Sesame detectou um pico incomum (${u}). Veja os alertas no console de administracao.`,
    fraudReported: (t, u) => `${t}: ${u} informou uma atividade na conta que nao foi sua. As sessoes foram encerradas e a redefinicao esta bloqueada.`,
    adminReset: (t, u) => `${t}: a senha do administrador ${u} acabou de ser redefinida.`,
    reset: (t) => `${t}: sua senha acabou de ser redefinida. Se nao foi voce, contate o suporte agora.`,
    unlock: (t) => `${t}: sua conta acabou de ser desbloqueada. Se nao foi voce, contate o suporte agora.`,
    method_added: (t) => `${t}: um metodo de entrada foi adicionado a sua conta. Se nao foi voce, contate o suporte agora.`,
    method_removed: (t) => `${t}: um metodo de entrada foi removido da sua conta. Se nao foi voce, contate o suporte agora.`,
  },
  fr: {
    alert: (t, u) => `${t} : Sesame a detecte un pic inhabituel (${u}). Consultez les alertes dans la console d'administration.`,
    fraudReported: (t, u) => `${t} : ${u} a signale une activite sur son compte qui n'etait pas la sienne. Ses sessions sont fermees et la reinitialisation est bloquee.`,
    adminReset: (t, u) => `${t} : le mot de passe de l'administrateur ${u} vient d'etre reinitialise.`,
    reset: (t) => `${t} : votre mot de passe vient d'etre reinitialise. Si ce n'est pas vous, contactez le support.`,
    unlock: (t) => `${t} : votre compte vient d'etre deverrouille. Si ce n'est pas vous, contactez le support.`,
    method_added: (t) => `${t} : une methode de connexion a ete ajoutee a votre compte. Si ce n'est pas vous, contactez le support.`,
    method_removed: (t) => `${t} : une methode de connexion a ete retiree de votre compte. Si ce n'est pas vous, contactez le support.`,
  },
  de: {
    alert: (t, u) => `${t}: Sesame hat einen ungewohnlichen Anstieg erkannt (${u}). Siehe die Warnungen in der Admin-Konsole.`,
    fraudReported: (t, u) => `${t}: ${u} hat eine Aktivitat im Konto als nicht eigene gemeldet. Sitzungen wurden beendet, das Zurucksetzen ist gesperrt.`,
    adminReset: (t, u) => `${t}: Das Passwort des Administrators ${u} wurde soeben zuruckgesetzt.`,
    reset: (t) => `${t}: Ihr Passwort wurde soeben zuruckgesetzt. Falls nicht Sie, wenden Sie sich sofort an den Support.`,
    unlock: (t) => `${t}: Ihr Konto wurde soeben entsperrt. Falls nicht Sie, wenden Sie sich sofort an den Support.`,
    method_added: (t) => `${t}: Ihrem Konto wurde eine Anmeldemethode hinzugefugt. Falls nicht Sie, wenden Sie sich an den Support.`,
    method_removed: (t) => `${t}: Von Ihrem Konto wurde eine Anmeldemethode entfernt. Falls nicht Sie, wenden Sie sich an den Support.`,
  },
};

const subjects: Record<NoticeKind, string> = {
  reset: "Your password was reset",
  unlock: "Your account was unlocked",
  adminReset: "An administrator's password was reset",
  method_added: "A sign-in method was added",
  method_removed: "A sign-in method was removed",
  alert: "Unusual activity alert",
  fraudReported: "A user reported activity that wasn't theirs",
};

/**
 * @example
 * renderNotice({ kind: "reset", channel: "sms", locale: "fr", tenantName: "Contoso" }).text
 */
export function renderNotice(input: { kind: NoticeKind; channel: "sms" | "email"; locale: string; tenantName: string; userName?: string }) {
  const locale = pickLocale(input.locale);
  const text = texts[locale][input.kind](input.tenantName, input.userName ?? "");
  if (input.channel === "sms") return { locale, text: toGsm7(text) };
  return { locale, text, subject: `${input.tenantName}: ${subjects[input.kind]}` };
}
