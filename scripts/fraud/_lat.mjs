import { measureLatency } from "./latency.mjs";
const r = await measureLatency({ samples: Number(process.env.SAMPLES ?? 40) });
console.log(JSON.stringify(r));
