// The MV3 background (a service worker in Chromium, an event page in Firefox): thin and
// safe to evict. The popup and the viewer do the work; nothing here holds state.
import { onInstalled, openViewer } from "../platform/browser";

declare const __E2E__: boolean;

// The Firefox e2e build only: WebDriver BiDi may not navigate to moz-extension:// pages
// (docs/toolchain.md §6), so the extension opens its own viewer for the test to find.
if (__E2E__) onInstalled(() => void openViewer());
