import { useState } from "preact/hooks";
import type { SiteKeyInfo } from "#contract/tokens";
import type { Tenant } from "#contract/admin/tenant";
import { api, tenantPath, type ApiProblem } from "../api";
import { announce, DataTable, Loading, Problem, useLoad } from "../ui";
import { useSave } from "./settings";

/** A JSON document edited as text and PATCHed whole: the API's rules answer any mistake, field by field. */
function JsonEditor({ id, label, path, initial, hint }: { id: string; label: string; path: string; initial: unknown; hint: string }) {
  const [text, setText] = useState(JSON.stringify(initial, null, 2));
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const { save, problem, busy } = useSave();
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          setLocal({ code: "BAD_JSON", message: "That is not valid JSON.", status: 400 });
          return;
        }
        setLocal(null);
        await save("PATCH", path, body);
      }}
    >
      <div class="field">
        <label for={id}>{label}</label>
        <textarea id={id} class="code" rows={16} spellcheck={false} value={text} onInput={(e) => setText(e.currentTarget.value)} aria-describedby={`${id}-hint`} />
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      </div>
      <button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save"}
      </button>
      <Problem problem={local ?? problem} />
    </form>
  );
}

export function PhoneProtectionTab() {
  const policy = useLoad<Record<string, unknown>>(tenantPath("/policies/phoneProtection"));
  const spend = useLoad<{ currency: string; day: number; month: number; dailyCap: number | null; monthlyCap: number | null }>(tenantPath("/phoneProtection/spend"));
  return (
    <>
      {spend.data ? (
        <p>
          Spent today {spend.data.day.toFixed(2)} {spend.data.currency} (cap {spend.data.dailyCap ?? "none"}), this month {spend.data.month.toFixed(2)} {spend.data.currency} (cap {spend.data.monthlyCap ?? "none"}).
        </p>
      ) : null}
      {policy.data ? (
        <JsonEditor
          id="phone-policy"
          label="Phone protection policy"
          path={tenantPath("/policies/phoneProtection")}
          initial={policy.data}
          hint="Allowed SMS countries, score thresholds, allow and deny lists, spend caps and prices, circuit-breaker mode and CAPTCHA. Any part may be changed; see docs/README-fraud.md."
        />
      ) : (
        <Loading loaded={policy} label="phone protection" />
      )}
    </>
  );
}

export function ProvidersTab() {
  const providers = useLoad<{ sms: string[]; voice: string[]; email: string[]; available: Record<string, string[]> }>(tenantPath("/providers"));
  if (!providers.data) return <Loading loaded={providers} label="providers" />;
  const { available, ...order } = providers.data;
  return (
    <>
      <DataTable
        caption="Providers by channel, tried in order"
        columns={["Channel", "Providers", "Available"]}
        rows={Object.entries(order).map(([channel, list]) => [channel, list.join(", ") || "the deployment's default", (available[channel] ?? []).join(", ")])}
      />
      <JsonEditor id="providers" label="Provider order" path={tenantPath("/providers")} initial={order} hint='Per channel, the providers to try in order, e.g. { "sms": ["twilio", "vonage"] }.' />
    </>
  );
}

export function OriginsTab() {
  const tenant = useLoad<Tenant>(tenantPath(""));
  const site = useLoad<SiteKeyInfo>(tenantPath("/siteKey"));
  const [origins, setOrigins] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const { save, problem, busy } = useSave();
  if (!tenant.data) return <Loading loaded={tenant} label="the tenant" />;
  const text = origins ?? tenant.data.allowedOrigins.join("\n");
  return (
    <>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          await save("PATCH", tenantPath(""), { allowedOrigins: text.split(/\s+/).filter(Boolean) });
        }}
      >
        <div class="field">
          <label for="origins">Origins the widget may run on, one per line</label>
          <textarea id="origins" rows={5} value={text} onInput={(e) => setOrigins(e.currentTarget.value)} />
        </div>
        <button type="submit" disabled={busy}>
          Save origins
        </button>
        <Problem problem={problem} />
      </form>
      <h3>Site key</h3>
      {site.data ? (
        <p>
          Site key <code>{site.data.siteKey}</code>, secret ending {site.data.secretHint}, rotated {site.data.secretRotatedAt}.
        </p>
      ) : (
        <Loading loaded={site} label="the site key" />
      )}
      <button
        type="button"
        class="secondary"
        onClick={async () => {
          const made = await api<{ secret: string }>("POST", tenantPath("/siteKey"));
          if (made.ok) {
            setSecret(made.value.secret);
            announce("Site secret rotated. Copy the new secret now: it is shown once.");
            site.reload();
          }
        }}
      >
        Rotate the site secret
      </button>
      {secret ? (
        <p class="once">
          New site secret (shown once): <code>{secret}</code>
        </p>
      ) : null}
    </>
  );
}

interface ApiKeyInfo {
  id: string;
  name: string;
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function ApiKeysTab() {
  const keys = useLoad<{ value: ApiKeyInfo[] }>(tenantPath("/apiKeys"));
  const [name, setName] = useState("");
  const [created, setCreated] = useState<string | null>(null);
  const { save, problem, busy } = useSave();
  const rows = keys.data?.value ?? [];
  return (
    <>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          const made = await api<{ key: string }>("POST", tenantPath("/apiKeys"), { name });
          if (made.ok) {
            setCreated(made.value.key);
            setName("");
            announce("API key created. Copy it now: it is shown once.");
            keys.reload();
          }
        }}
      >
        <div class="field">
          <label for="key-name">New key's name</label>
          <input id="key-name" required maxLength={80} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <button type="submit">Create API key</button>
      </form>
      {created ? (
        <p class="once">
          New key (shown once): <code>{created}</code>
        </p>
      ) : null}
      <Loading loaded={keys} label="API keys" />
      <DataTable
        caption="API keys"
        columns={["Name", "Ends with", "Created", "Last used", "Actions"]}
        rows={rows.map((key) => [key.name, key.hint, key.createdAt, key.lastUsedAt, ""])}
        render={(r, c) =>
          c === 4 ? (
            <button
              type="button"
              class="danger"
              disabled={busy}
              aria-label={`Revoke the key ${rows[r]!.name}`}
              onClick={async () => {
                if (await save("DELETE", tenantPath(`/apiKeys/${rows[r]!.id}`), undefined, "API key revoked.")) keys.reload();
              }}
            >
              Revoke
            </button>
          ) : undefined
        }
      />
      <Problem problem={problem} />
    </>
  );
}
