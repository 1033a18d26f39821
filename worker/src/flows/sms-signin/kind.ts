import type { FlowEnvelope, FlowUi } from "#contract/flows/envelope";
import { flowMessages } from "#contract/flows/messages";
import { directoryOf } from "../../directory/stub";
import { unwrap } from "../../http/api-error";
import { SIGNIN_FLOW_TTL_MS } from "../../limits";
import { unknownAccountKey } from "../../signin/account";
import type { FlowKind } from "../kinds";
import { codeUi, noCodes } from "../shared/code-step";
import { flowServices } from "../shared/services";
import { gateUi } from "../shared/sign-in-core";
import type { SmsSignInRecord } from "./record";
import { submitSmsSignIn } from "./steps";

/** SMS sign-in as a flow kind. Creating one is refused unless the tenant turned SMS sign-in on. */
export const smsSignInKind: FlowKind<SmsSignInRecord> = {
  async create(init, deps) {
    const services = flowServices(deps, init);
    const ctx = await services.context();
    if (!ctx.smsSignIn.enabled) return { ok: false, code: "SMS_SIGNIN_DISABLED" };
    if (!ctx.siteKey) return { ok: false, code: "SITE_KEY_NOT_FOUND" };
    services.audit({ activity: "Sign-in flow activity progress", result: "success", step: "started", methods: ["mobilePhone"], userId: null });
    return {
      ok: true,
      record: {
        id: init.id,
        tenantId: init.tenantId,
        type: "sms_signin",
        state: "identify",
        createdAt: deps.now,
        expiresAt: deps.now + SIGNIN_FLOW_TTL_MS,
        notices: [],
        userId: null,
        userName: null,
        accountKey: "",
        amr: [],
        authTime: null,
        gate: null,
        activity: "Sign-in with SMS",
        auditMethods: ["mobilePhone"],
        ip: init.meta.ip,
        country: init.meta.country,
        phoneNumber: null,
        matched: false,
        ...noCodes,
      },
    };
  },

  open(record, deps) {
    const services = flowServices(deps, record);
    const directory = directoryOf(deps.env, record.tenantId);
    let token: string | undefined;
    return {
      async submit(body) {
        const finished = await submitSmsSignIn(record, body, services, {
          subject: async (e164) => unwrap(await directory.smsSignInSubject(e164)),
          unknownKey: (e164) => unknownAccountKey(deps.env, record.tenantId, `phone:${e164}`),
        });
        token = finished.token;
        return finished.result;
      },
      async envelope(next): Promise<FlowEnvelope> {
        let ui: FlowUi = {};
        if (next.state === "identify") ui = { captcha: await services.identifyCaptcha() };
        if (next.state === "verify_code") ui = { code: codeUi(next, "sms") };
        if (next.state === "registration_reminder" || next.state === "registration_required" || next.state === "reconfirm") ui = await gateUi(next, services);
        // The token is shown in the answer that signed it, never again: a GET of the flow has none.
        if (next.state === "done" && token) ui = { token };
        return {
          id: next.id,
          type: next.type,
          state: next.state,
          expiresAt: new Date(next.expiresAt).toISOString(),
          messages: next.notices.map((key) => ({ key, ...flowMessages[key] })),
          ui,
        };
      },
    };
  },
};
