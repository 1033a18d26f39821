import * as z from "zod/mini";
import { EmbedFlows } from "./options";

/**
 * The widget's real-user performance report (`POST /v1/vitals?tenant=`): numbers only. LOAD is
 * the time from sesame.js starting to the first step being interactive; INP and CLS are the
 * page's, with `widget` telling whether the worst interaction or shift was inside the widget.
 * No URL, selector, user agent or identifier: nothing here can point at a person.
 */
export const VitalNames = ["LOAD", "INP", "CLS"] as const;

export const VitalsReportSchema = z.strictObject({
  flow: z.enum(EmbedFlows),
  metrics: z
    .array(
      z.strictObject({
        name: z.enum(VitalNames),
        // Milliseconds for LOAD and INP (capped at 10 minutes), unitless for CLS.
        value: z.number().check(z.gte(0), z.lte(600_000)),
        rating: z.optional(z.enum(["good", "needs-improvement", "poor"])),
        widget: z.optional(z.boolean()),
      }),
    )
    .check(z.minLength(1), z.maxLength(VitalNames.length)),
});
export type VitalsReport = z.output<typeof VitalsReportSchema>;
