// The built extension (dist/) loaded in headless Chromium (docs/toolchain.md §5): its id, its pages,
// every request the browser made on its behalf, and screenshots for a person to look at.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium } from "./browser";

export const DIST = fileURLToPath(new URL("../../dist", import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL("./screenshots", import.meta.url));

export interface LoadedExtension {
  context: BrowserContext;
  id: string;
  /** Every URL requested by any page or worker of the browser, in order. */
  requests: string[];
  open(path: string): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function loadExtension(dir = DIST, o: { lang?: string } = {}): Promise<LoadedExtension> {
  const context = await launchChromium(
    [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`, ...(o.lang ? [`--lang=${o.lang}`] : [])],
    o.lang ? { locale: o.lang } : {},
  );
  const requests: string[] = [];
  context.on("request", (r) => requests.push(r.url()));
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  const id = new URL(sw.url()).host;
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    id,
    requests,
    async open(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${id}/${path}`);
      await page.waitForSelector("body[data-ready]", { state: "attached" });
      return page;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: `${SCREENSHOTS}/chromium-${name}.png`, fullPage: true });
    },
    close: () => context.close(),
  };
}

/** Drops files on the page as a user's drag-and-drop does (bytes go in as base64: docs/toolchain.md §5). */
export async function dropFiles(page: Page, files: { name: string; bytes: Uint8Array }[]): Promise<void> {
  await page.evaluate(
    (list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
      for (const type of ["dragenter", "dragover", "drop"])
        document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    },
    files.map((f) => ({ name: f.name, b64: Buffer.from(f.bytes).toString("base64") })),
  );
}
