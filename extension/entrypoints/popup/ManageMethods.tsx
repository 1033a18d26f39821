import { useMemo } from "preact/hooks";
import type { Account } from "../../lib/accounts";
import { QrCode } from "../../../widget/src/app/steps/qr-code";
import { errorText } from "../../lib/error-text";
import { t } from "../../lib/i18n/i18n";
import { ManageMethodsModel, type InfoAction } from "../../lib/manage-methods";
import { methodLabel } from "../../lib/method-label";

const field = (id: string) => (document.getElementById(id) as HTMLInputElement | HTMLSelectElement).value;

/**
 * Adding, removing and reconfirming methods in the popup: a fresh sign-in, then Sesame's own
 * "My security info" flow (lib/manage-methods.ts), which holds every rule.
 */
export function ManageMethods({ account, onClose }: { account: Account; onClose: () => void }) {
  const model = useMemo(() => new ManageMethodsModel(account), [account.id]);
  const step = model.step.value;
  const flow = model.flow.value;
  const busy = model.busy.value;
  const act = (body: InfoAction) => void model.act(body);
  return (
    <section class="manage" id="manage-methods">
      <h2>{t("manage.title")}</h2>
      {step === "signin" && (
        <>
          <p class="muted">{t("manage.signInAgain")}</p>
          <form onSubmit={(e) => (e.preventDefault(), void model.signInWithPassword(field("reauth-password")))}>
            <label for="reauth-password">{t("manage.password", { user: account.userName })}</label>
            <input id="reauth-password" type="password" autocomplete="current-password" required />
            <button type="submit" disabled={busy}>{t("manage.signIn")}</button>
          </form>
          <form onSubmit={(e) => (e.preventDefault(), void model.sendSignInCode(field("reauth-phone")))}>
            <label for="reauth-phone">{t("manage.phone")}</label>
            <input id="reauth-phone" type="tel" autocomplete="tel" required />
            <button type="submit" class="secondary" disabled={busy}>{t("manage.textMe")}</button>
          </form>
        </>
      )}
      {step === "second_factor" && flow?.methods && (
        <div id="reauth-factors">
          <p>{t("manage.secondFactor")}</p>
          {/* Approving in this very extension would prove nothing more than the device itself. */}
          {flow.methods.filter((m) => m.kind !== "extension").map((m) => (
            <button key={m.id} class="secondary" data-factor={m.kind} disabled={busy} onClick={() => void model.chooseFactor(m.id)}>
              {m.kind === "totp" ? t("manage.totp") : t(m.kind === "voice" ? "manage.call" : m.kind === "email" ? "manage.email" : "manage.text", { hint: m.hint ?? "" })}
            </button>
          ))}
        </div>
      )}
      {(step === "signin_code" || step === "second_code") && (
        <form onSubmit={(e) => (e.preventDefault(), void model.verifySignInCode(field("reauth-code")))}>
          <label for="reauth-code">{flow?.ui.code?.channel === "totp" ? t("manage.totpCode") : t("manage.codeSent")}</label>
          <input id="reauth-code" inputMode="numeric" autocomplete="one-time-code" required />
          <button type="submit" disabled={busy}>{t("manage.continue")}</button>
        </form>
      )}
      {step === "info" && flow && <Info flow={flow} busy={busy} act={act} />}
      {model.error.value && (
        <p class="error" role="alert" id="manage-error" data-code={model.error.value}>
          {errorText(model.error.value)}
        </p>
      )}
      <button class="secondary" id="manage-close" onClick={onClose}>
        {t("manage.close")}
      </button>
    </section>
  );
}

