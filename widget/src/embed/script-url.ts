/**
 * Where the widget was loaded from. The API lives on the origin that served `sesame.js`, so a
 * partner writes one URL and nothing else; the query of that URL carries the script-level
 * options (`render=explicit`, `onload=fn`, `vitals=0..1`), as Turnstile's api.js does.
 */
export interface ScriptUrl {
  url: URL;
  explicit: boolean;
  onload: string | null;
  /** Share of page views that report web vitals; 0 turns reporting off. */
  vitalsSampleRate: number;
}

export const DEFAULT_VITALS_SAMPLE_RATE = 0.1;

export function readScriptUrl(script: HTMLScriptElement | null, doc: Document): ScriptUrl {
  // document.currentScript is null when the script runs as a module or from a bundle; the
  // script element that loaded us is then the last one whose src ends with our path.
  const src =
    script?.src ||
    [...doc.querySelectorAll<HTMLScriptElement>("script[src]")].reverse().find((s) => /\/v1\/sesame\.js(?:\?|$)/.test(s.src))?.src ||
    doc.baseURI;
  const url = new URL(src, doc.baseURI);
  const rate = Number(url.searchParams.get("vitals") ?? DEFAULT_VITALS_SAMPLE_RATE);
  return {
    url,
    explicit: url.searchParams.get("render") === "explicit",
    onload: url.searchParams.get("onload"),
    vitalsSampleRate: rate >= 0 && rate <= 1 ? rate : DEFAULT_VITALS_SAMPLE_RATE,
  };
}
