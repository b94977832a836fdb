// Bad and big input through the extension's UI in Chromium: a half-valid flow-log file,
// a file that cannot be read, a generated 1 GB capture (progress, cancel, the longest
// main-thread task while it imports) — clear messages, nothing lost.
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { generateCapture } from "../../bench/capture-gen";
import { CHROMIUM } from "./browser";
import { dropFiles, loadExtension, type LoadedExtension } from "./extension";

const BIG = join(tmpdir(), `flowlens-e2e-1gb-${process.pid}.pcapng`);
const GONE = join(tmpdir(), `flowlens-e2e-gone-${process.pid}.pcap`);
let ext: LoadedExtension;
let page: Page;
let bigBytes = 0;

const job = (name: string) => page.locator(`li.job[data-file="${name}"]`);
const stateOf = (name: string) => job(name).getAttribute("data-state");

/** The longest main-thread task (ms) since the last call, from the browser's own Long Tasks API. */
async function longestTask(): Promise<number> {
  return page.evaluate(() => {
    const w = globalThis as unknown as { __longest?: number; __observer?: PerformanceObserver };
    const v = w.__longest ?? 0;
    w.__longest = 0;
    if (!w.__observer) {
      w.__observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__longest = Math.max(w.__longest ?? 0, e.duration); });
      w.__observer.observe({ type: "longtask" });
    }
    return v;
  });
}

describe.runIf(CHROMIUM)("bad and big input in the extension", () => {
  beforeAll(async () => {
    // 1.6 M packets over 10 minutes, 5000 flows: about 1 GB.
    bigBytes = generateCapture(BIG, { packets: 1_600_000, flows: 5000, seconds: 600, startUs: Date.UTC(2026, 10, 22, 8) * 1000 }).bytes;
    ext = await loadExtension();
    page = await ext.open("viewer.html#flow-logs");
    const form = page.getByRole("form", { name: "Create logstore" });
    await form.getByLabel("Project").fill("lab");
    await form.getByLabel("Logstore").fill("imports");
    await form.getByRole("button", { name: "Create logstore" }).click();
    await page.getByTestId("logstore-table").getByRole("cell", { name: "imports", exact: true }).waitFor();
  }, 180_000);
  afterAll(async () => {
    await ext?.close();
    rmSync(BIG, { force: true });
    rmSync(GONE, { force: true });
  });

  it("stores the lines of a half-valid flow-log file that parse and lists the others by number", async () => {
    const log = [
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status",
      "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
      "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 REJECT OK",
      "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 twenty 4249 1418530010 1418530070 REJECT OK",
    ].join("\n");
    await page.goto(`chrome-extension://${ext.id}/viewer.html#import`);
    await page.waitForSelector("body[data-ready=yes]", { state: "attached" });
    await page.locator("#log-target").selectOption("lab/imports");
    await dropFiles(page, [{ name: "half.log", bytes: new TextEncoder().encode(log) }]);
    await job("half.log").and(page.locator('[data-state="done"]')).waitFor();
    const summary = await job("half.log").locator(".summary").textContent();
    expect(summary).toMatch(/^aws .* format: 4 lines, 1 records\. 1 records stored in lab\/imports\./);
    expect(summary).toContain("2 lines skipped");
    expect(await job("half.log").locator(".summary li").allTextContents()).toEqual([expect.stringMatching(/^line 3: /), expect.stringMatching(/^line 4: /)]);
  });

  it("reports a file that is not a capture or a flow log, and stores nothing from it", async () => {
    await dropFiles(page, [{ name: "notes.txt", bytes: new TextEncoder().encode("shopping list\nmilk\n") }]);
    await job("notes.txt").and(page.locator('[data-state="error"]')).waitFor();
    expect(await job("notes.txt").locator('[role="alert"]').textContent()).toMatch(/^notes\.txt: line 1: /);
  });

  it("imports a 1 GB capture with progress while the page stays responsive, then reports a file gone from disk", async () => {
    writeFileSync(GONE, "will be deleted before it is read");
    await longestTask();
    await page.getByTestId("import-file").setInputFiles([BIG, GONE]);
    rmSync(GONE);
    const big = BIG.split("/").pop()!, gone = GONE.split("/").pop()!;
    await job(big).and(page.locator('[data-state="running"]')).waitFor();
    // Progress arrives while it runs.
    await expect.poll(async () => Number(await job(big).locator("progress").getAttribute("value")), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => stateOf(big), { timeout: 120_000, interval: 250 }).toBe("proposal");
    const longest = await longestTask();
    const line = await job(big).locator("progress + .muted").textContent();
    console.log(`1 GB capture (${bigBytes} bytes) imported in the extension: ${line}; longest main-thread task ${longest.toFixed(0)} ms`);
    expect(longest).toBeLessThan(500);
    await expect.poll(() => stateOf(gone), { timeout: 30_000 }).toBe("error");
    expect(await job(gone).locator('[role="alert"]').textContent()).toMatch(new RegExp(`^${gone}: cannot read the file: `));
    // The proposal is declined: nothing of the capture is stored.
    await job(big).getByRole("button", { name: "Dismiss" }).click();
    await expect.poll(() => stateOf(big)).toBe("cancelled");
  }, 180_000);

  it("cancels a running import of the 1 GB capture and keeps what was stored before", async () => {
    await page.getByTestId("import-file").setInputFiles(BIG);
    const running = page.locator(`li.job[data-state="running"]`);
    await running.waitFor();
    await expect.poll(async () => Number(await running.locator("progress").getAttribute("value")), { timeout: 60_000 }).toBeGreaterThan(0);
    await running.getByRole("button", { name: "Cancel" }).click();
    await page.locator('li.job[data-state="cancelled"]').first().waitFor();
    await page.evaluate(() => { location.hash = "#records"; });
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^1 records/);
    await ext.screenshot(page, "bad-input-records");
  }, 120_000);

  it("made no network request", () => {
    expect(ext.requests.filter((u) => !u.startsWith(`chrome-extension://${ext.id}/`) && !u.startsWith("blob:") && !u.startsWith("data:"))).toEqual([]);
  });
});
