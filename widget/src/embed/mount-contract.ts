/**
 * The seam between the first-load script (loader.ts, a classic script the host page loads) and
 * the lazily imported app (app/main.tsx): the loader finds elements and reserves their boxes at
 * once; the app validates options and renders. Types only, so neither bundle carries the other.
 */
export interface MountRequest {
  id: string;
  /** The partner's element: events are dispatched on it, data-* options read from it. */
  element: Element;
  /** Our own child of `element`, holding the shadow root; removed by `sesame.remove`. */
  shadow: ShadowRoot;
  /** Unvalidated options: data-* attributes merged with the explicit render options. */
  options: Record<string, unknown>;
  apiOrigin: string;
  vitalsSampleRate: number;
  /** performance.now() when sesame.js started running, for the load-time report. */
  scriptStart: number;
}

export interface MountedWidget {
  reset(): void;
  unmount(): void;
}

export interface AppModule {
  mount(request: MountRequest): MountedWidget;
}
