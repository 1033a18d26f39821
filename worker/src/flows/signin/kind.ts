import type { FlowEnvelope, FlowUi } from "#contract/flows/envelope";
import { flowMessages } from "#contract/flows/messages";
import { directoryOf } from "../../directory/stub";
import { unwrap } from "../../http/api-error";
import { SIGNIN_FLOW_TTL_MS } from "../../limits";
import { verifyPassword } from "../../password/set-password";
import { badPasswordHash, lockoutOf, unknownAccountKey } from "../../signin/account";
import { consume } from "../../throttle/consume";
import { ipKey } from "../../throttle/keys";
import type { FlowKind } from "../kinds";
import { codeUi, noCodes } from "../shared/code-step";
import { extensionPort } from "../shared/extension-port";
import { flowServices } from "../shared/services";
import { gateUi } from "../shared/sign-in-core";
import type { PasswordSignInRecord } from "./record";
import { submitPasswordSignIn, type PasswordChecks } from "./steps";

/** A user id that names nobody: the password check still runs, against a decoy hash. */
const NOBODY = "usr_nobody-nobody-nobody";

/** Password sign-in with MFA and smart lockout, as a flow kind. */
export const passwordSignInKind: FlowKind<PasswordSignInRecord> = {
  async create(init, deps) {
    const services = flowServices(deps, init);
    if (!(await services.context()).siteKey) return { ok: false, code: "SITE_KEY_NOT_FOUND" };
    services.audit({ activity: "Sign-in flow activity progress", result: "success", step: "started", methods: ["password"], userId: null });
    return {
      ok: true,
      record: {
        id: init.id,
        tenantId: init.tenantId,
        type: "signin",
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
        activity: "Sign-in with password",
        auditMethods: ["password"],
        ip: init.meta.ip,
        country: init.meta.country,
        ...(init.client === "console" ? { console: true } : {}),
        choices: [],
        current: null,
        approval: null,
        ...noCodes,
      },
    };
  },

  open(record, deps) {
    const { env, meta, fakeNow } = deps;
    const services = flowServices(deps, record);
    const directory = directoryOf(env, record.tenantId);
    const timed = fakeNow !== undefined ? { now: fakeNow } : {};
    const checks: PasswordChecks = {
      subject: async (userName) => unwrap(await directory.signInSubject(userName)),
      unknownKey: (userName) => unknownAccountKey(env, record.tenantId, `user:${userName}`),
      verify: async (userId, password) => unwrap(await verifyPassword(env, record.tenantId, userId ?? NOBODY, password)).match,
      ipBudget: async () => {
        const decision = await consume(env, "passwordAttemptsPerIp", ipKey(meta.ip), timed);
        return decision.ok ? { ok: true } : { ok: false, retryAfter: decision.retryAfter };
      },
      lockout: async (accountKey, { match, password }) => {
        const { signIn } = await services.context();
        const badHash = match ? undefined : await badPasswordHash(env, record.tenantId, accountKey, password);
        return lockoutOf(env, record.tenantId, accountKey).attempt({
          match,
          ...(badHash ? { badHash } : {}),
          threshold: signIn.lockout.threshold,
          durationSeconds: signIn.lockout.durationSeconds,
          ...timed,
        });
      },
    };
    const extension = extensionPort(env, record, meta, fakeNow);
    let token: string | undefined;
    return {
      async submit(body) {
        const finished = await submitPasswordSignIn(record, body, services, checks, extension);
        token = finished.token;
        return finished.result;
      },
      async envelope(next): Promise<FlowEnvelope> {
        let ui: FlowUi = {};
        let methods: FlowEnvelope["methods"];
        const choice = next.choices.find((c) => c.id === next.current);
        if (next.state === "identify") ui = { captcha: await services.identifyCaptcha() };
        if (next.state === "choose_method") methods = next.choices.map(({ id, kind, hint, confirm }) => ({ id, kind, hint, confirm }));
        if (next.state === "verify_code" && choice && choice.factor !== "extension") ui = { code: codeUi(next, choice.factor) };
        if (next.state === "verify_extension" && next.approval) ui = { approval: { number: next.approval.number, expiresAt: new Date(next.approval.expiresAt).toISOString() } };
        if (next.state === "helpdesk") {
          const { text, link, email } = (await services.context()).tenant.helpdesk;
          ui = { helpdesk: { text, ...(link ? { link } : {}), ...(email ? { email } : {}) } };
        }
        if (next.state === "registration_reminder" || next.state === "registration_required" || next.state === "reconfirm") ui = await gateUi(next, services);
        // The token is shown in the answer that signed it, never again.
        if (next.state === "done" && token) ui = { token };
        return {
          id: next.id,
          type: next.type,
          state: next.state,
          expiresAt: new Date(next.expiresAt).toISOString(),
          ...(methods ? { methods } : {}),
          messages: next.notices.map((key) => ({ key, ...flowMessages[key] })),
          ui,
        };
      },
    };
  },
};
