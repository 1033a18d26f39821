import { z } from "zod";
import { getCountries, type CountryCode } from "libphonenumber-js/min";

/**
 * Shared building blocks of the admin API's schemas. The admin API is used by partner backends
 * and the console, never by the widget, so these use full zod; widget-facing schemas use zod/mini.
 */

/** Tenant ids appear in URLs and in API keys, so they are short lowercase slugs without `_`. */
export const TenantId = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/, "3–40 lowercase letters, digits or hyphens");

/** Ids Sesame generates: a short prefix and 20 url-safe characters. */
export const ResourceId = z.string().regex(/^[a-z]{1,4}_[A-Za-z0-9_-]{8,40}$/, "not a Sesame id");

const countryCodes = new Set<string>(getCountries());
export const CountryCodeSchema = z
  .string()
  .transform((value) => value.toUpperCase())
  .refine((value) => countryCodes.has(value), "not an ISO 3166-1 alpha-2 country code")
  .transform((value) => value as CountryCode);

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * A web origin a tenant embeds the widget on: scheme, host and port only. Plain http is allowed
 * for loopback hosts so partners can develop locally.
 */
export const OriginSchema = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: "custom", message: "not a URL" });
    return;
  }
  const secure = url.protocol === "https:" || (url.protocol === "http:" && loopbackHosts.has(url.hostname));
  if (!secure) ctx.addIssue({ code: "custom", message: "use https (http only for localhost)" });
  if (url.origin !== value) ctx.addIssue({ code: "custom", message: "an origin has no path, query or trailing slash" });
});

export const HttpsUrlSchema = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || (url.protocol === "http:" && loopbackHosts.has(url.hostname));
    } catch {
      return false;
    }
  }, "use an https URL");

export const EmailSchema = z.email().max(254);

/** Graph-style paging: `$top` and an opaque `$skiptoken`. */
export const PageQuery = z.strictObject({
  $top: z.coerce.number().int().min(1).max(100).default(25),
  $skiptoken: z.string().max(200).optional(),
});

export interface Page<T> {
  value: T[];
  /** Present when more results exist: pass it back as `$skiptoken`. */
  skipToken?: string;
}
