import { signal } from "@preact/signals";
import type { Account } from "./accounts";
import { flowClient, SesameError, type FlowAnswer } from "./api";
import { solveCaptcha } from "./connect-account";

/** Where the popup is in changing an account's methods. */
export type ManageStep = "signin" | "signin_code" | "second_factor" | "second_code" | "info";

/** What the security-info flow takes on its overview (contract/flows/security-info.ts). */
export type InfoAction =
  | { action: "add_phone"; phoneNumber: string; phoneType: "mobile" | "alternateMobile" | "office"; channel?: "sms" | "voice" }
  | { action: "add_email"; emailAddress: string }
  | { action: "add_authenticator" }
  | { action: "set_questions"; answers: { id: string; answer: string }[] }
  | { action: "remove"; methodId: string }
  | { action: "reconfirm" }
  | { action: "verify"; code: string }
  | { action: "resend" }
  | { action: "cancel" };

/** The `sub` of an ID token, read without checking it: the worker checks it; this only catches the wrong account. */
function subjectOf(token: string): string | null {
  try {
    const part = token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/");
    return (JSON.parse(atob(part)) as { sub?: string }).sub ?? null;
  } catch {
    return null;
  }
}

/**
 * Changing an account's methods from the popup, as a model (no DOM). It drives Sesame's own flows,
 * exactly as the widget's "My security info" does: the device key alone never opens it. The user
 * first signs in again in the popup (password and the second factor the policy asks for, or a text
 * message), and the fresh ID token opens a `security_info` flow, which applies every rule itself:
 * the recent sign-in (REAUTHENTICATION_REQUIRED after it), a code for each new phone or email, a
 * first code for an authenticator, never removing the last method a policy needs (METHOD_REQUIRED).
 * Nothing of it is stored: closing the popup forgets the token and the flow.
 */
export class ManageMethodsModel {
  readonly step = signal<ManageStep>("signin");
  /** The sign-in flow while re-authenticating, then the security-info flow. */
  readonly flow = signal<FlowAnswer | null>(null);
  readonly error = signal<string | null>(null);
  readonly busy = signal(false);
  private readonly flows: ReturnType<typeof flowClient>;

  constructor(
    readonly account: Account,
    fetcher: typeof fetch = (...args) => fetch(...args),
  ) {
    this.flows = flowClient(account.server, fetcher);
  }

  private async run(task: () => Promise<void>): Promise<void> {
    this.busy.value = true;
    this.error.value = null;
    try {
      await task();
    } catch (error) {
      this.error.value = error instanceof SesameError ? error.code : "NETWORK_ERROR";
      // A refused step answers with the flow as it now stands (attempts left, state).
      if (error instanceof SesameError && error.flow) this.flow.value = error.flow;
      if (error instanceof SesameError && error.flow && this.step.value === "info") return;
      if (error instanceof SesameError && error.flow) this.follow(error.flow, false);
    } finally {
      this.busy.value = false;
    }
  }

  /** Signs in again with the account's user name and password (no password is kept). */
  signInWithPassword(password: string): Promise<void> {
    return this.run(async () => {
      const flow = await this.flows.start("signin", this.account.tenant);
      await this.signedIn(await this.flows.submit(flow.id, { userName: this.account.userName, password, ...(await solveCaptcha(flow)) }));
    });
  }

  /** Signs in again with a code texted to the user's sign-in number. */
  sendSignInCode(phoneNumber: string): Promise<void> {
    return this.run(async () => {
      const flow = await this.flows.start("sms_signin", this.account.tenant);
      this.follow(await this.flows.submit(flow.id, { phoneNumber, ...(await solveCaptcha(flow)) }), true);
    });
  }

  /** The second factor of a password sign-in. */
  chooseFactor(methodId: string): Promise<void> {
    return this.run(async () => this.follow(await this.flows.submit(this.current().id, { method: methodId }), true));
  }

  /** A sign-in code (the text of an SMS sign-in, or the second factor's). */
  verifySignInCode(code: string): Promise<void> {
    return this.run(async () => this.signedIn(await this.flows.submit(this.current().id, { action: "verify", code })));
  }

  /** One step of My security info. */
  act(body: InfoAction): Promise<void> {
    return this.run(async () => {
      this.flow.value = await this.flows.submit(this.current().id, body);
    });
  }

  /** Where a sign-in answer leads in the popup; `done` and the registration gates open security info. */
  private follow(flow: FlowAnswer, final: boolean): void {
    this.flow.value = flow;
    if (flow.type === "security_info") return;
    if (flow.state === "choose_method") this.step.value = "second_factor";
    else if (flow.state === "verify_code") this.step.value = flow.type === "sms_signin" ? "signin_code" : "second_code";
    else if (flow.state === "identify" || !final) this.step.value = "signin";
    else if (flow.state === "helpdesk") throw new SesameError("CONTACT_HELPDESK_SIGNIN", 0);
  }

  private async signedIn(flow: FlowAnswer): Promise<void> {
    // The registration gates carry their own short token, made for opening security info.
    const token = flow.state === "done" ? flow.ui.token : flow.ui.registration?.securityInfoToken;
    if (!token) return this.follow(flow, true);
    // Someone else's sign-in must not change this account's methods, even by mistake.
    if (subjectOf(token) !== this.account.userId) throw new SesameError("UNAUTHENTICATED", 401);
    this.flow.value = await this.flows.securityInfo(this.account.tenant, token);
    this.step.value = "info";
  }

  private current(): FlowAnswer {
    if (!this.flow.value) throw new SesameError("FLOW_NOT_FOUND", 0);
    return this.flow.value;
  }
}
