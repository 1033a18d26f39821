import { signal } from "@preact/signals";
import { accountId, saveAccount, type Account } from "./accounts";
import { flowClient, pairWithCode, pairWithToken, SesameError, type FlowAnswer } from "./api";
import { newDeviceKey, type KeyStore } from "./device-key";
import { solveAltcha } from "../../widget/src/app/captcha/altcha";

export type ConnectStep = "server" | "phone" | "code" | "pairing" | "done";

/**
 * Adding an account in the popup, as a model (no DOM): the server and tenant, then either an SMS
 * sign-in run through Sesame's own flow API, or the pairing code from My security info. Either
 * way a fresh non-extractable key is made and its public half registered; no password is stored.
 */
export class ConnectModel {
  readonly step = signal<ConnectStep>("server");
  readonly error = signal<string | null>(null);
  readonly busy = signal(false);
  server = "";
  tenant = "";
  private flowId = "";

  constructor(
    private readonly keyStore: KeyStore,
    private readonly onPaired: (account: Account) => Promise<void>,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
    private readonly deviceName = "Sesame extension",
  ) {}

  private async run(task: () => Promise<void>): Promise<void> {
    this.busy.value = true;
    this.error.value = null;
    try {
      await task();
    } catch (error) {
      this.error.value = error instanceof SesameError ? error.code : "NETWORK_ERROR";
    } finally {
      this.busy.value = false;
    }
  }

  setServer(server: string, tenant: string, how: "sms" | "code"): void {
    this.server = server.trim().replace(/\/+$/, "");
    this.tenant = tenant.trim().toLowerCase();
    this.step.value = how === "sms" ? "phone" : "pairing";
  }

  sendCode(phoneNumber: string): Promise<void> {
    return this.run(async () => {
      const flows = flowClient(this.server, this.fetcher);
      const flow = await flows.start("sms_signin", this.tenant);
      this.flowId = flow.id;
      await flows.submit(flow.id, { phoneNumber, ...(await solveCaptcha(flow)) });
      this.step.value = "code";
    });
  }

  verifyCode(code: string): Promise<void> {
    return this.run(async () => {
      const flow = await flowClient(this.server, this.fetcher).submit(this.flowId, { action: "verify", code });
      if (flow.state !== "done" || !flow.ui.token) throw new SesameError(flow.state === "done" ? "SIGNIN_FAILED" : "SECURITY_INFO_NEEDED", 0);
      const token = flow.ui.token;
      await this.pair((publicKey) => pairWithToken(this.server, this.tenant, token, publicKey, this.deviceName, this.fetcher));
    });
  }

  pairWithCode(code: string): Promise<void> {
    return this.run(() => this.pair((publicKey) => pairWithCode(this.server, this.tenant, code, publicKey, this.deviceName, this.fetcher)));
  }

  private async pair(register: (publicKey: Awaited<ReturnType<typeof newDeviceKey>>["publicKey"]) => Promise<import("#contract/extension").Paired>): Promise<void> {
    const { keys, publicKey } = await newDeviceKey();
    const paired = await register(publicKey);
    const account: Account = {
      id: accountId(paired.tenant, paired.userId),
      server: this.server,
      tenant: paired.tenant,
      tenantName: paired.tenantName,
      userId: paired.userId,
      userName: paired.userName,
      deviceId: paired.deviceId,
      pairedAt: new Date().toISOString(),
    };
    await this.keyStore.put(account.id, keys);
    await saveAccount(account);
    await this.onPaired(account);
    this.step.value = "done";
  }
}

/**
 * The first screen's CAPTCHA, solved in the popup as the widget solves it (the same ALTCHA
 * solver). Turnstile needs Cloudflare's script on a web page, which an extension page cannot
 * load under MV3: those tenants pair with a code from My security info instead.
 */
export async function solveCaptcha(flow: FlowAnswer): Promise<{ captcha?: string }> {
  const captcha = flow.ui.captcha;
  if (!captcha || captcha.provider === "none") return {};
  const token = captcha.provider === "altcha" && captcha.challenge ? await solveAltcha(captcha.challenge) : null;
  if (!token) throw new SesameError("CAPTCHA_INVALID", 0);
  return { captcha: token };
}
