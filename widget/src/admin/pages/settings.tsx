import { useEffect, useRef, useState } from "preact/hooks";
import type { PasswordResetPolicy, ResetMethod } from "#contract/admin/policies";
import type { Tenant } from "#contract/admin/tenant";
import { api, tenantPath, type ApiProblem } from "../api";
import { announce, Loading, PageHeading, Problem, useLoad } from "../ui";
import { ApiKeysTab, OriginsTab, PhoneProtectionTab, ProvidersTab } from "./settings-more";

export const SETTINGS_TABS = [
  ["properties", "Properties"],
  ["methods", "Authentication methods"],
  ["registration", "Registration"],
  ["notifications", "Notifications"],
  ["customization", "Customization"],
  ["onpremises", "On-premises integration"],
  ["phone", "Phone protection"],
  ["providers", "Providers"],
  ["origins", "Origins and site keys"],
  ["apikeys", "API keys"],
] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number][0];

const METHOD_LABELS: Record<ResetMethod, string> = {
  mobilePhone: "Mobile phone (text or call)",
  officePhone: "Office phone (call)",
  email: "Email",
  authenticatorApp: "Authenticator app",
  securityQuestions: "Security questions",
  extension: "Sesame browser extension",
};

/** Saves a change through the same API (and so the same rules) as any client, then says so. */
export function useSave(): { save: (method: string, path: string, body: unknown, done?: string) => Promise<boolean>; problem: ApiProblem | null; busy: boolean } {
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  return {
    problem,
    busy,
    async save(method, path, body, done = "Saved.") {
      setBusy(true);
      const answer = await api(method, path, body);
      setBusy(false);
      setProblem(answer.ok ? null : answer.problem);
      if (answer.ok) announce(done);
      return answer.ok;
    },
  };
}

function SaveBar({ busy, problem, saved }: { busy: boolean; problem: ApiProblem | null; saved: boolean }) {
  return (
    <div class="save-bar">
      <button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save"}
      </button>
      {saved && !problem ? <span class="saved">Saved</span> : null}
      <Problem problem={problem} />
    </div>
  );
}

/** One section of the password reset policy, edited as a form and PATCHed on its own. */
function ResetSection<K extends keyof PasswordResetPolicy>({ section, policy, children }: { section: K; policy: PasswordResetPolicy; children: (value: PasswordResetPolicy[K], set: (next: PasswordResetPolicy[K]) => void) => preact.ComponentChildren }) {
  const [value, setValue] = useState(policy[section]);
  const [saved, setSaved] = useState(false);
  const { save, problem, busy } = useSave();
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        setSaved(await save("PATCH", tenantPath("/policies/passwordReset"), { [section]: value }));
      }}
    >
      {children(value, (next) => {
        setValue(next);
        setSaved(false);
      })}
      <SaveBar busy={busy} problem={problem} saved={saved} />
    </form>
  );
}

function Check({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (value: boolean) => void }) {
  return (
    <div class="check">
      <input type="checkbox" id={id} checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />
      <label for={id}>{label}</label>
    </div>
  );
}

