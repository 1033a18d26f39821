import type { Device } from "#contract/device";

/** Where a request came from; the route reads it, flows only pass it on. */
export interface RequestMeta {
  ip: string | null;
  country: string | null;
  /** "Chrome on Windows", from the User-Agent (audit/device.ts); what alerts show the user. */
  device: Device | null;
  requestId: string | null;
  /** The page the widget runs on, for the SMS's WebOTP line. */
  origin: string | null;
  locale: string;
  /**
   * This worker's own origin, the `iss` of the tokens it signs: SESAME_ISSUER when set (pin it
   * in production), else the origin the request reached.
   */
  issuer: string;
}
