import * as z from "zod/mini";

/**
 * Messages from the popup and options pages to the background, parsed there like any other
 * boundary (DESIGN.md: zod at every boundary, extension messages included).
 */
export const BackgroundRequest = z.discriminatedUnion("type", [
  /** An account was just paired: connect it. */
  z.strictObject({ type: z.literal("paired"), accountId: z.string() }),
  z.strictObject({ type: z.literal("report"), accountId: z.string(), alertId: z.string() }),
  z.strictObject({ type: z.literal("decide"), accountId: z.string(), approvalId: z.string(), decision: z.enum(["approve", "deny"]), number: z.optional(z.string().check(z.regex(/^\d{2}$/))) }),
  z.strictObject({ type: z.literal("forget"), accountId: z.string() }),
  z.strictObject({ type: z.literal("seen") }),
  z.strictObject({ type: z.literal("status") }),
]);
export type BackgroundRequest = z.infer<typeof BackgroundRequest>;

export type BackgroundAnswer = { ok: true; value?: unknown } | { ok: false; code: string };
