import { useState } from "preact/hooks";
import { AuditActivities } from "#contract/audit-activities";
import type { AuditEntry } from "#contract/audit";
import { api, tenantPath } from "../api";
import { session } from "../session";
import { announce, DataTable, Loading, PageHeading, Problem, useLoad } from "../ui";

interface ChainCheck {
  ok: boolean;
  shards: { shard: number; ok: boolean; entries: number; brokenAt?: number }[];
}

/** The audit log: filters, pages, CSV export of what the filters select, and the hash-chain check. */
export function AuditPage() {
  const [filters, setFilters] = useState({ activity: "", result: "", userId: "", ip: "", from: "", to: "" });
  const [applied, setApplied] = useState(filters);
  const [pages, setPages] = useState<string[]>([]);
  const [check, setCheck] = useState<ChainCheck | null>(null);
  const params = new URLSearchParams({ $top: "25" });
  for (const [name, value] of Object.entries(applied)) if (value) params.set(name, name === "from" || name === "to" ? new Date(value).toISOString() : value);
  const skip = pages.at(-1);
  if (skip) params.set("$skiptoken", skip);
  const log = useLoad<{ value: AuditEntry[]; skipToken?: string }>(tenantPath(`/auditLogs?${params}`));
  const entries = log.data?.value ?? [];
  const field = (name: keyof typeof filters, label: string, type: "text" | "datetime-local" = "text") => (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <input id={`filter-${name}`} type={type as "text"} value={filters[name]} onInput={(e) => setFilters({ ...filters, [name]: e.currentTarget.value })} />
    </div>
  );

  async function exportCsv() {
    const csvParams = new URLSearchParams(params);
    csvParams.delete("$skiptoken");
    csvParams.set("$top", "1000");
    csvParams.set("format", "csv");
    const response = await fetch(tenantPath(`/auditLogs?${csvParams}`), { headers: { authorization: `Bearer ${session.value?.credential ?? ""}` }, credentials: "omit" });
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = url;
    link.download = "audit.csv";
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return (
    <>
      <PageHeading>Audit log</PageHeading>
      <section aria-labelledby="chain-heading">
        <h2 id="chain-heading">Integrity</h2>
        <p>Every entry is chained to the one before it by a SHA-256 hash: a changed or deleted entry breaks the chain.</p>
        <button
          type="button"
          onClick={async () => {
            const answer = await api<ChainCheck>("GET", tenantPath("/auditLogs/verify"));
            if (answer.ok) {
              setCheck(answer.value);
              announce(answer.value.ok ? "The audit chain verifies." : "The audit chain is broken: an entry was tampered with.");
            }
          }}
        >
          Verify the audit chain
        </button>
        {check ? (
          <div class={check.ok ? "verdict ok" : "verdict broken"} role={check.ok ? undefined : "alert"} id="chain-verdict">
            {check.ok ? "Chain verified: no entry was changed." : `Tampering detected: ${check.shards.filter((s) => !s.ok).map((s) => `shard ${s.shard} breaks at entry ${s.brokenAt}`).join("; ")}.`}
          </div>
        ) : null}
      </section>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setPages([]);
          setApplied(filters);
        }}
      >
        <div class="field">
          <label for="filter-activity">Activity</label>
          <select id="filter-activity" value={filters.activity} onChange={(e) => setFilters({ ...filters, activity: e.currentTarget.value })}>
            <option value="">Any</option>
            {AuditActivities.map((activity) => (
              <option key={activity} value={activity}>
                {activity}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-result">Result</label>
          <select id="filter-result" value={filters.result} onChange={(e) => setFilters({ ...filters, result: e.currentTarget.value })}>
            <option value="">Any</option>
            <option value="success">Success</option>
            <option value="failure">Failure</option>
          </select>
        </div>
        {field("userId", "User id")}
        {field("ip", "IP address")}
        {field("from", "From", "datetime-local")}
        {field("to", "To", "datetime-local")}
        <button type="submit">Apply filters</button>
      </form>
      <Loading loaded={log} label="the audit log" />
      <Problem problem={log.problem} />
      <DataTable caption="Audit entries, newest first" columns={["Time", "Service", "Activity", "Result", "Reason", "User", "Actor", "IP", "Country", "Device"]} rows={entries.map((e) => [e.time, e.service, e.activity, e.result, e.reason, e.userName ?? e.userId, e.actor, e.ip, e.country, e.device ? `${e.device.browser} on ${e.device.os}` : null])} />
      <div class="actions">
        <button type="button" class="secondary" disabled={pages.length === 0} onClick={() => setPages(pages.slice(0, -1))}>
          Previous page
        </button>
        <button type="button" class="secondary" disabled={!log.data?.skipToken} onClick={() => log.data?.skipToken && setPages([...pages, log.data.skipToken])}>
          Next page
        </button>
        <button type="button" class="secondary" onClick={() => void exportCsv()}>
          Export as CSV
        </button>
      </div>
    </>
  );
}
