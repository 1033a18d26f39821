import { readFileSync } from "node:fs";
const { sends } = JSON.parse(readFileSync(process.argv[2], "utf8"));
const want = process.argv[3];
for (const s of sends.filter((s) => s.label === "legit" && s.reasons.includes(want))) console.log(s.score, s.outcome, s.phone, s.reasons.join(","));
