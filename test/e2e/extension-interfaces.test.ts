// A pcapng of one host's two NICs (dumpcap, test/files/make-interfaces-capture.sh) dropped on
// a fresh extension in headless Chromium (issue #12): the confirmation lists the two named
// interfaces, each is mapped to an ENI, and each NIC's traffic is recorded at its ENI.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { CHROMIUM } from "./browser";
import { dropFiles, loadExtension, type LoadedExtension } from "./extension";

const capture = readFileSync(new URL("../files/dumpcap-two-interfaces.pcapng", import.meta.url));
const network = join(mkdtempSync(join(tmpdir(), "flowlens-nics-")), "hosts.json");
writeFileSync(network, JSON.stringify({
  format: "flowlens-inventory", version: 1, regions: [{ id: "cn-hangzhou", name: "Hangzhou" }], accounts: [{ id: "1", name: "a" }],
  vpcs: [{ id: "vpc-hosts", regionId: "cn-hangzhou", accountId: "1", name: "hosts", cidrs: ["172.16.0.0/16"], ipv6Cidrs: [] }],
  vswitches: [{ id: "vsw-hosts", vpcId: "vpc-hosts", name: "hosts", zone: "z", cidr: "172.16.0.0/24" }], instances: [],
  enis: [{ id: "eni-a", vswitchId: "vsw-hosts", name: "a", ips: ["172.16.0.10"], securityGroupIds: ["sg-open"] }, { id: "eni-b", vswitchId: "vsw-hosts", name: "b", ips: ["172.16.0.11"], securityGroupIds: ["sg-open"] }],
  securityGroups: [{ id: "sg-open", vpcId: "vpc-hosts", name: "open", dialect: "alibaba", defaultInbound: "accept", defaultOutbound: "accept", rules: [] }], networkAcls: [], ccns: [],
}));

let ext: LoadedExtension;
let page: Page;
const go = (hash: string) => page.evaluate((h) => { location.hash = h; }, hash);

describe.runIf(CHROMIUM)("a capture's named interfaces mapped to ENIs (Chromium)", () => {
  beforeAll(async () => {
    ext = await loadExtension();
    page = await ext.open("viewer.html#inventory");
  });
  afterAll(async () => { await ext?.close(); });

  it("lists the two interfaces in the confirmation, and records each NIC's traffic at the ENI it is mapped to", async () => {
    await page.getByTestId("inventory-file").setInputFiles(network);
    await page.getByText("Imported the inventory document hosts.json.").waitFor();
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
      await page.getByTestId("result-count").filter({ hasText: /^8 records/ }).waitFor({ timeout: 30_000 });
    }
  });
});
