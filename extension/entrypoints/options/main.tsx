import { useSignal } from "@preact/signals";
import { render } from "preact";
import { useEffect } from "preact/hooks";
import { AlertKinds } from "#contract/extension";
import { accountsItem, preferencesItem, type Account, type Preferences } from "../../lib/accounts";
import { alertTitle } from "../../lib/alerts";
import { browserLocale, t } from "../../lib/i18n/i18n";
import { toBackground } from "../../lib/send";

/** Options: the paired accounts (several tenants allowed), notification preferences, signing out. */
function Options() {
  const accounts = useSignal<Account[]>([]);
  const prefs = useSignal<Preferences>({ notify: true, muted: [] });
  useEffect(() => {
    void accountsItem.getValue().then((a) => (accounts.value = a));
    void preferencesItem.getValue().then((p) => (prefs.value = p));
    return accountsItem.watch((a) => (accounts.value = a));
  }, []);
  const save = async (next: Preferences) => {
    prefs.value = next;
    await preferencesItem.setValue(next);
  };
  return (
    <>
      <h1>Sesame</h1>
      <h2>{t("options.accounts")}</h2>
      <ul>
        {accounts.value.map((a) => (
          <li key={a.id} data-account={a.id}>
            {a.userName} · {a.tenantName} <span class="muted">({a.server}, {t("options.paired", { date: new Date(a.pairedAt).toLocaleDateString() })})</span>
            <div>
              <button class="danger sign-out" onClick={() => void toBackground({ type: "forget", accountId: a.id })}>
                {t("options.forget")}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <p class="muted">{t("options.addHint")}</p>
      <h2>{t("options.notifications")}</h2>
      <label>
        <input type="checkbox" style="width:auto" checked={prefs.value.notify} onChange={(e) => void save({ ...prefs.value, notify: (e.target as HTMLInputElement).checked })} /> {t("options.notify")}
      </label>
      {AlertKinds.map((kind) => (
        <label key={kind} style="font-weight:normal">
          <input
            type="checkbox"
            style="width:auto"
            checked={!prefs.value.muted.includes(kind)}
            onChange={(e) =>
              void save({ ...prefs.value, muted: (e.target as HTMLInputElement).checked ? prefs.value.muted.filter((k) => k !== kind) : [...prefs.value.muted, kind] })
            }
          />{" "}
          {alertTitle(kind)}
        </label>
      ))}
    </>
  );
}

document.documentElement.lang = browserLocale();
render(<Options />, document.getElementById("app")!);
