/**
 * The widget's stylesheet, adopted by each shadow root (a constructed stylesheet is not subject
 * to the host page's `style-src`, so strict CSPs need no 'unsafe-inline'). Partners theme it
 * with the documented --sesame-* custom properties, which inherit through the shadow boundary;
 * the tenant's branding (--_brand-*) sits underneath them. Sizes are in em/rem so 200% zoom and
 * 320 px widths reflow instead of clipping; motion only when the user has not asked for less.
 */
const dark = `
  --c-bg: var(--sesame-color-background, #1c1c21);
  --c-text: var(--sesame-color-text, #f2f2f5);
  --c-muted: var(--sesame-color-muted, #b9b9c4);
  --c-border: var(--sesame-color-border, #8c8c99);
  --c-input-bg: var(--sesame-color-input-background, #26262c);
  --c-error: var(--sesame-color-error, #ffb4ab);
  --c-success: var(--sesame-color-success, #7ddc94);
  --c-link: var(--sesame-color-link, #9ccaff);
  --c-focus: var(--sesame-color-focus, #9ccaff);
  color-scheme: dark;`;

export const css = `
:host { display: block; min-height: var(--sesame-min-height, 24rem); }
.root {
  --c-primary: var(--sesame-color-primary, var(--_brand-primary, #0f6cbd));
  --c-on-primary: var(--sesame-color-on-primary, var(--_brand-on-primary, #ffffff));
  --c-bg: var(--sesame-color-background, var(--_brand-bg, #ffffff));
  --c-text: var(--sesame-color-text, #1b1b1f);
  --c-muted: var(--sesame-color-muted, #545460);
  --c-border: var(--sesame-color-border, #767682);
  --c-input-bg: var(--sesame-color-input-background, #ffffff);
  --c-error: var(--sesame-color-error, #b3261e);
  --c-success: var(--sesame-color-success, #146c2e);
  --c-link: var(--sesame-color-link, var(--_brand-link, #0f6cbd));
  --c-focus: var(--sesame-color-focus, var(--c-primary));
  color-scheme: light;
  box-sizing: border-box; max-width: var(--sesame-max-width, 28rem); min-height: var(--sesame-min-height, 24rem);
  padding: var(--sesame-spacing, 1.25rem); border: 1px solid var(--c-border); border-radius: var(--sesame-radius, 0.5rem);
  background: var(--c-bg); color: var(--c-text); font-family: var(--sesame-font-family, inherit);
  font-size: var(--sesame-font-size, 1rem); line-height: 1.5; overflow-wrap: anywhere; text-align: start;
}
.dark { ${dark} }
@media (prefers-color-scheme: dark) { .auto { ${dark} } }
*, *::before, *::after { box-sizing: inherit; }
.brand { display: flex; align-items: center; gap: 0.5em; min-height: 2rem; margin: 0 0 0.5em; color: var(--c-muted); font-size: 0.875em; }
.brand img { height: 2rem; width: auto; max-width: 8em; object-fit: contain; }
h2 { font-size: 1.25em; line-height: 1.3; margin: 0 0 0.5em; }
h2:focus { outline: none; }
h2:focus-visible { outline: 3px solid var(--c-focus); outline-offset: 2px; }
p { margin: 0.5em 0; }
.muted, .hint { color: var(--c-muted); }
.hint { font-size: 0.875em; margin: 0.25em 0 0; }
label, legend { display: block; font-weight: 600; margin: 1em 0 0.25em; padding: 0; }
fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
input[type="text"], input[type="tel"], input[type="email"], input[type="password"] {
  display: block; width: 100%; min-height: 2.75rem; padding: 0.5em 0.75em; font: inherit; color: inherit;
  background: var(--c-input-bg); border: 1px solid var(--c-border); border-radius: calc(var(--sesame-radius, 0.5rem) * 0.75);
}
input[aria-invalid="true"] { border: 2px solid var(--c-error); }
.code input { max-width: 12em; font-size: 1.25em; letter-spacing: 0.25em; font-variant-numeric: tabular-nums; }
.choice { display: flex; gap: 0.6em; align-items: flex-start; margin: 0.5em 0 0; padding: 0.6em 0.75em;
  border: 1px solid var(--c-border); border-radius: calc(var(--sesame-radius, 0.5rem) * 0.75); font-weight: 400; cursor: pointer; }
.choice:has(input:checked) { border-color: var(--c-primary); box-shadow: inset 0 0 0 1px var(--c-primary); }
.choice input { flex: none; width: 1.2em; height: 1.2em; margin: 0.15em 0 0; accent-color: var(--c-primary); }
.check { display: flex; gap: 0.5em; align-items: center; font-weight: 400; }
.check input { width: 1.2em; height: 1.2em; margin: 0; accent-color: var(--c-primary); }
.actions { display: flex; flex-wrap: wrap; gap: 0.75em; align-items: center; margin: 1em 0 0; }
button { font: inherit; cursor: pointer; }
button:disabled { cursor: not-allowed; opacity: 0.6; }
.primary { min-height: 2.75rem; padding: 0.5em 1.25em; border: 2px solid transparent; border-radius: calc(var(--sesame-radius, 0.5rem) * 0.75);
  background: var(--c-primary); color: var(--c-on-primary); font-weight: 600; }
.link { min-height: 1.5rem; padding: 0.25em 0; border: 0; background: none; color: var(--c-link); text-decoration: underline; }
a { color: var(--c-link); }
:focus-visible { outline: 3px solid var(--c-focus); outline-offset: 2px; }
.error { color: var(--c-error); font-weight: 600; }
.alert:empty, .status:empty { display: none; }
.alert { margin: 0.75em 0; }
.rules { list-style: none; margin: 0.25em 0 0; padding: 0; }
.rules li { display: flex; gap: 0.5em; align-items: baseline; margin: 0.2em 0; }
.rules .mark { flex: none; width: 1em; text-align: center; font-weight: 700; }
.met .mark { color: var(--c-success); }
.unmet .mark { color: var(--c-error); }
.pending .mark { color: var(--c-muted); }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.loading { display: flex; align-items: center; gap: 0.75em; color: var(--c-muted); }
.spinner { width: 1.25em; height: 1.25em; border: 0.2em solid var(--c-border); border-top-color: var(--c-primary); border-radius: 50%; }
@media (prefers-reduced-motion: no-preference) {
  .spinner { animation: spin 0.8s linear infinite; }
  @keyframes spin { to { transform: rotate(1turn); } }
}
@media (forced-colors: active) { .primary { border-color: ButtonText; } .choice:has(input:checked) { outline: 2px solid Highlight; } }
`;

let shared: CSSStyleSheet | undefined;

/** One constructed sheet shared by every widget on the page; a <style> only where unsupported. */
export function adoptStyles(root: ShadowRoot): void {
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet !== "undefined" && "replaceSync" in CSSStyleSheet.prototype) {
    if (!shared) {
      shared = new CSSStyleSheet();
      shared.replaceSync(css);
    }
    root.adoptedStyleSheets = [shared];
    return;
  }
  const style = root.ownerDocument.createElement("style");
  style.textContent = css;
  root.append(style);
}
