import { z } from "zod";

/**
 * Spike alerts: an hour whose count of something is far above the hours before it. Resets (a
 * phishing campaign pushing users to "reset" on a fake page?), failed verifications (brute
 * force?), codes sent to one country (SMS pumping?).
 */
export const AlertKinds = ["reset_spike", "verification_failure_spike", "country_send_spike"] as const;
export const AlertKindSchema = z.enum(AlertKinds);
export type AlertKind = (typeof AlertKinds)[number];

export interface Alert {
  id: string;
  kind: AlertKind;
  /** For a country spike, the ISO country; else null. */
  country: string | null;
  /** The hour the spike happened in (its start). */
  hour: string;
  /** What was counted in that hour when the alert fired (in the part of the log that saw it). */
  count: number;
  /** The mean per hour over the hours before. */
  baseline: number;
  raisedAt: string;
  acknowledgedAt: string | null;
}

export const AlertsQuerySchema = z.strictObject({
  $top: z.coerce.number().int().min(1).max(100).default(25),
});
