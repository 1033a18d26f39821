import { useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import type { ExtensionOverview } from "#contract/extension";
import { accountsItem, approvalsItem, timelineItem, type Account, type TimelineEntry } from "../../lib/accounts";
import { alertTitle, flowTitle, whereFrom } from "../../lib/alerts";
import { deviceClient } from "../../lib/api";
import { ConnectModel } from "../../lib/connect-account";
import { indexedDbKeys } from "../../lib/device-key";
import { errorText } from "../../lib/error-text";
import { t } from "../../lib/i18n/i18n";
import { methodLabel } from "../../lib/method-label";
import { toBackground } from "../../lib/send";
import { ManageMethods } from "./ManageMethods";

const keyStore = indexedDbKeys();

/** Reads a storage item and follows its changes. */
function useStored<T>(item: { getValue(): Promise<T>; watch(cb: (value: T) => void): () => void }, initial: T) {
  const value = useSignal<T>(initial);
  useEffect(() => {
    void item.getValue().then((v) => (value.value = v));
    return item.watch((v) => (value.value = v));
  }, []);
  return value;
}

/** The popup: accounts and their security info, approvals waiting, and the alert timeline. */
export function App() {
  const accounts = useStored<Account[]>(accountsItem, []);
  const adding = useSignal(false);
  const route = useSignal(location.hash);
  useEffect(() => {
    const onHash = () => (route.value = location.hash);
    addEventListener("hashchange", onHash);
    void toBackground({ type: "seen" });
    return () => removeEventListener("hashchange", onHash);
  }, []);
  const approve = /^#approve\/([^/]+)\/(.+)$/.exec(route.value);
  if (approve) return <ApprovalsView only={decodeURIComponent(approve[2]!)} />;
  if (adding.value || accounts.value.length === 0) return <Connect onDone={() => (adding.value = false)} />;
  return (
    <>
      <h1>Sesame</h1>
      <ApprovalsView />
      {accounts.value.map((account) => (
        <AccountSummary key={account.id} account={account} />
      ))}
      <button class="secondary" id="add-account" onClick={() => (adding.value = true)}>
        {t("account.add")}
      </button>
      <Timeline accounts={accounts.value} />
    </>
  );
}

function Connect({ onDone }: { onDone: () => void }) {
  const model = useMemo(() => new ConnectModel(keyStore, async (account) => void (await toBackground({ type: "paired", accountId: account.id }))), []);
  const step = model.step.value;
  useSignalEffect(() => {
    if (model.step.value === "done") onDone();
  });
  const field = (id: string) => (document.getElementById(id) as HTMLInputElement).value;
  return (
    <>
      <h1>{t("connect.title")}</h1>
      {step === "server" && (
        <form onSubmit={(e) => (e.preventDefault(), model.setServer(field("server"), field("tenant"), "sms"))}>
          <label for="server">{t("connect.server")}</label>
          <input id="server" type="url" required placeholder="https://sesame.example.com" />
          <label for="tenant">{t("connect.tenant")}</label>
          <input id="tenant" required />
          <button type="submit" id="sign-in-sms">{t("connect.bySms")}</button>
          <button type="button" class="secondary" id="use-pairing-code" onClick={() => model.setServer(field("server"), field("tenant"), "code")}>
            {t("connect.haveCode")}
          </button>
        </form>
      )}
      {step === "phone" && (
        <form onSubmit={(e) => (e.preventDefault(), void model.sendCode(field("phone")))}>
          <label for="phone">{t("connect.phone")}</label>
          <input id="phone" type="tel" autocomplete="tel" required />
          <button type="submit" disabled={model.busy.value}>{t("connect.sendCode")}</button>
        </form>
      )}
      {step === "code" && (
        <form onSubmit={(e) => (e.preventDefault(), void model.verifyCode(field("code")))}>
          <label for="code">{t("connect.code")}</label>
          <input id="code" inputMode="numeric" autocomplete="one-time-code" required />
          <button type="submit" disabled={model.busy.value}>{t("connect.signIn")}</button>
        </form>
      )}
      {step === "pairing" && (
        <form onSubmit={(e) => (e.preventDefault(), void model.pairWithCode(field("pairing-code")))}>
          <label for="pairing-code">{t("connect.pairingCode")}</label>
          <input id="pairing-code" required placeholder="XXXXX-XXXXX" />
          <button type="submit" disabled={model.busy.value}>{t("connect.pair")}</button>
        </form>
      )}
      {model.error.value && (
        <p class="error" role="alert" id="connect-error">
          {errorText(model.error.value)}
        </p>
      )}
    </>
  );
}

function AccountSummary({ account }: { account: Account }) {
  const overview = useSignal<ExtensionOverview | null>(null);
  const managing = useSignal(false);
  const refresh = () => void deviceClient(account, keyStore).overview().then((o) => (overview.value = o), () => undefined);
  useEffect(refresh, [account.id]);
  const o = overview.value;
  return (
    <section class="account" data-account={account.id}>
      <h2>
        {account.userName} <span class="muted">· {account.tenantName}</span>
      </h2>
      {o?.blocked && <p class="banner" id="blocked">{t("account.blocked")}</p>}
      {o && (
        <>
          <ul class="methods">
            {o.methods.map((m) => (
              <li key={m.id} data-method={m.type}>
                {methodLabel(m)}
                <div class="muted">
                  {t("account.lastUsed", {
                    when: m.lastUsedAt ? new Date(m.lastUsedAt).toLocaleString() : t("account.never"),
                    confirmed: m.lastConfirmedAt ? new Date(m.lastConfirmedAt).toLocaleDateString() : t("account.never"),
                  })}
                </div>
              </li>
            ))}
          </ul>
          <p class="muted">
            {t("account.registered", { registered: o.registration.registered, required: o.registration.required })}
            {o.reconfirmDueAt ? t("account.reviewDue", { date: new Date(o.reconfirmDueAt).toLocaleDateString() }) : ""}
          </p>
        </>
      )}
      {managing.value ? (
        <ManageMethods account={account} onClose={() => ((managing.value = false), refresh())} />
      ) : (
        <button class="secondary" id="manage-methods-open" onClick={() => (managing.value = true)}>
          {t("account.change")}
        </button>
      )}
    </section>
  );
}

function ApprovalsView({ only }: { only?: string }) {
  const approvals = useStored(approvalsItem, []);
  const result = useSignal<string | null>(null);
  const live = approvals.value.filter((a) => (!only || a.id === only) && Date.parse(a.expiresAt) > Date.now());
  const answer = async (accountId: string, approvalId: string, decision: "approve" | "deny") => {
    const number = (document.getElementById(`number-${approvalId}`) as HTMLInputElement | null)?.value ?? "";
    const sent = await toBackground({ type: "decide", accountId, approvalId, decision, ...(decision === "approve" ? { number } : {}) });
    result.value = sent.ok ? String((sent.value as { outcome: string }).outcome) : sent.code;
  };
  return (
    <>
      {live.map((a) => (
        <form key={a.id} class="approval" data-approval={a.id} onSubmit={(e) => (e.preventDefault(), void answer(a.accountId, a.id, "approve"))}>
          <strong>{t("approval.title", { flow: flowTitle(a.flowType) })}</strong>
          <div class="muted">{t("approval.asked", { where: whereFrom(a), time: new Date(a.at).toLocaleTimeString() })}</div>
          <label for={`number-${a.id}`}>{t("approval.number")}</label>
          <input id={`number-${a.id}`} inputMode="numeric" pattern="[0-9]{2}" maxLength={2} required />
          <button type="submit">{t("approval.approve")}</button>
          <button type="button" class="danger" onClick={() => void answer(a.accountId, a.id, "deny")}>
            {t("approval.deny")}
          </button>
        </form>
      ))}
      {only && live.length === 0 && !result.value && <p>{t("approval.gone")}</p>}
      {result.value && (
        <p role="status" id="approval-result">
          {result.value === "approved" ? t("approval.approved") : result.value === "wrong_number" ? t("approval.wrongNumber") : result.value === "denied" ? t("approval.denied") : errorText(result.value)}
        </p>
      )}
    </>
  );
}

function Timeline({ accounts }: { accounts: Account[] }) {
  const timeline = useStored<TimelineEntry[]>(timelineItem, []);
  const confirming = useSignal<string | null>(null);
  const status = useSignal<string | null>(null);
  const report = async (entry: TimelineEntry) => {
    const sent = await toBackground({ type: "report", accountId: entry.accountId, alertId: entry.id });
    status.value = sent.ok ? t("activity.reported") : errorText(sent.code);
    confirming.value = null;
    if (sent.ok) await timelineItem.setValue((await timelineItem.getValue()).map((e) => (e.id === entry.id ? { ...e, reported: true } : e)));
  };
  return (
    <>
      <h2>{t("activity.title")}</h2>
      {status.value && (
        <p role="status" id="report-status">
          {status.value}
        </p>
      )}
      <ul class="timeline">
        {timeline.value.map((entry) => (
          <li key={entry.id} data-alert={entry.kind} data-alert-id={entry.id}>
            <strong>{alertTitle(entry.kind)}</strong>
            <div class="muted">
              {new Date(entry.at).toLocaleString()} {whereFrom(entry)}
              {accounts.length > 1 ? ` · ${accounts.find((a) => a.id === entry.accountId)?.userName ?? ""}` : ""}
            </div>
            {entry.reported ? (
              <div class="muted">{t("activity.reportedShort")}</div>
            ) : confirming.value === entry.id ? (
              <>
                <div>{t("activity.confirm")}</div>
                <button class="danger confirm-report" onClick={() => void report(entry)}>
                  {t("activity.yes")}
                </button>
                <button class="secondary" onClick={() => (confirming.value = null)}>
                  {t("activity.cancel")}
                </button>
              </>
            ) : (
              <button class="secondary wasnt-me" onClick={() => (confirming.value = entry.id)}>
                {t("activity.wasntMe")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
