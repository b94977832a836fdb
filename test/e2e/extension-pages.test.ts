// Every page of the viewer in both languages and both colour schemes, in headless Chromium
// with a capture's records in it: an axe-core scan finds no serious or critical violation,
// a screenshot of each is kept, and in Chinese no message of the English catalogue shows
// (a string the UI shows that is not in _locales/zh_CN).
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import enMessages from "../../extension/_locales/en/messages.json";
import zhMessages from "../../extension/_locales/zh_CN/messages.json";
import { CHROMIUM } from "./browser";
import { dropFiles, type LoadedExtension, loadExtension } from "./extension";

const VETH = new URL("../files/tcpdump-veth.pcap", import.meta.url).pathname;
const veth = readFileSync(VETH);
// "packets": a record's packets, the dialog over the Records page.
const PAGES = ["flow-logs", "inventory", "import", "records", "packets", "report"] as const;

/**
 * English messages with no placeholder that Chinese says otherwise: none may be the text of
 * an element on a Chinese page. A record field's name (`srcaddr`, `log-status`) is left out:
 * the Records grid prints the fields as the clouds name them, in both languages.
 */
const english = new Set(
  Object.entries(enMessages as Record<string, { message: string }>)
    .filter(([k, v]) => !/\{\d\}/.test(v.message) && (zhMessages as Record<string, { message: string }>)[k]?.message !== v.message)
    .map(([, v]) => v.message)
    // Field names and acronyms (a resource type `VPC`, `ENI`) are data as the clouds print them, not UI text.
    .filter((m) => /[A-Za-z]{2}/.test(m) && !/^[a-z]+(-[a-z]+)*$/.test(m) && !/^[A-Z0-9]+$/.test(m)),
);

async function withData(page: Page, accept: string) {
  await page.evaluate(() => {
    location.hash = "#import";
  });
  await dropFiles(page, [{ name: "veth.pcap", bytes: veth }]);
  const job = page.locator('li.job[data-file="veth.pcap"]');
  await job.and(page.locator('[data-state="proposal"]')).waitFor({ timeout: 60_000 });
  await job.getByRole("button", { name: accept }).click();
  await job.and(page.locator('[data-state="done"]')).waitFor({ timeout: 60_000 });
}

async function open(page: Page, name: (typeof PAGES)[number]) {
  await page.evaluate(
    (h) => {
      location.hash = h;
    },
    `#${name === "packets" ? "records" : name}`,
  );
  if (name === "packets") {
    await page.locator('[data-row="0"] [role="gridcell"]').first().filter({ hasNotText: "…" }).waitFor();
    await page.locator('[data-row="0"]').click();
    await page.getByTestId("packets-open").click();
    // A dropped capture keeps no handle: the file is chosen again.
    await page.getByTestId("packets-file").setInputFiles(VETH);
    await page.getByTestId("packets-count").waitFor();
  }
  // Each page is scanned once it has drawn what it loads.
  if (name === "records") await page.locator('[data-row="0"] [role="gridcell"]').first().filter({ hasNotText: "…" }).waitFor();
  if (name === "report") await page.locator('[data-analysis="top-ports"] tbody tr').first().waitFor();
  if (name === "inventory") await page.locator('[data-kind="enis"] tbody tr').first().waitFor();
  if (name === "flow-logs") await page.getByTestId("flow-log-table").waitFor();
  if (name === "import") await page.getByTestId("drop-zone").waitFor();
}

for (const lang of ["en", "zh-CN"] as const) {
  describe.runIf(CHROMIUM)(`every page, ${lang}, light and dark`, () => {
    let ext: LoadedExtension;
    let page: Page;
    beforeAll(async () => {
      ext = await loadExtension(undefined, lang === "en" ? {} : { lang });
      page = await ext.open("viewer.html#import");
      await withData(page, lang === "en" ? "Accept and import" : (zhMessages.acceptProposal.message as string));
    });
    afterAll(async () => {
      await ext?.close();
    });

    for (const scheme of ["light", "dark"] as const)
      it(`has no serious or critical axe violation on any page (${scheme})`, async () => {
        await page.emulateMedia({ colorScheme: scheme });
        const found: string[] = [];
        for (const name of PAGES) {
          await open(page, name);
          if (name === "records") await page.locator('[data-row="0"]').click();
          const result = await new AxeBuilder({ page }).analyze();
          for (const v of result.violations)
            if (v.impact === "serious" || v.impact === "critical")
              found.push(
                `${name}: ${v.id} (${v.impact}) ${v.nodes
                  .map((n) => n.target.join(" "))
                  .slice(0, 3)
                  .join(", ")}`,
              );
          await ext.screenshot(page, `${lang === "en" ? "" : "zh-"}${scheme === "dark" ? "dark-" : ""}page-${name}`);
          if (lang !== "en") {
            const texts = await page.evaluate(() => {
              const out: string[] = [];
              const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let n = walk.nextNode(); n; n = walk.nextNode()) if (n.textContent?.trim()) out.push(n.textContent.trim());
              for (const e of document.querySelectorAll("[aria-label], [title], [placeholder]"))
                for (const a of ["aria-label", "title", "placeholder"]) if (e.getAttribute(a)) out.push(e.getAttribute(a)!.trim());
              return out;
            });
            for (const x of texts) if (english.has(x)) found.push(`${name}: English on a Chinese page: ${JSON.stringify(x)}`);
          }
        }
        expect(found).toEqual([]);
      });
  });
}
