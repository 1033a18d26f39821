import { browser } from "wxt/browser";
import type { BackgroundAnswer, BackgroundRequest } from "./messages";

/** Asks the background to do something, and waits for its answer. */
export const toBackground = (request: BackgroundRequest): Promise<BackgroundAnswer> => browser.runtime.sendMessage(request) as Promise<BackgroundAnswer>;

/** A page or file of the extension, by path (WXT types getURL only after `wxt prepare`). */
export const extensionUrl = (path: string): string => (browser.runtime as unknown as { getURL(path: string): string }).getURL(path);