function NumberField({ id, label, value, min, max, onChange, hint }: { id: string; label: string; value: number; min: number; max: number; onChange: (value: number) => void; hint?: string }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} type="number" min={min} max={max} value={value} onInput={(e) => onChange(Number(e.currentTarget.value))} {...(hint ? { "aria-describedby": `${id}-hint` } : {})} />
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function PolicyTabs({ tab, policy }: { tab: SettingsTab; policy: PasswordResetPolicy }) {
  const groups = useLoad<{ value: { id: string; displayName: string }[] }>(tenantPath("/groups"));
  switch (tab) {
    case "properties":
      return (
        <ResetSection section="properties" policy={policy}>
          {(value, set) => (
            <>
              <fieldset>
                <legend>Self-service password reset enabled for</legend>
                {(["none", "selected", "all"] as const).map((scope) => (
                  <div class="choice" key={scope}>
                    <input type="radio" id={`scope-${scope}`} name="scope" checked={value.scope === scope} onChange={() => set({ ...value, scope })} />
                    <label for={`scope-${scope}`}>{{ none: "None", selected: "Selected group", all: "All users" }[scope]}</label>
                  </div>
                ))}
              </fieldset>
              {value.scope === "selected" ? (
                <div class="field">
                  <label for="scope-group">Group</label>
                  <select id="scope-group" value={value.groupId ?? ""} onChange={(e) => set({ ...value, groupId: e.currentTarget.value || null })}>
                    <option value="">Choose a group</option>
                    {(groups.data?.value ?? []).map((group) => (
                      <option key={group.id} value={group.id}>
                        {group.displayName}
                      </option>
                    ))}
                  </select>
                </div>
              ) : null}
            </>
          )}
        </ResetSection>
      );
    case "methods":
      return (
        <ResetSection section="authenticationMethods" policy={policy}>
          {(value, set) => (
            <>
              <div class="field">
                <label for="number-required">Number of methods required to reset</label>
                <select id="number-required" value={String(value.numberRequired)} onChange={(e) => set({ ...value, numberRequired: Number(e.currentTarget.value) as 1 | 2 })} aria-describedby="number-required-hint">
                  <option value="1">1</option>
                  <option value="2">2</option>
                </select>
                <p class="hint" id="number-required-hint">
                  Admins always need two methods, and never security questions.
                </p>
              </div>
              <fieldset>
                <legend>Methods available to users</legend>
                {(Object.keys(METHOD_LABELS) as ResetMethod[]).map((method) => (
                  <Check
                    key={method}
                    id={`allowed-${method}`}
                    label={METHOD_LABELS[method]}
                    checked={value.allowed.includes(method)}
                    onChange={(on) => set({ ...value, allowed: on ? [...value.allowed, method] : value.allowed.filter((m) => m !== method) })}
                  />
                ))}
              </fieldset>
              <NumberField id="questions-register" label="Security questions to register" value={value.securityQuestions.numberToRegister} min={3} max={5} onChange={(n) => set({ ...value, securityQuestions: { ...value.securityQuestions, numberToRegister: n } })} />
              <NumberField id="questions-reset" label="Security questions to answer to reset" value={value.securityQuestions.numberToReset} min={3} max={5} onChange={(n) => set({ ...value, securityQuestions: { ...value.securityQuestions, numberToReset: n } })} />
            </>
          )}
        </ResetSection>
      );
    case "registration":
      return (
        <ResetSection section="registration" policy={policy}>
          {(value, set) => (
            <>
              <Check id="require-on-signin" label="Require users to register when signing in" checked={value.requireOnSignIn} onChange={(on) => set({ ...value, requireOnSignIn: on })} />
              <NumberField id="grace-days" label="Days before registration is required" value={value.graceDays} min={0} max={90} onChange={(n) => set({ ...value, graceDays: n })} />
              <NumberField id="reconfirm-days" label="Days before users are asked to reconfirm their methods" hint="0 means never." value={value.reconfirmDays} min={0} max={730} onChange={(n) => set({ ...value, reconfirmDays: n })} />
            </>
          )}
        </ResetSection>
      );
    case "notifications":
      return (
        <ResetSection section="notifications" policy={policy}>
          {(value, set) => (
            <>
              <Check id="notify-user" label="Notify users on password resets" checked={value.notifyUserOnReset} onChange={(on) => set({ ...value, notifyUserOnReset: on })} />
              <Check id="notify-admins" label="Notify all admins when other admins reset their password" checked={value.notifyAdminsOnAdminReset} onChange={(on) => set({ ...value, notifyAdminsOnAdminReset: on })} />
            </>
          )}
        </ResetSection>
      );
    case "onpremises":
      return <OnPremises policy={policy} />;
    default:
      return null;
  }
}

