#!/usr/bin/env node
// The demo partner site that `npm start` serves on its own origin (the worker's port + 1): a
// static page embedding Sesame exactly as a partner would, by script tag, under a strict CSP
// (no inline script or style, nothing but its own origin and Sesame's). The Sesame origin is
// written into the HTML when it is served, since it depends on the port.
//   node scripts/demo-server.mjs --port 8788 --api http://127.0.0.1:8787
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { parseArgs } from "node:util";

const root = new URL("../widget/demo/", import.meta.url).pathname;
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };

/** The policy a careful partner would set; the widget must work under it. */
export function demoCsp(api) {
  return [
    "default-src 'none'",
    `script-src 'self' ${api}`,
    `connect-src ${api}`,
    "style-src 'self'",
    `img-src 'self' ${api} https: data:`,
    `frame-src ${api}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join("; ");
}

export function startDemoServer({ port, api, host = "127.0.0.1" }) {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://demo").pathname;
    const file = normalize(join(root, path === "/" ? "index.html" : path));
    const type = types[extname(file)];
    if (!file.startsWith(root) || !type || request.method !== "GET") {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    try {
      let body = await readFile(file, "utf8");
      // Written in on the server, not by script: text changing after the first paint would shift the page.
      if (type.startsWith("text/html")) body = body.replaceAll("%SESAME_API%", api).replaceAll("%DEMO_ORIGIN%", `http://${request.headers.host ?? host}`);
      response.writeHead(200, {
        "content-type": type,
        "cache-control": "no-store",
        "content-security-policy": demoCsp(api),
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
      });
      response.end(body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { port: { type: "string" }, api: { type: "string" } } });
  const port = Number(values.port ?? 8788);
  await startDemoServer({ port, api: values.api ?? "http://127.0.0.1:8787" });
  console.log(`demo partner page on http://127.0.0.1:${port}/`);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
}
