import type { DeliveryChannel } from "#contract/admin/providers";
import { SMS_SEGMENT_SEPTETS } from "../../limits";
import { catalog, pickLocale, type Locale, type TemplateParams } from "./catalog";
import { segments, septets, toGsm7 } from "./gsm7";

export interface CodeMessageInput {
  channel: DeliveryChannel;
  /** A supported locale or any BCP 47 tag / Accept-Language value; falls back to English. */
  locale: string;
  tenantName: string;
  code: string;
  ttlSeconds: number;
  /** The origin the widget runs on; SMS binds the code to its host (WebOTP). Required for SMS. */
  origin?: string;
}

export interface RenderedMessage {
  locale: Locale;
  text: string;
  subject?: string;
  html?: string;
  voiceLanguage?: string;
  /** SMS only: how many segments the text takes. */
  segments?: number;
}

const CODE_MARK = "\u0000";

/** Tenant names shorter than this are never cut to fit an SMS. */
const MIN_TENANT_CHARS = 8;

const escapeHtml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * The host of the origin, as WebOTP wants it after "@": no scheme, no port. IDN hosts are
 * already punycode in a URL, so the result is plain ASCII.
 */
export function webOtpHost(origin: string): string {
  const host = new URL(origin).hostname;
  if (!/^[a-z0-9.-]+$|^\[[0-9a-f:]+\]$/i.test(host)) throw new Error("origin has no host usable for WebOTP");
  return host;
}

/** Cuts a name to at most `length` characters, at a word boundary when one is not too early. */
function shorten(name: string, length: number): string {
  const cut = name.slice(0, length);
  const space = cut.lastIndexOf(" ");
  const words = name[length] === " " ? cut : space >= MIN_TENANT_CHARS ? cut.slice(0, space) : cut;
  return words.replace(/[\s,;:-]+$/, "");
}

/**
 * The SMS: the locale's sentence, GSM-7, and last the origin-bound line `@host #code` that lets
 * browsers offer the code to that origin only. A long tenant name is cut (at a word where it can)
 * until the whole fits one segment; if even a short name does not fit (a very long host), the
 * message takes more segments rather than lose its WebOTP line.
 */
function renderSms(locale: Locale, params: TemplateParams, origin: string): RenderedMessage {
  const webOtp = `@${webOtpHost(origin)} #${params.code}`;
  const compose = (tenant: string) => `${toGsm7(catalog[locale].sms({ ...params, tenant }))}\n\n${webOtp}`;
  let tenant = toGsm7(params.tenant);
  let text = compose(tenant);
  const over = septets(text) - SMS_SEGMENT_SEPTETS;
  if (over > 0 && tenant.length > MIN_TENANT_CHARS) {
    tenant = shorten(tenant, Math.max(MIN_TENANT_CHARS, tenant.length - over));
    text = compose(tenant);
  }
  return { locale, text, segments: segments(text) };
}

/**
 * The code message for one channel in the user's language, with the tenant's name in it.
 *
 * @example
 * renderCodeMessage({ channel: "sms", locale: "fr", tenantName: "Contoso", code: "123456",
 *   ttlSeconds: 300, origin: "https://login.contoso.com" }).text
 * // "123456 est votre code de vérification Contoso. Il expire dans 5 minutes. Ne le partagez pas.\n\n@login.contoso.com #123456"
 */
export function renderCodeMessage(input: CodeMessageInput): RenderedMessage {
  const locale = pickLocale(input.locale);
  const templates = catalog[locale];
  // A name is one line of plain words: no line breaks that could fake the WebOTP line.
  const tenant = input.tenantName.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim();
  const params: TemplateParams = {
    tenant,
    code: input.code,
    spoken: [...input.code].join(", "),
    minutes: Math.max(1, Math.round(input.ttlSeconds / 60)),
  };
  switch (input.channel) {
    case "sms":
      if (!input.origin) throw new Error("an SMS code needs the widget's origin for its WebOTP line");
      return renderSms(locale, params, input.origin);
    case "voice":
      return { locale, text: templates.voice(params), voiceLanguage: templates.voiceLanguage };
    case "email": {
      const [first, second] = templates.emailBody(params);
      // The code's place is marked before escaping, so a tenant name with digits cannot take it.
      const [marked] = templates.emailBody({ ...params, code: CODE_MARK });
      const codeHtml = `<strong style="font-size:24px;letter-spacing:4px">${escapeHtml(params.code)}</strong>`;
      const html =
        `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif">` +
        `<p>${escapeHtml(marked).replace(CODE_MARK, codeHtml)}</p><p>${escapeHtml(second)}</p></body></html>`;
      return { locale, subject: templates.emailSubject(params), text: `${first}\n\n${second}\n`, html };
    }
  }
}
