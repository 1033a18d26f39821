import { OTP_LENGTH_DEFAULT, RESET_FLOW_TTL_MS } from "../../limits";
import { identifyCaptcha } from "../../risk/captcha";
import type { FlowKind } from "../kinds";
import { resetPorts } from "./adapters";
import { resetEnvelope } from "./envelope";
import type { ResetRecord } from "./record";
import { submitResetStep } from "./steps";

/** Password reset and account unlock as a flow kind: the record, its steps and its envelope. */
export const resetKind: FlowKind<ResetRecord> = {
  async create(init, { now }) {
    if (init.type !== "reset" && init.type !== "unlock") return { ok: false, code: "FLOW_STATE_INVALID" };
    return {
      ok: true,
      record: {
        id: init.id,
        tenantId: init.tenantId,
        type: init.type,
        state: "identify",
        createdAt: now,
        expiresAt: now + RESET_FLOW_TTL_MS,
        userId: null,
        accountKey: "",
        isAdmin: false,
        required: 1,
        choices: [],
        verified: [],
        current: null,
        questionIds: [],
        sends: 0,
        lastSendAt: null,
        failures: 0,
        notices: [],
        ip: init.meta.ip,
        country: init.meta.country,
      },
    };
  },

  open(record, { env, background, meta }) {
    const ports = resetPorts(env, background, record, meta);
    return {
      submit: (body) => submitResetStep(record, body, ports),
      async envelope(next) {
        const context = await ports.tenant.load();
        const captcha =
          next.state === "identify"
            ? await identifyCaptcha(env, { flowId: next.id, policy: context.phoneProtection, homeCountries: context.tenant.homeCountries, ip: meta.ip, country: meta.country })
            : undefined;
        return resetEnvelope(next, { ...context, codeLength: OTP_LENGTH_DEFAULT, ...(captcha ? { captcha } : {}) });
      },
    };
  },
};
