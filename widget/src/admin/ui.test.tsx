import { describe, expect, it } from "vitest";
import { render } from "preact";
import { BarChart, csvOf, DataTable } from "./ui";

describe("the console's tables", () => {
  it("export as CSV with quoting, and defuse cells a spreadsheet would run as formulas", () => {
    const csv = csvOf(["User", "Note"], [["a@x.example", 'said "hi", then left'], ["=HYPERLINK(\"http://evil\")", null], ["-2+3", 5]]);
    expect(csv.split("\r\n")).toEqual(["User,Note", 'a@x.example,"said ""hi"", then left"', `"'=HYPERLINK(""http://evil"")",`, "'-2+3,5"]);
  });

  it("render with a caption and column headers scoped to their columns", () => {
    const host = document.createElement("div");
    render(<DataTable caption="Resets" columns={["Day", "Count"]} rows={[["2026-11-23", 3]]} csv="resets" />, host);
    expect(host.querySelector("caption")?.textContent).toBe("Resets");
    expect([...host.querySelectorAll("th")].map((th) => th.getAttribute("scope"))).toEqual(["col", "col"]);
    expect(host.querySelector("button")?.textContent).toBe("Download “Resets” as CSV");
  });

  it("draw charts as images whose text alternative carries the figures", () => {
    const host = document.createElement("div");
    render(<BarChart title="Funnel" series={["Flows"]} bars={[{ label: "Started", values: [4] }, { label: "Completed", values: [1] }]} />, host);
    const svg = host.querySelector("svg[role=img]");
    expect(svg?.getAttribute("aria-label")).toBe("Funnel: Started Flows 4; Completed Flows 1");
    expect(host.querySelectorAll("rect.series-0").length).toBeGreaterThanOrEqual(2);
  });
});
