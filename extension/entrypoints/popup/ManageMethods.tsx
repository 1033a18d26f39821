import { useMemo } from "preact/hooks";
import type { SecurityInfoMethod } from "#contract/flows/envelope";
import type { Account } from "../../lib/accounts";
import { errorText } from "../../lib/error-text";
import { ManageMethodsModel, type InfoAction } from "../../lib/manage-methods";

const field = (id: string) => (document.getElementById(id) as HTMLInputElement | HTMLSelectElement).value;

const label = (m: SecurityInfoMethod) =>
  m.type === "phone" ? `Phone (${m.phoneType}) ${m.hint ?? ""}` : m.type === "email" ? `Email ${m.hint ?? ""}` : m.type === "authenticatorApp" ? "Authenticator app" : m.type === "securityQuestions" ? "Security questions" : "Browser extension";

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
      <h2>Change your methods</h2>
      {step === "signin" && (
        <>
          <p class="muted">Sign in again to change your security info.</p>
          <form onSubmit={(e) => (e.preventDefault(), void model.signInWithPassword(field("reauth-password")))}>
            <label for="reauth-password">Password for {account.userName}</label>
            <input id="reauth-password" type="password" autocomplete="current-password" required />
            <button type="submit" disabled={busy}>Sign in</button>
          </form>
          <form onSubmit={(e) => (e.preventDefault(), void model.sendSignInCode(field("reauth-phone")))}>
            <label for="reauth-phone">Or your mobile number, for a text</label>
            <input id="reauth-phone" type="tel" autocomplete="tel" required />
            <button type="submit" class="secondary" disabled={busy}>Text me a code</button>
          </form>
        </>
      )}
      {step === "second_factor" && flow?.methods && (
        <div id="reauth-factors">
          <p>Confirm it's you with a second method.</p>
          {/* Approving in this very extension would prove nothing more than the device itself. */}
          {flow.methods.filter((m) => m.kind !== "extension").map((m) => (
            <button key={m.id} class="secondary" data-factor={m.kind} disabled={busy} onClick={() => void model.chooseFactor(m.id)}>
              {m.kind === "totp" ? "Authenticator app code" : `${m.kind === "voice" ? "Call" : m.kind === "email" ? "Email" : "Text"} ${m.hint ?? ""}`}
            </button>
          ))}
        </div>
      )}
      {(step === "signin_code" || step === "second_code") && (
        <form onSubmit={(e) => (e.preventDefault(), void model.verifySignInCode(field("reauth-code")))}>
          <label for="reauth-code">{flow?.ui.code?.channel === "totp" ? "Code from your authenticator app" : "The code we sent"}</label>
          <input id="reauth-code" inputMode="numeric" autocomplete="one-time-code" required />
          <button type="submit" disabled={busy}>Continue</button>
        </form>
      )}
      {step === "info" && flow && <Info flow={flow} busy={busy} act={act} />}
      {model.error.value && (
        <p class="error" role="alert" id="manage-error" data-code={model.error.value}>
          {errorText(model.error.value)}
        </p>
      )}
      <button class="secondary" id="manage-close" onClick={onClose}>
        Close
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
          <p>
            Add this key to your authenticator app: <code id="totp-secret">{totp.secret}</code> (<a href={totp.uri}>open in the app</a>)
          </p>
        )}
        <label for="info-code">{flow.state === "verify_totp" ? "The code your app shows" : "The code we sent"}</label>
        <input id="info-code" inputMode="numeric" autocomplete="one-time-code" required />
        <button type="submit" disabled={busy}>Verify</button>
        {flow.state === "verify_code" && (
          <button type="button" class="secondary" disabled={busy} onClick={() => act({ action: "resend" })}>
            Send a new code
          </button>
        )}
        <button type="button" class="secondary" disabled={busy} onClick={() => act({ action: "cancel" })}>
          Cancel
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
            {label(m)}
            <button class="secondary small remove-method" data-remove={m.id} disabled={busy} onClick={() => act({ action: "remove", methodId: m.id })}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <p class="muted">
        {info.registration.registered} of {info.registration.required} required · changes allowed until {new Date(info.changesAllowedUntil).toLocaleTimeString()}
      </p>
      <button class="secondary" id="reconfirm" disabled={busy} onClick={() => act({ action: "reconfirm" })}>
        These are all still mine
      </button>
      <details>
        <summary>Add a phone</summary>
        <form onSubmit={(e) => (e.preventDefault(), act({ action: "add_phone", phoneNumber: field("add-phone"), phoneType: field("add-phone-type") as "mobile" }))}>
          <input id="add-phone" type="tel" required placeholder="+1 425 555 0100" />
          <select id="add-phone-type">
            <option value="mobile">Mobile</option>
            <option value="alternateMobile">Alternate mobile</option>
            <option value="office">Office</option>
          </select>
          <button type="submit" disabled={busy}>Send a code</button>
        </form>
      </details>
      <details id="add-email-section">
        <summary>Add an email address</summary>
        <form onSubmit={(e) => (e.preventDefault(), act({ action: "add_email", emailAddress: field("add-email") }))}>
          <input id="add-email" type="email" required />
          <button type="submit" id="add-email-send" disabled={busy}>Send a code</button>
        </form>
      </details>
      <button class="secondary" id="add-authenticator" disabled={busy} onClick={() => act({ action: "add_authenticator" })}>
        Add an authenticator app
      </button>
      {questions.length > 0 && (
        <details>
          <summary>Set security questions</summary>
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
                <select id={`question-${i}`}>
                  {questions.map((q, j) => (
                    <option key={q.id} value={q.id} selected={j === i}>
                      {q.text}
                    </option>
                  ))}
                </select>
                <input id={`answer-${i}`} required minLength={3} maxLength={40} />
              </div>
            ))}
            <button type="submit" disabled={busy}>Save answers</button>
          </form>
        </details>
      )}
    </div>
  );
}
