import { signal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { api, problemText, type ApiProblem } from "./api";

/** What the polite live region says: saved, deleted, loaded… (errors use role=alert where they appear). */
export const announcement = signal("");
export const announce = (text: string) => {
  // Cleared first, so saying the same thing twice is still spoken.
  announcement.value = "";
  setTimeout(() => (announcement.value = text), 50);
};

export function LiveRegion() {
  return (
    <div class="visually-hidden" role="status" aria-live="polite">
      {announcement.value}
    </div>
  );
}

export interface Loaded<T> {
  data: T | null;
  problem: ApiProblem | null;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (again when it changes, or on reload). */
export function useLoad<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; problem: ApiProblem | null; loading: boolean }>({ data: null, problem: null, loading: path !== null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    void api<T>("GET", path).then((answer) => {
      if (!live) return;
      setState(answer.ok ? { data: answer.value, problem: null, loading: false } : { data: null, problem: answer.problem, loading: false });
    });
    return () => {
      live = false;
    };
  }, [path, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}

export function Problem({ problem }: { problem: ApiProblem | null }) {
  if (!problem) return null;
  return (
    <p class="problem" role="alert">
      {problemText(problem)} <span class="code">({problem.code})</span>
    </p>
  );
}

export function Loading({ loaded, label }: { loaded: Loaded<unknown>; label: string }) {
  if (loaded.problem) return <Problem problem={loaded.problem} />;
  if (loaded.loading && !loaded.data) return <p aria-busy="true">Loading {label}…</p>;
  return null;
}

/** A page's heading, focused when the page opens so a screen reader announces where it is. */
export function PageHeading({ children }: { children: ComponentChildren }) {
  return (
    <h1 id="page-heading" tabIndex={-1}>
      {children}
    </h1>
  );
}

export type Cell = string | number | boolean | null | undefined;

/** A table as CSV (RFC 4180), safe to open in a spreadsheet. */
export function csvOf(columns: string[], rows: Cell[][]): string {
  const quote = (value: Cell) => {
    const text = value === null || value === undefined ? "" : String(value);
    // A leading =, +, - or @ would be a formula in a spreadsheet (CSV injection).
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [columns, ...rows].map((row) => row.map(quote).join(",")).join("\r\n");
}

export function downloadCsv(name: string, columns: string[], rows: Cell[][]): void {
  const url = URL.createObjectURL(new Blob([csvOf(columns, rows)], { type: "text/csv" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `${name}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A table with a caption, header cells scoped to their columns, and a CSV export of what it shows. */
export function DataTable({ caption, columns, rows, csv, render }: { caption: string; columns: string[]; rows: Cell[][]; csv?: string; render?: (row: number, column: number) => ComponentChildren }) {
  return (
    <div class="table-block">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length}>Nothing yet.</td>
            </tr>
          ) : (
            rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) => (
                  <td key={c}>{render?.(r, c) ?? (cell === null || cell === undefined ? "—" : String(cell))}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      {csv ? (
        <button type="button" class="secondary" onClick={() => downloadCsv(csv, columns, rows)}>
          Download “{caption}” as CSV
        </button>
      ) : null}
    </div>
  );
}

export interface Bar {
  label: string;
  values: number[];
}

/**
 * A grouped bar chart in plain SVG (no chart library: the page stays small). It is an image with
 * a text alternative; the same figures are in the table beside it for screen readers and CSV.
 */
export function BarChart({ title, series, bars }: { title: string; series: string[]; bars: Bar[] }) {
  const width = 640;
  const height = 180;
  const max = Math.max(1, ...bars.flatMap((bar) => bar.values));
  const group = bars.length ? (width - 40) / bars.length : width;
  const barWidth = Math.max(4, Math.min(28, (group - 8) / Math.max(1, series.length)));
  const summary = `${title}: ${bars.map((bar) => `${bar.label} ${bar.values.map((v, i) => `${series[i]} ${v}`).join(", ")}`).join("; ") || "no data"}`;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height + 30}`} role="img" aria-label={summary} focusable="false">
        <line x1="36" y1={height} x2={width} y2={height} stroke="#59636e" />
        <text x="0" y="12" class="axis">
          {max}
        </text>
        <text x="0" y={height} class="axis">
          0
        </text>
        {bars.map((bar, b) =>
          bar.values.map((value, s) => {
            const h = Math.round((value / max) * (height - 10));
            return <rect key={`${b}-${s}`} x={40 + b * group + s * barWidth} y={height - h} width={barWidth - 2} height={h} class={`series-${s}`} />;
          }),
        )}
        {bars.map((bar, b) => (
          <text key={bar.label} x={40 + b * group} y={height + 16} class="axis">
            {bar.label}
          </text>
        ))}
      </svg>
      <figcaption>
        {title}
        <span class="legend" aria-hidden="true">
          {series.map((name, s) => (
            <span key={name}>
              <svg width="12" height="12" focusable="false">
                <rect width="12" height="12" class={`series-${s}`} />
              </svg>{" "}
              {name}
            </span>
          ))}
        </span>
      </figcaption>
    </figure>
  );
}
