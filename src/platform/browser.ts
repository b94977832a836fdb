// The only module that touches the extension API (through webextension-polyfill, which
// is at end of life upstream: replacing it is a change to this file alone). Never
// imported by the worker, where the extension API does not exist.
import browser from "webextension-polyfill";

/** The message in the browser's UI language, from _locales/ (empty when missing). */
export const getMessage = (key: string): string => browser.i18n.getMessage(key);
export const uiLanguage = (): string => browser.i18n.getUILanguage();
export const extensionUrl = (path: string): string => browser.runtime.getURL(path);

/** Opens the viewer in a new tab (the popup's button; the e2e build at install). */
export async function openViewer(hash = ""): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(`viewer.html${hash}`) });
}

export function onInstalled(listener: () => void): void {
  browser.runtime.onInstalled.addListener(listener);
}
