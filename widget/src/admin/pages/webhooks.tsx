import { useState } from "preact/hooks";
import { WebhookEventTypes } from "#contract/admin/webhook-events";
import type { WebhookDelivery, WebhookEndpoint } from "#contract/admin/webhooks";
import { api, tenantPath } from "../api";
import { announce, DataTable, Loading, PageHeading, Problem, useLoad } from "../ui";
import { useSave } from "./settings";

/** Webhook endpoints (secret shown once), and the delivery log with manual redelivery. */
export function WebhooksPage() {
  const endpoints = useLoad<{ value: WebhookEndpoint[] }>(tenantPath("/webhooks/endpoints"));
  const deliveries = useLoad<{ value: WebhookDelivery[] }>(tenantPath("/webhooks/deliveries?$top=50"));
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(["reset.completed", "alert.raised"]);
  const [secret, setSecret] = useState<string | null>(null);
  const { save, problem, busy } = useSave();
  const list = endpoints.data?.value ?? [];
  const log = deliveries.data?.value ?? [];
  const urlOf = (id: string) => list.find((e) => e.id === id)?.url ?? id;
  return (
    <>
      <PageHeading>Webhooks</PageHeading>
      <p>Events are POSTed signed per Standard Webhooks, retried with backoff (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) until the endpoint answers 2xx.</p>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          const made = await api<{ secret: string }>("POST", tenantPath("/webhooks/endpoints"), { url, events });
          if (made.ok) {
            setSecret(made.value.secret);
            setUrl("");
            announce("Endpoint added. Copy its signing secret now: it is shown once.");
            endpoints.reload();
          } else await save("POST", tenantPath("/webhooks/endpoints"), { url, events });
        }}
      >
        <h2>Add an endpoint</h2>
        <div class="field">
          <label for="hook-url">Endpoint URL (https)</label>
          <input id="hook-url" type="url" required value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        </div>
        <fieldset>
          <legend>Events</legend>
          {WebhookEventTypes.map((type) => (
            <div class="check" key={type}>
              <input type="checkbox" id={`event-${type}`} checked={events.includes(type)} onChange={(e) => setEvents(e.currentTarget.checked ? [...events, type] : events.filter((t) => t !== type))} />
              <label for={`event-${type}`}>{type}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          Add endpoint
        </button>
        <Problem problem={problem} />
      </form>
      {secret ? (
        <p class="once">
          Signing secret (shown once): <code>{secret}</code>
        </p>
      ) : null}
      <Loading loaded={endpoints} label="endpoints" />
      <DataTable
        caption="Endpoints"
        columns={["URL", "Events", "Enabled", "Secret ends with", "Actions"]}
        rows={list.map((e) => [e.url, e.events.join(", "), e.enabled ? "yes" : "no", e.secretHint, ""])}
        render={(r, c) => {
          if (c !== 4) return undefined;
          const e = list[r]!;
          return (
            <span class="actions">
              <button type="button" class="secondary" aria-label={`${e.enabled ? "Disable" : "Enable"} ${e.url}`} onClick={async () => (await save("PATCH", tenantPath(`/webhooks/endpoints/${e.id}`), { enabled: !e.enabled })) && endpoints.reload()}>
                {e.enabled ? "Disable" : "Enable"}
              </button>
              <button type="button" class="danger" aria-label={`Delete ${e.url}`} onClick={async () => (await save("DELETE", tenantPath(`/webhooks/endpoints/${e.id}`), undefined, "Endpoint deleted.")) && endpoints.reload()}>
                Delete
              </button>
            </span>
          );
        }}
      />
      <h2>Deliveries</h2>
      <button type="button" class="secondary" onClick={deliveries.reload}>
        Refresh deliveries
      </button>
      <DataTable
        caption="Delivery log, newest first"
        columns={["Created", "Event", "Endpoint", "Status", "Attempts", "Last answer", "Next attempt", "Actions"]}
        rows={log.map((d) => [d.createdAt, d.type, urlOf(d.endpointId), d.status, d.attempts, d.lastError ?? d.lastStatus, d.nextAttemptAt, ""])}
        csv="webhook-deliveries"
        render={(r, c) =>
          c === 7 ? (
            <button type="button" class="secondary" aria-label={`Redeliver ${log[r]!.type} to ${urlOf(log[r]!.endpointId)}`} onClick={async () => (await save("POST", tenantPath(`/webhooks/deliveries/${log[r]!.id}/redeliver`), undefined, "Redelivery queued.")) && deliveries.reload()}>
              Redeliver
            </button>
          ) : undefined
        }
      />
    </>
  );
}
