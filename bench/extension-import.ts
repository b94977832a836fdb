// docs/history.md #11: a generated 1 GB capture (100 k flows between a few hundred hosts) dropped
// into the extension in headless Chromium, its proposed network accepted, and its records
// stored and shown on the Records page: the whole import's GB/s, the longest main-thread
// task (Long Tasks API), and the records stored. Needs Chromium and `npm run build`'s dist/.
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { generateCapture } from "./capture-gen";
import { fmt } from "./figures";

const DATA = process.env.FLOWLENS_BENCH_DIR ?? "bench-data";

export async function benchExtensionImport(packets = 1_600_000, hosts = 400): Promise<void> {
  const { CHROMIUM } = await import("../test/e2e/browser");
  if (!CHROMIUM) {
    console.log("extension import: Chromium not installed — no figure");
    return;
  }
  mkdirSync(DATA, { recursive: true });
  const file = resolve(join(DATA, `ext-${packets / 1e6}m-${hosts}hosts.pcapng`));
  if (!existsSync(file)) generateCapture(file, { packets, flows: 100_000, seconds: 600, startUs: 1_700_000_000e6, hosts });
  const bytes = statSync(file).size;
  const { loadExtension } = await import("../test/e2e/extension");
  const ext = await loadExtension();
  try {
    const page = await ext.open("viewer.html#import");
    await page.evaluate(() => {
      const w = globalThis as unknown as { __longest: number };
      w.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
      }).observe({ type: "longtask", buffered: false });
    });
    const name = file.split("/").pop()!;
    const job = page.locator(`li.job[data-file="${name}"]`);
    const t0 = Date.now();
    await page.getByTestId("import-file").setInputFiles([file]);
    await job.and(page.locator('[data-state="proposal"]')).waitFor({ timeout: 600_000 });
    const t1 = Date.now();
    await job.getByRole("button", { name: "Accept and import" }).click();
    await job.and(page.locator('[data-state="done"]')).waitFor({ timeout: 600_000 });
    const t2 = Date.now();
    const summary = (await job.locator(".summary").textContent()) ?? "";
    const longest = await page.evaluate(() => (globalThis as unknown as { __longest: number }).__longest);
    // Browsable: the Records page lists them.
    const t3 = Date.now();
    await page.evaluate(() => {
      location.hash = "#records";
    });
    const shown = page.getByTestId("result-count");
    await shown.filter({ hasText: /^[\d,]+ records/ }).waitFor({ timeout: 120_000 });
    const browse = `${(await shown.textContent())?.trim()} on the Records page in ${fmt((Date.now() - t3) / 1000, 2)} s`;
    const seconds = (t2 - t0) / 1000;
    console.log(
      `extension (Chromium): ${fmt(bytes / 1e9, 2)} GB capture, ${hosts} hosts: to flows and the proposal ${fmt((t1 - t0) / 1000, 2)} s, ` +
        `accepted to stored records ${fmt((t2 - t1) / 1000, 2)} s; ${fmt(bytes / seconds / 1e9)} GB/s whole ` +
        `(issue #11: 0.5 GB/s or more); ` +
        `longest main-thread task ${fmt(longest, 0)} ms (issue #11: under 50 ms); ${summary.trim().slice(0, 160)}; ${browse}`,
    );
  } finally {
    await ext.close();
  }
}
