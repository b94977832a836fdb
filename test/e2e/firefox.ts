// The built e2e extension (dist-e2e/) in Firefox ESR, driven by puppeteer-core over WebDriver
// BiDi (docs/toolchain.md §6): its viewer page, and the waits that work under the extension's CSP.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "puppeteer-core";

export const FIREFOX = ["/usr/bin/firefox-esr", "/usr/bin/firefox"].find((p) => existsSync(p));
const DIST_E2E = fileURLToPath(new URL("../../dist-e2e", import.meta.url));
const GECKO_ID = "flowlens@flowlens.invalid";

export interface FirefoxViewer {
  browser: Browser;
  page: Page;
  text(selector: string): Promise<string>;
  /**
   * Polls `test` in the page until it holds. Not page.waitForFunction: puppeteer builds its
   * predicate there with Function(), which Firefox ESR 140 refuses under the extension's CSP
   * (a function passed to evaluate() is not eval'd, so polling from here works).
   */
  waitUntil<A extends unknown[]>(test: (...args: A) => boolean, args: A, what: string, timeoutMs?: number): Promise<void>;
  waitText(selector: string, pattern: RegExp, timeoutMs?: number): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  /** Drops a file on the page as a user's drag-and-drop does. */
  drop(name: string, bytes: Uint8Array): Promise<void>;
  go(hash: string): Promise<void>;
}

/** Firefox with the extension installed, on the viewer its e2e background opens at install. */
export async function openFirefoxViewer(): Promise<FirefoxViewer> {
  const puppeteer = (await import("puppeteer-core")).default;
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: { "extensions.webextensions.uuids": JSON.stringify({ [GECKO_ID]: "4b1d2c64-0f0e-4d39-9a57-0d1f1e2a3b4c" }) },
  });
  await browser.installExtension(DIST_E2E);
  // puppeteer reports the viewer's url() as about:blank: asked in the page instead.
  let page: Page | undefined;
  for (let tries = 0; !page && tries < 100; tries++) {
    for (const p of await browser.pages()) {
      if ((await p.evaluate(() => location.href).catch(() => "")).includes("/viewer.html")) page = p;
    }
    if (!page) await new Promise((r) => setTimeout(r, 100));
  }
  if (!page) throw new Error("the extension's viewer did not open");
  const viewer = page;
  await viewer.waitForSelector("body[data-ready=yes]");
  const waitUntil: FirefoxViewer["waitUntil"] = async (test, args, what, timeoutMs = 20_000) => {
    const until = Date.now() + timeoutMs;
    while (!(await viewer.evaluate(test as (...a: unknown[]) => boolean, ...args).catch(() => false))) {
      if (Date.now() > until) {
        // What the page showed instead says why: another count, an error, a job still running.
        const seen = await viewer
          .evaluate(() => `${location.hash} | ${document.querySelector("main")?.textContent?.slice(0, 600)}`)
          .catch((x: Error) => x.message);
        throw new Error(`waited ${timeoutMs} ms for ${what}; the page showed: ${seen}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    browser,
    page: viewer,
    waitUntil,
    text: (selector) => viewer.$eval(selector, (e) => e.textContent ?? ""),
    waitText: (selector, pattern, timeoutMs) =>
      waitUntil(
        (s: string, p: string) => new RegExp(p).test(document.querySelector(s)?.textContent ?? ""),
        [selector, pattern.source],
        `${selector} to match ${pattern}`,
        timeoutMs,
      ),
    async fill(selector, value) {
      await viewer.$eval(selector, (e) => {
        (e as HTMLInputElement).value = "";
      });
      await viewer.type(selector, value);
    },
    async drop(name, bytes) {
      await viewer.evaluate(
        (n, b64) => {
          const dt = new DataTransfer();
          dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], n));
          for (const type of ["dragenter", "dragover", "drop"])
            document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
        },
        name,
        Buffer.from(bytes).toString("base64"),
      );
    },
    go: (hash) =>
      viewer.evaluate((h) => {
        location.hash = h;
      }, hash),
  };
}
