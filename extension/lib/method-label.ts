import { t, type Key } from "./i18n/i18n";

const typeNames: Record<string, Key> = {
  phone: "method.phone",
  email: "method.email",
  authenticatorApp: "method.authenticatorApp",
  securityQuestions: "method.securityQuestions",
  extension: "method.extension",
};
const phoneNames: Record<string, Key> = { mobile: "method.mobile", alternateMobile: "method.alternateMobile", office: "method.office" };

/**
 * "Mobile phone +1 ••• ••• ••12", "Email a•••@contoso.example", "Authenticator app": a
 * registered method as the popup lists it, with the masked hint the server gave. A type this
 * version does not know is shown as the server named it.
 */
export function methodLabel(method: { type: string; phoneType?: string | undefined; hint?: string | null | undefined }): string {
  const key = (method.type === "phone" && method.phoneType ? phoneNames[method.phoneType] : undefined) ?? typeNames[method.type];
  const name = key ? t(key) : method.type;
  return method.hint ? `${name} ${method.hint}` : name;
}