function OnPremises({ policy }: { policy: PasswordResetPolicy }) {
  const status = useLoad<{ agents?: { id: string; connected?: boolean; name?: string }[]; connected?: number }>(tenantPath("/writeback"));
  return (
    <>
      <ResetSection section="onPremises" policy={policy}>
        {(value, set) => (
          <>
            <Check id="writeback" label="Write back passwords to the on-premises directory" checked={value.writebackEnabled} onChange={(on) => set({ ...value, writebackEnabled: on })} />
            <Check id="unlock-without-reset" label="Allow users to unlock their account without resetting their password" checked={value.allowUnlockWithoutReset} onChange={(on) => set({ ...value, allowUnlockWithoutReset: on })} />
          </>
        )}
      </ResetSection>
      <h3>Writeback status</h3>
      <Loading loaded={status} label="the writeback status" />
      {status.data ? <pre class="json">{JSON.stringify(status.data, null, 2)}</pre> : null}
    </>
  );
}

/** The widget as a partner's users will see it, drawn from the branding being edited (SVG: no inline styles under the CSP). */
function WidgetPreview({ name, primary, background }: { name: string; primary: string; background: string }) {
  const valid = (colour: string, fallback: string) => (/^#[0-9a-fA-F]{6}$/.test(colour) ? colour : fallback);
  return (
    <figure class="preview">
      <svg viewBox="0 0 320 200" width="320" height="200" role="img" aria-label={`Preview of the widget: ${name || "your organization"}, button colour ${primary}, background ${background}`}>
        <rect x="0.5" y="0.5" width="319" height="199" rx="8" fill={valid(background, "#ffffff")} stroke="#8a8886" />
        <text x="20" y="36" font-size="16" font-weight="600" fill="#1b1b1b">
          {name || "Your organization"}
        </text>
        <text x="20" y="64" font-size="13" fill="#1b1b1b">
          Reset your password
        </text>
        <rect x="20" y="80" width="280" height="32" rx="4" fill="#ffffff" stroke="#8a8886" />
        <text x="28" y="101" font-size="12" fill="#605e5c">
          Email or user name
        </text>
        <rect x="20" y="130" width="120" height="36" rx="4" fill={valid(primary, "#0f6cbd")} />
        <text x="52" y="153" font-size="13" fill="#ffffff">
          Next
        </text>
      </svg>
      <figcaption>Live preview</figcaption>
    </figure>
  );
}

function Customization({ policy }: { policy: PasswordResetPolicy }) {
  const tenant = useLoad<Tenant>(tenantPath(""));
  if (!tenant.data) return <Loading loaded={tenant} label="the tenant" />;
  return <CustomizationForm tenant={tenant.data} policy={policy} />;
}

function CustomizationForm({ tenant, policy }: { tenant: Tenant; policy: PasswordResetPolicy }) {
  const [helpdesk, setHelpdesk] = useState({ text: tenant.helpdesk.text, link: tenant.helpdesk.link ?? "", email: tenant.helpdesk.email ?? "" });
  const [branding, setBranding] = useState({ name: tenant.branding.name ?? "", primaryColor: tenant.branding.primaryColor ?? "#0f6cbd", backgroundColor: tenant.branding.backgroundColor ?? "#ffffff" });
  const [custom, setCustom] = useState(policy.customization.customHelpdeskEnabled);
  const [saved, setSaved] = useState(false);
  const { save, problem, busy } = useSave();
  const text = (id: string, label: string, value: string, set: (v: string) => void, type: "text" | "url" | "email" = "text") => (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} type={type as "text"} value={value} onInput={(e) => set(e.currentTarget.value)} />
    </div>
  );
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        const body = {
          helpdesk: { text: helpdesk.text, ...(helpdesk.link ? { link: helpdesk.link } : {}), ...(helpdesk.email ? { email: helpdesk.email } : {}) },
          branding: { ...(branding.name ? { name: branding.name } : {}), primaryColor: branding.primaryColor, backgroundColor: branding.backgroundColor, ...(tenant.branding.logoUrl ? { logoUrl: tenant.branding.logoUrl } : {}) },
        };
        const ok = (await save("PATCH", tenantPath(""), body)) && (await save("PATCH", tenantPath("/policies/passwordReset"), { customization: { customHelpdeskEnabled: custom } }));
        setSaved(ok);
      }}
    >
      <div class="columns">
        <div>
          <Check id="custom-helpdesk" label="Show a custom helpdesk link and text" checked={custom} onChange={setCustom} />
          <div class="field">
            <label for="helpdesk-text">Helpdesk text</label>
            <textarea id="helpdesk-text" rows={3} value={helpdesk.text} onInput={(e) => setHelpdesk({ ...helpdesk, text: e.currentTarget.value })} />
          </div>
          {text("helpdesk-link", "Helpdesk link (https)", helpdesk.link, (link) => setHelpdesk({ ...helpdesk, link }), "url")}
          {text("helpdesk-email", "Helpdesk email", helpdesk.email, (email) => setHelpdesk({ ...helpdesk, email }), "email")}
          {text("brand-name", "Name shown in the widget", branding.name, (name) => setBranding({ ...branding, name }))}
          {text("brand-primary", "Primary colour (#rrggbb)", branding.primaryColor, (primaryColor) => setBranding({ ...branding, primaryColor }))}
          {text("brand-background", "Background colour (#rrggbb)", branding.backgroundColor, (backgroundColor) => setBranding({ ...branding, backgroundColor }))}
        </div>
        <WidgetPreview name={branding.name} primary={branding.primaryColor} background={branding.backgroundColor} />
      </div>
      <SaveBar busy={busy} problem={problem} saved={saved} />
    </form>
  );
}

