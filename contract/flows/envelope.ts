import * as z from "zod/mini";

/**
 * The flow is the resource (as in Ory Kratos): `POST /v1/flows/:type?tenant=…` creates one,
 * `GET /v1/flows/:id` fetches it, `POST /v1/flows/:id` submits its current step. Every answer is
 * the whole envelope below, and the widget renders from `state` alone; it never guesses the
 * next step. This module is imported by the widget, hence zod/mini.
 */
export const FlowTypes = ["reset", "unlock", "sms_signin", "signin", "security_info"] as const;
export type FlowType = (typeof FlowTypes)[number];
export const FlowTypeSchema = z.enum(FlowTypes);

/** Flow ids carry their tenant, so CORS can be decided from the URL alone (preflights have no body). */
export const FlowIdSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]\.[A-Za-z0-9_-]{24}$/));
export const tenantOfFlowId = (id: string): string => id.slice(0, id.indexOf("."));

/** How a user proves it is them. */
export const MethodKinds = ["sms", "voice", "email", "totp", "questions", "extension"] as const;
export type MethodKind = (typeof MethodKinds)[number];

export interface MethodChoice {
  /** Opaque within the flow; send it back to choose this method. */
  id: string;
  kind: MethodKind;
  /** The masked destination, e.g. `••• ••• ••12`, or null where there is none (TOTP, questions). */
  hint: string | null;
  /** The user must type this in full before anything is sent (Entra's rule for phones and emails). */
  confirm: "phone" | "email" | null;
}

export interface FlowMessage {
  /** Stable numeric id (see messages.ts); translate by id or key, never by text. */
  id: number;
  key: string;
  type: "info" | "error";
  text: string;
}

/** What a step needs to render, beside its state. */
export interface FlowUi {
  captcha?: { provider: "none" | "altcha" | "turnstile"; challenge?: unknown };
  code?: {
    channel: "sms" | "voice" | "email" | "totp";
    length: number;
    /** When a resend may be asked for; null when it cannot (TOTP, or no sends left). */
    resendAvailableAt: string | null;
    attemptsLeft?: number;
  };
  questions?: { id: string; text: string }[];
  password?: { minLength: number; maxLength: number; requiredCharacterClasses: number };
  helpdesk?: { text: string; link?: string; email?: string };
  /** Verification progress: a second, different method when the policy asks for two. */
  progress?: { verified: number; required: number };
  unlock?: { canKeepPassword: boolean };
  /** Sign-in flows that end in `done`: the signed ID token for the partner's backend. */
  token?: string;
  /** Sign-in interrupted to register or reconfirm security info (see sign-in-gates.ts). */
  registration?: {
    reason: "register" | "reconfirm";
    /** When registering stops being optional; null once it is required. */
    dueAt: string | null;
    required: number;
    registered: number;
    /** A token that opens a `security_info` flow for this user, and nothing else. */
    securityInfoToken: string;
  };
  /** "My security info": what the user has, and what they may add. */
  securityInfo?: {
    methods: SecurityInfoMethod[];
    questions: { id: string; text: string }[];
    questionsToRegister: number;
    /** Changes need a sign-in this recent; after it, sign in again. */
    changesAllowedUntil: string;
    registration: { required: number; registered: number };
  };
  /** Waiting for the browser extension: the number the user types there to approve. */
  approval?: { number: string; expiresAt: string };
  /** Shown once, in the answer that made it: the code that pairs the browser extension. */
  pairing?: { code: string; expiresAt: string };
  /** Shown once, in the answer to adding an authenticator app: the secret for its QR code. */
  totp?: { secret: string; uri: string };
}

/** A registered method as its owner sees it: destinations masked all the same. */
export interface SecurityInfoMethod {
  id: string;
  type: "phone" | "email" | "authenticatorApp" | "securityQuestions" | "extension";
  phoneType?: "mobile" | "alternateMobile" | "office";
  hint: string | null;
  /** A mobile number the user can sign in with by text message. */
  smsSignIn?: boolean;
  lastConfirmedAt: string | null;
}

export interface FlowEnvelope<State extends string = string> {
  id: string;
  type: FlowType;
  state: State;
  expiresAt: string;
  methods?: MethodChoice[];
  messages: FlowMessage[];
  ui: FlowUi;
}
