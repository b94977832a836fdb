// A pcapng of one host's two NICs (dumpcap, test/files/make-interfaces-capture.sh) dropped on
// a fresh extension in headless Chromium (docs/history.md #12): the confirmation lists the two named
// interfaces, each is mapped to an ENI, and each NIC's traffic is recorded at its ENI.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "./browser";
import { dropFiles, type LoadedExtension, loadExtension } from "./extension";

const capture = readFileSync(new URL("../files/dumpcap-two-interfaces.pcapng", import.meta.url));
// Two hosts' ENIs in a VPC of their own, whose addresses the capture never shows (test/files/README.md).
const network = new URL("../files/nics-network.json", import.meta.url).pathname;

let ext: LoadedExtension;
let page: Page;
const go = (hash: string) =>
  page.evaluate((h) => {
    location.hash = h;
  }, hash);

describe.runIf(CHROMIUM)("a capture's named interfaces mapped to ENIs (Chromium)", () => {
  beforeAll(async () => {
    ext = await loadExtension();
    page = await ext.open("viewer.html#inventory");
  });
  afterAll(async () => {
    await ext?.close();
  });

  it("lists the two interfaces in the confirmation, and records each NIC's traffic at the ENI it is mapped to", async () => {
    await page.getByTestId("inventory-file").setInputFiles(network);
    await page.getByText("Imported the inventory document nics-network.json.").waitFor();
    await go("#import");
    await dropFiles(page, [{ name: "nics.pcapng", bytes: capture }]);
    const job = page.locator('li.job[data-file="nics.pcapng"]');
    await job.and(page.locator('[data-state="proposal"]')).waitFor({ timeout: 60_000 });
    const nics = job.getByTestId("capture-interfaces");
    expect(await nics.locator("label").allTextContents()).toEqual(["vethHa → ", "vethHb → "]);
    await nics.locator("label").nth(0).locator("input").fill("eni-a");
    await nics.locator("label").nth(1).locator("input").fill("eni-b");
    await ext.screenshot(page, "interfaces");
    await job.getByRole("button", { name: "Accept and import" }).click();
    await job.and(page.locator('[data-state="done"]')).waitFor({ timeout: 60_000 });
    for (const eni of ["eni-a", "eni-b"]) {
      await go("#import");
      await go(`#records?store=flowlens/captures&q=${encodeURIComponent(`interface-id: ${eni}`)}`);
      await page
        .getByTestId("result-count")
        .filter({ hasText: /^8 records/ })
        .waitFor({ timeout: 30_000 });
    }
  });
});
