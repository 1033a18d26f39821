import { defineConfig } from "wxt";

/**
 * The companion extension: one source, built for Chrome (MV3) and Firefox (`npm run
 * build:extension` builds both into dist/extension). Preact through Vite's JSX transform (oxc),
 * as the widget builds it; no auto-imports, so every module says where its names come from.
 */
export default defineConfig({
  srcDir: ".",
  outDir: "../dist/extension",
  imports: false,
  manifest: {
    // Name and description in the browser's language, from public/_locales (the popup's own
    // strings are in lib/i18n, with the widget's five languages).
    name: "__MSG_extName__",
    default_locale: "en",
    version: "0.1.0",
    description: "__MSG_extDescription__",
    permissions: ["storage", "alarms", "notifications"],
    // Sesame's API, wherever the organisation runs it; the popup and the background call it.
    host_permissions: ["https://*/*", "http://127.0.0.1/*", "http://localhost/*"],
    // Nothing leaves the browser but calls to the organisation's own Sesame server.
    browser_specific_settings: { gecko: { id: "extension@sesame.example", data_collection_permissions: { required: ["none"] } } } as never,
  },
  zip: { artifactTemplate: "sesame-extension-{{browser}}.zip" },
  vite: () => ({
    oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  }),
});