/** Settings, in the tabs an Entra admin knows (a WAI-ARIA tab list: arrows move, Home and End jump). */
export function SettingsPage({ tab, go }: { tab: SettingsTab; go: (tab: SettingsTab) => void }) {
  const policy = useLoad<PasswordResetPolicy>(tenantPath("/policies/passwordReset"));
  const tabs = useRef<HTMLDivElement>(null);
  const [focusTab, setFocusTab] = useState(false);
  useEffect(() => {
    if (focusTab) tabs.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
    setFocusTab(false);
  }, [tab]);
  const onKey = (event: KeyboardEvent) => {
    const index = SETTINGS_TABS.findIndex(([id]) => id === tab);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: SETTINGS_TABS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setFocusTab(true);
    go(SETTINGS_TABS[(next + SETTINGS_TABS.length) % SETTINGS_TABS.length]![0]);
  };
  const label = SETTINGS_TABS.find(([id]) => id === tab)![1];
  return (
    <>
      <PageHeading>Settings</PageHeading>
      <div class="tabs" role="tablist" aria-label="Settings" ref={tabs} onKeyDown={onKey}>
        {SETTINGS_TABS.map(([id, name]) => (
          <button type="button" role="tab" id={`tab-${id}`} key={id} aria-selected={id === tab} aria-controls="settings-panel" tabIndex={id === tab ? 0 : -1} onClick={() => go(id)}>
            {name}
          </button>
        ))}
      </div>
      <section role="tabpanel" id="settings-panel" aria-labelledby={`tab-${tab}`} tabIndex={0}>
        <h2>{label}</h2>
        {tab === "phone" ? <PhoneProtectionTab /> : null}
        {tab === "providers" ? <ProvidersTab /> : null}
        {tab === "origins" ? <OriginsTab /> : null}
        {tab === "apikeys" ? <ApiKeysTab /> : null}
        {["properties", "methods", "registration", "notifications", "onpremises", "customization"].includes(tab) ? (
          policy.data ? (
            tab === "customization" ? (
              <Customization policy={policy.data} key={tab} />
            ) : (
              <PolicyTabs tab={tab} policy={policy.data} key={tab} />
            )
          ) : (
            <Loading loaded={policy} label="the policy" />
          )
        ) : null}
      </section>
    </>
  );
}

