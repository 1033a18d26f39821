import type { Alert } from "#contract/admin/alerts";
import { tenantPath } from "../api";
import { session } from "../session";
import { DataTable, Loading, PageHeading, useLoad } from "../ui";
import { useSave } from "./settings";

const KIND: Record<Alert["kind"], string> = {
  reset_spike: "Spike in password resets (a phishing campaign?)",
  verification_failure_spike: "Spike in failed verifications (brute force?)",
  country_send_spike: "Spike in codes sent to one country (SMS pumping?)",
};

/** The start page: who is signed in, and the alerts raised. */
export function OverviewPage() {
  const alerts = useLoad<{ value: Alert[] }>(tenantPath("/alerts"));
  const { save } = useSave();
  const list = alerts.data?.value ?? [];
  return (
    <>
      <PageHeading>Overview of {session.value?.tenant}</PageHeading>
      <h2>Alerts</h2>
      <Loading loaded={alerts} label="alerts" />
      <DataTable
        caption="Alerts, newest first"
        columns={["Raised", "Alert", "Country", "Count in the hour", "Usual per hour", "Acknowledged"]}
        rows={list.map((a) => [a.raisedAt, KIND[a.kind], a.country, a.count, a.baseline, a.acknowledgedAt ?? ""])}
        csv="alerts"
        render={(r, c) =>
          c === 5 && !list[r]!.acknowledgedAt ? (
            <button type="button" class="secondary" aria-label={`Acknowledge: ${KIND[list[r]!.kind]}`} onClick={async () => (await save("POST", tenantPath(`/alerts/${list[r]!.id}/acknowledge`), undefined, "Alert acknowledged.")) && alerts.reload()}>
              Acknowledge
            </button>
          ) : undefined
        }
      />
    </>
  );
}
