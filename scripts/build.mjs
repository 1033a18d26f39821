#!/usr/bin/env node
// `npm run build`: builds what the worker serves as static assets into dist/public (the
// `[assets]` directory of wrangler.toml): the widget, and the admin console (dist/public/admin).
// The widget:
//   dist/public/v1/sesame.js   the first-load script, a classic script (IIFE) the partner loads
//   dist/public/v1/w/*.js      the app and its lazy chunks (steps, locales, web-vitals), ES modules
//   dist/public/_headers       CORS and caching for them (Workers static assets read this file)
// and dist/widget-build.json, which lists the files each budget covers for the size check.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { build } from "vite";

const outDir = "dist/public";
const jsx = { oxc: { jsx: { runtime: "automatic", importSource: "preact" } } };
const common = { configFile: false, logLevel: "warn", publicDir: false, ...jsx };

export async function buildAll() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  // The app: ES modules with code splitting. No modulepreload links: they would be added to the
  // host page's <head>, and the widget must not touch the host page. Everything the first step
  // imports goes into the entry (the `$initial` group; the entry may then export more than
  // `mount`, "allow-extension"): the lazy steps import what they share with it from there, and
  // the first step costs one request after sesame.js instead of one per shared chunk.
  const app = await build({
    ...common,
    base: "./",
    build: {
      outDir: `${outDir}/v1/w`,
      emptyOutDir: true,
      modulePreload: false,
      sourcemap: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: { app: "widget/src/app/main.tsx" },
        preserveEntrySignatures: "allow-extension",
        output: { format: "es", entryFileNames: "[name]-[hash].js", chunkFileNames: "[name]-[hash].js", codeSplitting: { groups: [{ name: "app", tags: ["$initial"] }] } },
      },
    },
  });
  const chunks = (Array.isArray(app) ? app : [app]).flatMap((result) => result.output).filter((file) => file.type === "chunk");
  const entry = chunks.find((chunk) => chunk.isEntry);
  if (!entry) throw new Error("the app build produced no entry chunk");
  // Everything the browser must fetch before the first step can render: the entry and its
  // static imports, transitively (dynamic imports are the lazy parts).
  const firstStep = new Set();
  const visit = (fileName) => {
    if (firstStep.has(fileName)) return;
    firstStep.add(fileName);
    for (const imported of chunks.find((chunk) => chunk.fileName === fileName)?.imports ?? []) visit(imported);
  };
  visit(entry.fileName);

  // The loader: one classic script, so a plain <script src async defer> works and it can read
  // document.currentScript. It imports the app by its hashed name, and the app's static
  // imports alongside it (in parallel rather than one round trip later).
  await build({
    ...common,
    define: {
      __SESAME_APP__: JSON.stringify(`w/${entry.fileName}`),
      __SESAME_PRELOAD__: JSON.stringify([...firstStep].filter((file) => file !== entry.fileName).map((file) => `w/${file}`)),
    },
    build: {
      outDir: `${outDir}/v1`,
      emptyOutDir: false,
      sourcemap: false,
      reportCompressedSize: false,
      lib: { entry: "widget/src/embed/loader.ts", formats: ["iife"], name: "sesameLoader", fileName: () => "sesame.js" },
    },
  });

  // Module scripts are fetched with CORS, so the app's chunks need Access-Control-Allow-Origin
  // on every partner origin; they are public code, so `*`. Hashed chunks never change.
  writeFileSync(
    `${outDir}/_headers`,
    [
      "/v1/sesame.js",
      "  Access-Control-Allow-Origin: *",
      "  Cross-Origin-Resource-Policy: cross-origin",
      "  Cache-Control: public, max-age=300",
      "  X-Content-Type-Options: nosniff",
      "/admin/*",
      "  Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      "  X-Frame-Options: DENY",
      "  Referrer-Policy: no-referrer",
      "  X-Content-Type-Options: nosniff",
      "  Cache-Control: no-cache",
      "/admin/assets/*",
      "  ! Cache-Control",
      "  Cache-Control: public, max-age=31536000, immutable",
      "/v1/w/*",
      "  Access-Control-Allow-Origin: *",
      "  Cross-Origin-Resource-Policy: cross-origin",
      "  Cache-Control: public, max-age=31536000, immutable",
      "  X-Content-Type-Options: nosniff",
      "",
    ].join("\n"),
  );
  await buildConsole();
  const report = {
    loader: "v1/sesame.js",
    app: `v1/w/${entry.fileName}`,
    firstStep: ["v1/sesame.js", ...[...firstStep].map((file) => `v1/w/${file}`)],
    lazy: chunks.map((chunk) => `v1/w/${chunk.fileName}`).filter((file) => !firstStep.has(file.slice("v1/w/".length))),
  };
  writeFileSync("dist/widget-build.json", `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

/**
 * The admin console at /admin (dist/public/admin): its own bundle, apart from the widget's (and
 * so outside the widget's size budgets), one hashed script and one stylesheet, and an
 * index.html without inline script or style, served with a strict CSP (see _headers).
 */
async function buildConsole() {
  const dir = `${outDir}/admin`;
  const result = await build({
    ...common,
    base: "/admin/",
    build: {
      outDir: `${dir}/assets`,
      emptyOutDir: true,
      modulePreload: false,
      sourcemap: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: { console: "widget/src/admin/main.tsx" },
        output: { format: "es", entryFileNames: "[name]-[hash].js", chunkFileNames: "[name]-[hash].js" },
      },
    },
  });
  const entry = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output).find((file) => file.type === "chunk" && file.isEntry);
  if (!entry) throw new Error("the console build produced no entry chunk");
  const css = readFileSync("widget/src/admin/console.css");
  const cssName = `console-${createHash("sha256").update(css).digest("hex").slice(0, 8)}.css`;
  writeFileSync(`${dir}/assets/${cssName}`, css);
  writeFileSync(
    `${dir}/index.html`,
    [
      "<!doctype html>",
      '<html lang="en">',
      "<head>",
      '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      "<title>Sesame admin</title>",
      `<link rel="stylesheet" href="/admin/assets/${cssName}">`,
      `<script type="module" src="/admin/assets/${entry.fileName}"></script>`,
      "</head>",
      "<body>",
      '<div id="console"></div>',
      "<noscript>The Sesame admin console needs JavaScript. The admin API works without it (see the README).</noscript>",
      "</body>",
      "</html>",
      "",
    ].join("\n"),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const report = await buildAll();
  console.log(`built the widget in ${Date.now() - started} ms: ${report.firstStep.length} first-step files, ${report.lazy.length} lazy chunks`);
}
