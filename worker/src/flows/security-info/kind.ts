import { TOTP, Secret } from "otpauth";
import type { FlowEnvelope, FlowUi } from "#contract/flows/envelope";
import { flowMessages } from "#contract/flows/messages";
import { SECURITY_INFO_AUDIENCE_PATH } from "#contract/tokens";
import { directoryOf } from "../../directory/stub";
import type { Result } from "../../http/api-error";
import { PAIRING_CODE_TTL_MS, SECURITY_INFO_FLOW_TTL_MS } from "../../limits";
import { displayPairingCode, newPairingCode } from "../../inbox/pairing-code";
import { pairingCodeOf } from "../../inbox/stubs";
import { verifyIdToken } from "../../tokens/verify";
import type { FlowKind } from "../kinds";
import { codeUi, noCodes } from "../shared/code-step";
import { securityInfoView } from "../shared/security-info-view";
import { flowServices } from "../shared/services";
import type { SecurityInfoRecord } from "./record";
import { submitSecurityInfo, type SecurityInfoStore } from "./steps";

const saved = <T>(result: Result<T>) => (result.ok ? { ok: true as const } : result);

/**
 * "My security info" as a flow kind. It opens only with a live ID token of this tenant (the
 * partner's site key, or the token an interrupted sign-in hands over), checked like siteverify
 * checks it, session included.
 */
export const securityInfoKind: FlowKind<SecurityInfoRecord> = {
  async create(init, deps) {
    const services = flowServices(deps, init);
    if (!init.bearer) return { ok: false, code: "UNAUTHENTICATED" };
    const ctx = await services.context();
    const audiences = [`${deps.meta.issuer}${SECURITY_INFO_AUDIENCE_PATH}`, ...(ctx.siteKey ? [ctx.siteKey] : [])];
    const check = await verifyIdToken(deps.env, init.bearer, { issuer: deps.meta.issuer, audiences, tenantId: init.tenantId, checkSession: true, now: deps.now });
    const found = check.ok ? await services.subjectById(check.claims.sub) : null;
    if (!check.ok || !found || !found.subject.user.accountEnabled) return { ok: false, code: "UNAUTHENTICATED" };
    const user = found.subject.user;
    services.audit({ activity: "User started security info registration", result: "success", userId: user.id, userName: user.userName });
    return {
      ok: true,
      record: {
        id: init.id,
        tenantId: init.tenantId,
        type: "security_info",
        state: "overview",
        createdAt: deps.now,
        expiresAt: deps.now + SECURITY_INFO_FLOW_TTL_MS,
        notices: [],
        userId: user.id,
        userName: user.userName,
        authTime: check.claims.auth_time * 1000,
        pending: null,
        adds: 0,
        ip: init.meta.ip,
        country: init.meta.country,
        ...noCodes,
      },
    };
  },

  open(record, deps) {
    const services = flowServices(deps, record);
    const directory = directoryOf(deps.env, record.tenantId);
    const store: SecurityInfoStore = {
      registerPhone: async (userId, input) => saved(await directory.registerPhone(userId, input)),
      registerEmail: async (userId, address) => saved(await directory.registerEmail(userId, address)),
      registerSecret: async (userId, input) => saved(await directory.registerSecret(userId, input)),
      remove: async (userId, methodId) => {
        const removed = await directory.removeOwnMethod(userId, methodId);
        return removed.ok ? { ok: true, type: removed.value.type } : removed;
      },
      pairingCode: async (userId) => {
        const code = newPairingCode();
        const expiresAt = Date.now() + PAIRING_CODE_TTL_MS;
        await (await pairingCodeOf(deps.env, record.tenantId, code)).issue({ tenantId: record.tenantId, userId, expiresAt });
        return { code, expiresAt };
      },
    };
    return {
      submit: (body) => submitSecurityInfo(record, body, services, store),
      async envelope(next): Promise<FlowEnvelope> {
        const ui: FlowUi = {};
        const pending = next.pending;
        if (next.state === "overview") {
          const [ctx, found] = await Promise.all([services.context(), services.subjectById(next.userId)]);
          if (found) ui.securityInfo = securityInfoView(found.subject, ctx, next.authTime);
          if (next.pairing) ui.pairing = { code: displayPairingCode(next.pairing.code), expiresAt: new Date(next.pairing.expiresAt).toISOString() };
        }
        if (next.state === "verify_code" && pending && pending.kind !== "totp") ui.code = codeUi(next, pending.kind === "phone" ? pending.channel : "email");
        if (next.state === "verify_totp" && pending?.kind === "totp") {
          ui.code = codeUi(next, "totp");
          // The secret is shown in the answer that made it, for the QR code, and never again.
          if (next.notices.includes("SCAN_AUTHENTICATOR_QR")) {
            const { tenant } = await services.context();
            const totp = new TOTP({ issuer: tenant.branding.name ?? tenant.displayName, label: next.userName, secret: Secret.fromBase32(pending.secret) });
            ui.totp = { secret: pending.secret, uri: totp.toString() };
          }
        }
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
