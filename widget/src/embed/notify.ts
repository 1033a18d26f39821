/**
 * How a widget tells its host page what happened: the partner's callback (a function, or the
 * name of a global function as in `data-callback="onSesame"`) and a DOM event on the partner's
 * element (`sesame:success`, `sesame:error`) that bubbles, so a page can listen once on
 * `document`. A throwing partner callback must not break the widget, so it is reported and
 * swallowed.
 */
export type Callback = string | ((...args: never[]) => unknown) | undefined;

export function resolveCallback(callback: unknown, win: Window): ((...args: unknown[]) => unknown) | undefined {
  if (typeof callback === "function") return callback as (...args: unknown[]) => unknown;
  if (typeof callback !== "string") return undefined;
  let target: unknown = win;
  for (const part of callback.split(".")) target = (target as Record<string, unknown> | undefined)?.[part];
  if (typeof target === "function") return target as (...args: unknown[]) => unknown;
  console.error(`[sesame] callback "${callback}" is not a global function`);
  return undefined;
}

export function notifyHost(
  element: Element,
  kind: "success" | "error",
  callback: unknown,
  args: unknown[],
  detail: Record<string, unknown>,
): void {
  const win = element.ownerDocument.defaultView ?? window;
  const fn = resolveCallback(callback, win);
  try {
    fn?.(...args);
  } catch (error) {
    console.error("[sesame] the host page's callback threw", error);
  }
  element.dispatchEvent(new CustomEvent(`sesame:${kind}`, { bubbles: true, composed: true, detail }));
}
