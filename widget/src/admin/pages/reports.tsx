import type { RegistrationReport, SmsReport, UsageReport, VitalsReportSummary } from "#contract/admin/reports";
import { tenantPath } from "../api";
import { BarChart, DataTable, Loading, PageHeading, useLoad } from "../ui";

const money = (n: number) => `$${n.toFixed(2)}`;
const percent = (n: number | null) => (n === null ? "—" : `${Math.round(n * 100)}%`);

function Usage() {
  const usage = useLoad<UsageReport>(tenantPath("/reports/usage"));
  if (!usage.data) return <Loading loaded={usage} label="usage" />;
  const u = usage.data;
  return (
    <section aria-labelledby="usage-heading">
      <h2 id="usage-heading">Resets and unlocks, last 30 days</h2>
      <p>
        Resets: {u.resets.success} succeeded, {u.resets.failure} failed. Unlocks: {u.unlocks.success} succeeded, {u.unlocks.failure} failed. Users blocked: {u.blocked}. Registrations: {u.registrations}.
      </p>
      <BarChart title="Resets and unlocks per day" series={["Resets succeeded", "Resets failed", "Unlocks succeeded", "Unlocks failed"]} bars={u.perDay.map((d) => ({ label: d.day.slice(5), values: [d.resets.success, d.resets.failure, d.unlocks.success, d.unlocks.failure] }))} />
      <DataTable caption="Resets and unlocks per day" columns={["Day", "Resets succeeded", "Resets failed", "Unlocks succeeded", "Unlocks failed"]} rows={u.perDay.map((d) => [d.day, d.resets.success, d.resets.failure, d.unlocks.success, d.unlocks.failure])} csv="resets-per-day" />
      <DataTable caption="Resets by method and result" columns={["Methods", "Succeeded", "Failed"]} rows={u.resets.byMethods.map((m) => [m.methods.join(" + ") || "none", m.success, m.failure])} csv="resets-by-method" />
      <h3>Reset funnel</h3>
      <BarChart title="Reset funnel" series={["Flows"]} bars={[{ label: "Started", values: [u.funnel.started] }, { label: "Verified", values: [u.funnel.verified] }, { label: "Completed", values: [u.funnel.completed] }]} />
      <DataTable caption="Reset funnel" columns={["Started", "Methods verified", "Completed"]} rows={[[u.funnel.started, u.funnel.verified, u.funnel.completed]]} csv="reset-funnel" />
      <DataTable caption="Failure reasons" columns={["Reason", "Count"]} rows={u.failureReasons.map((r) => [r.reason, r.count])} csv="failure-reasons" />
    </section>
  );
}

function Registration() {
  const all = useLoad<RegistrationReport>(tenantPath("/reports/registration?$top=100"));
  const none = useLoad<RegistrationReport>(tenantPath("/reports/registration?hasMethods=false&$top=100"));
  if (!all.data) return <Loading loaded={all} label="registration" />;
  const s = all.data.summary;
  const some = s.totalUsers - s.withoutMethods - s.ssprRegistered;
  return (
    <section aria-labelledby="registration-heading">
      <h2 id="registration-heading">Registration coverage</h2>
      <BarChart title="Users by registration" series={["Users"]} bars={[{ label: "No methods", values: [s.withoutMethods] }, { label: "Not enough", values: [Math.max(0, some)] }, { label: "Enough", values: [s.ssprRegistered] }]} />
      <DataTable caption="Registration coverage" columns={["Users", "No methods", "Some, not enough", "Enough to reset", "Could reset now"]} rows={[[s.totalUsers, s.withoutMethods, Math.max(0, some), s.ssprRegistered, s.ssprCapable]]} csv="registration-coverage" />
      <DataTable caption="Users with no methods registered" columns={["User name", "Display name", "Admin"]} rows={(none.data?.value ?? []).map((u) => [u.userName, u.displayName, u.isAdmin ? "yes" : "no"])} csv="unregistered-users" />
    </section>
  );
}

function Sms() {
  const sms = useLoad<SmsReport>(tenantPath("/reports/sms?days=30"));
  if (!sms.data) return <Loading loaded={sms} label="SMS" />;
  const r = sms.data;
  return (
    <section aria-labelledby="sms-heading">
      <h2 id="sms-heading">SMS and calls, last {r.days} days</h2>
      <p>
        Sent {r.sent}, verified {r.verified} (conversion {percent(r.conversion)}), cost {money(r.cost)}. Blocked {r.blocked} sends: <strong>{money(r.saved)} saved</strong>.
      </p>
      <BarChart title="Codes per country" series={["Sent", "Verified", "Blocked"]} bars={r.countries.slice(0, 12).map((c) => ({ label: c.country, values: [c.sent, c.verified, c.blocked] }))} />
      <DataTable caption="Codes per destination country" columns={["Country", "Sent", "Verified", "Conversion", "Blocked", "Cost (USD)", "Saved (USD)"]} rows={r.countries.map((c) => [c.country, c.sent, c.verified, percent(c.conversion), c.blocked, c.cost, c.saved])} csv="sms-by-country" />
    </section>
  );
}

const UNITS: Record<string, string> = { LOAD: " ms", INP: " ms", CLS: "" };
const LABELS: Record<string, string> = { LOAD: "Widget load (script start to first step ready)", INP: "Interaction to next paint", CLS: "Cumulative layout shift" };

function Performance() {
  const vitals = useLoad<VitalsReportSummary>(tenantPath("/reports/vitals?days=7"));
  if (!vitals.data) return <Loading loaded={vitals} label="performance" />;
  const p75 = (m: VitalsReportSummary["metrics"][number]) => (m.p75 !== null ? `≤ ${m.p75}${UNITS[m.name]}` : m.p75Above !== null ? `> ${m.p75Above}${UNITS[m.name]}` : "—");
  return (
    <section aria-labelledby="performance-heading">
      <h2 id="performance-heading">Widget performance, last {vitals.data.days} days</h2>
      <p>From the web vitals that sampled widgets report (the script's `vitals` option).</p>
      <DataTable caption="Widget web vitals" columns={["Metric", "Reports", "75th percentile", "Good", "Needs improvement", "Poor"]} rows={vitals.data.metrics.map((m) => [LABELS[m.name], m.count, p75(m), m.good, m.needsImprovement, m.poor])} csv="widget-vitals" />
    </section>
  );
}

/** Reports as Entra's "usage and insights", plus SMS conversion and money saved. Charts are plain SVG. */
export function ReportsPage() {
  return (
    <>
      <PageHeading>Reports</PageHeading>
      <Usage />
      <Registration />
      <Sms />
      <Performance />
    </>
  );
}
