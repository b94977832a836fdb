// The other clouds' files through the extension's UI in Chromium: a CloudWatch page imported
// with the Log format field, Azure's PT1H.json and AWS v10 text dropped beside it, Azure's
// deciding rule searched, and the result written in AWS's S3 layout into a folder the user
// picks — or refused, naming the record, when no region places it.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "./browser";
import { createLogstore, dropFiles, goTo, type LoadedExtension, loadExtension } from "./extension";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../files/logs/${name}`, import.meta.url)));
const FORMAT = readFileSync(new URL("../files/logs/cloudwatch-get-log-events-custom.format", import.meta.url), "utf8").trim();
let ext: LoadedExtension;
let page: Page;

const job = (name: string) => page.locator(`li.job[data-file="${name}"]`);
async function search(q: string, count: RegExp) {
  await page.getByTestId("search-input").fill(q);
  await page.getByTestId("search-input").press("Enter");
  await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(count);
}

describe.runIf(CHROMIUM)("the clouds' files in the extension", () => {
  beforeAll(async () => {
    ext = await loadExtension();
    page = await ext.open("viewer.html#flow-logs");
    await createLogstore(page, "lab", "clouds");
  });
  afterAll(async () => {
    await ext?.close();
  });

  it("imports a CloudWatch page in the Log format given, which is checked as it is typed", async () => {
    await page.goto(`chrome-extension://${ext.id}/viewer.html#import`);
    await page.waitForSelector("body[data-ready=yes]", { state: "attached" });
    await page.locator("#log-target").selectOption("lab/clouds");
    await page.getByTestId("log-format").fill(`\${version} \${bogus}`);
    await expect.poll(() => page.getByTestId("log-format").getAttribute("aria-invalid")).toBe("true");
    await page.getByTestId("log-format").fill(FORMAT);
    await expect.poll(() => page.getByTestId("log-format").getAttribute("aria-invalid")).toBe("false");
    await dropFiles(page, [{ name: "cw.json", bytes: fixture("cloudwatch-get-log-events-custom.json") }]);
    await job("cw.json").and(page.locator('[data-state="done"]')).waitFor();
    expect(await job("cw.json").locator(".summary").textContent()).toMatch(/^cloudwatch-json: .*3 records stored in lab\/clouds\./);
  });

  it("imports Azure's PT1H.json and AWS v10 text, and finds Azure's deciding rule", async () => {
    await page.getByTestId("log-format").fill("");
    await dropFiles(page, [
      { name: "PT1H.json", bytes: fixture("azure-nsg-v2-PT1H.json") },
      { name: "v10.log", bytes: fixture("aws-v10-all-fields.log") },
    ]);
    await job("PT1H.json").and(page.locator('[data-state="done"]')).waitFor();
    await job("v10.log").and(page.locator('[data-state="done"]')).waitFor();
    expect(await job("PT1H.json").locator(".summary").textContent()).toMatch(/^azure-json: .*8 records stored in lab\/clouds\./);
    await goTo(page, "#records");
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^15 records/);
    await search("rule-id: DefaultRule_DenyAllInBound", /^2 records/);
  });

  it("refuses to place records that name no region, saying which, and places them in the Region given", async () => {
    await page.locator("select").filter({ hasText: "jsonl" }).selectOption("s3-text");
    await page.getByTestId("export").click();
    await expect
      .poll(() => page.getByTestId("export-error").textContent())
      .toMatch(/^record 1 \(flow log file:PT1H\.json\) names no region/);
    await page.getByTestId("export-region").fill("eastus");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export").click()]);
    expect(download.suggestedFilename()).toMatch(/^clouds-.+-AWSLogs-text\.zip$/);
    expect(await page.getByTestId("export-error").count()).toBe(0);
    await page.getByTestId("export-region").fill("");
  });

  it("writes AWS's gzipped text delivery into a folder the user picks (a real folder handle: the origin's own)", async () => {
    // The picker's dialog cannot be clicked headless: it answers with the origin-private folder, a real FileSystemDirectoryHandle.
    await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const picked = await root.getDirectoryHandle("picked", { create: true });
      (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () => picked;
    });
    await search("region: us-east-1", /^4 records/);
    await page.getByTestId("export-folder").click();
    await expect.poll(() => page.getByTestId("export-written").textContent()).toBe("4 records in 1 files written to the folder picked");
    const { paths, text } = await page.evaluate(async () => {
      const found: { path: string; file: File }[] = [];
      const walk = async (d: FileSystemDirectoryHandle, at: string) => {
        for await (const [name, h] of d as unknown as AsyncIterable<[string, FileSystemHandle]>)
          if (h.kind === "directory") await walk(h as FileSystemDirectoryHandle, `${at}${name}/`);
          else found.push({ path: at + name, file: await (h as FileSystemFileHandle).getFile() });
      };
      await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle("picked"), "");
      const plain = found[0].file.stream().pipeThrough(new DecompressionStream("gzip"));
      return { paths: found.map((f) => f.path), text: await new Response(plain).text() };
    });
    expect(paths).toHaveLength(1);
    const at = paths[0].lastIndexOf("/");
    expect(paths[0].slice(0, at)).toMatch(/^AWSLogs\/123456789010\/vpcflowlogs\/us-east-1\/\d{4}\/\d\d\/\d\d$/);
    expect(paths[0].slice(at + 1)).toMatch(/^123456789010_vpcflowlogs_us-east-1_fl-[0-9a-f]{8}_\d{8}T\d{2}00Z_[0-9a-f]{8}\.log\.gz$/);
    const lines = text.trim().split("\n");
    // Every field the v10 file carried is in the header, as the file had them.
    expect(lines[0]).toBe(new TextDecoder().decode(fixture("aws-v10-all-fields.log")).split("\n")[0]);
    expect(lines).toHaveLength(5);
  });

  it("made no network request: every URL was the extension's own", () => {
    const foreign = ext.requests.filter(
      (u) => !u.startsWith(`chrome-extension://${ext.id}/`) && !u.startsWith("blob:chrome-extension://") && !u.startsWith("data:"),
    );
    expect(foreign).toEqual([]);
  });
});
