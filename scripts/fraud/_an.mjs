import { readFileSync } from "node:fs";
const { sends } = JSON.parse(readFileSync(process.argv[2], "utf8"));
const bucket = (s) => s.score === null ? "none" : String(Math.floor(s.score / 10) * 10).padStart(3);
const groups = new Map();
for (const s of sends) {
  const key = s.label === "legit" ? "legit" : s.campaign;
  const g = groups.get(key) ?? new Map();
  const b = bucket(s);
  g.set(b, (g.get(b) ?? 0) + 1);
  groups.set(key, g);
}
const buckets = ["none", "  0", " 10", " 20", " 30", " 40", " 50", " 60", " 70", " 80", " 90", "100"];
console.log("group".padEnd(18) + buckets.map((b) => b.padStart(6)).join(""));
for (const [k, g] of groups) console.log(k.padEnd(18) + buckets.map((b) => String(g.get(b) ?? 0).padStart(6)).join(""));
// reasons on legit sends with score >= 30
const reasons = new Map();
for (const s of sends.filter((s) => s.label === "legit" && s.score >= 30)) for (const r of s.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
console.log("legit >=30 reasons:", [...reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r}:${n}`).join(" "));