function Info({ flow, busy, act }: { flow: NonNullable<ManageMethodsModel["flow"]["value"]>; busy: boolean; act: (body: InfoAction) => void }) {
  const info = flow.ui.securityInfo;
  if (flow.state === "verify_code" || flow.state === "verify_totp") {
    const totp = flow.ui.totp;
    return (
      <form id="info-verify" onSubmit={(e) => (e.preventDefault(), act({ action: "verify", code: field("info-code") }))}>
        {totp && (
          <>
            <p>
              {t("manage.addKey")} <code id="totp-secret">{totp.secret}</code> (<a href={totp.uri}>{t("manage.openInApp")}</a>)
            </p>
            <QrCode text={totp.uri} label={t("manage.scan")} />
          </>
        )}
        <label for="info-code">{flow.state === "verify_totp" ? t("manage.appCode") : t("manage.codeSent")}</label>
        <input id="info-code" inputMode="numeric" autocomplete="one-time-code" required />
        <button type="submit" disabled={busy}>{t("manage.verify")}</button>
        {flow.state === "verify_code" && (
          <button type="button" class="secondary" disabled={busy} onClick={() => act({ action: "resend" })}>
            {t("manage.resend")}
          </button>
        )}
        <button type="button" class="secondary" disabled={busy} onClick={() => act({ action: "cancel" })}>
          {t("manage.cancel")}
        </button>
      </form>
    );
  }
  if (!info) return null;
  const questions = info.questions;
  return (
    <div id="info-overview">
      <ul class="methods">
        {info.methods.map((m) => (
          <li key={m.id} data-info-method={m.type}>
            {methodLabel(m)}
            <button class="secondary small remove-method" data-remove={m.id} disabled={busy} onClick={() => act({ action: "remove", methodId: m.id })}>
              {t("manage.remove")}
            </button>
          </li>
        ))}
      </ul>
      <p class="muted">
        {t("manage.registered", { registered: info.registration.registered, required: info.registration.required, time: new Date(info.changesAllowedUntil).toLocaleTimeString() })}
      </p>
      <button class="secondary" id="reconfirm" disabled={busy} onClick={() => act({ action: "reconfirm" })}>
        {t("manage.allMine")}
      </button>
      <details>
        <summary>{t("manage.addPhone")}</summary>
        <form onSubmit={(e) => (e.preventDefault(), act({ action: "add_phone", phoneNumber: field("add-phone"), phoneType: field("add-phone-type") as "mobile" }))}>
          <input id="add-phone" type="tel" required placeholder="+1 425 555 0100" aria-label={t("method.phone")} />
          <select id="add-phone-type" aria-label={t("method.phone")}>
            <option value="mobile">{t("method.mobile")}</option>
            <option value="alternateMobile">{t("method.alternateMobile")}</option>
            <option value="office">{t("method.office")}</option>
          </select>
          <button type="submit" disabled={busy}>{t("manage.sendCode")}</button>
        </form>
      </details>
      <details id="add-email-section">
        <summary>{t("manage.addEmail")}</summary>
        <form onSubmit={(e) => (e.preventDefault(), act({ action: "add_email", emailAddress: field("add-email") }))}>
          <input id="add-email" type="email" required aria-label={t("method.email")} />
          <button type="submit" id="add-email-send" disabled={busy}>{t("manage.sendCode")}</button>
        </form>
      </details>
      <button class="secondary" id="add-authenticator" disabled={busy} onClick={() => act({ action: "add_authenticator" })}>
        {t("manage.addAuthenticator")}
      </button>
      {questions.length > 0 && (
        <details>
          <summary>{t("manage.setQuestions")}</summary>
          <form
            onSubmit={(e) => (
              e.preventDefault(),
              act({
                action: "set_questions",
                answers: Array.from({ length: info.questionsToRegister }, (_, i) => ({ id: field(`question-${i}`), answer: field(`answer-${i}`) })),
              })
            )}
          >
            {Array.from({ length: info.questionsToRegister }, (_, i) => (
              <div key={i}>
                <select id={`question-${i}`} aria-label={t("manage.question", { n: i + 1 })}>
                  {questions.map((q, j) => (
                    <option key={q.id} value={q.id} selected={j === i}>
                      {q.text}
                    </option>
                  ))}
                </select>
                <input id={`answer-${i}`} required minLength={3} maxLength={40} aria-label={t("manage.answer", { n: i + 1 })} />
              </div>
            ))}
            <button type="submit" disabled={busy}>{t("manage.saveAnswers")}</button>
          </form>
        </details>
      )}
    </div>
  );
}
