// Captures dropped one after another on a fresh extension, in headless Chromium (issue
// #12): each one's new private endpoints are offered as an extension of the network, and
// once accepted every flow with a private endpoint is an OK record; 300 /24 subnets stay
// within the quota; a change past the quota says so until the quota is raised on the Flow
// logs page; the same file dropped again is asked about before it is stored twice.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pairCapture } from "../support/pair-captures";
import { CHROMIUM } from "./browser";
import { dropFiles, type LoadedExtension, loadExtension } from "./extension";

const veth = readFileSync(new URL("../files/tcpdump-veth.pcap", import.meta.url));

let ext: LoadedExtension;
let page: Page;

const go = (hash: string) =>
  page.evaluate((h) => {
    location.hash = h;
  }, hash);
const job = (name: string) => page.locator(`li.job[data-file="${name}"]`);

/** Drops a capture and waits for its offer to extend the network. */
async function offered(name: string, bytes: Uint8Array) {
  await go("#import");
  await dropFiles(page, [{ name, bytes }]);
  await job(name).and(page.locator('[data-state="proposal"]')).waitFor({ timeout: 60_000 });
  return (await job(name).getByTestId("proposal").textContent()) ?? "";
}

/** Accepts the offer and returns the job's summary once stored. */
async function accepted(name: string) {
  await job(name).getByRole("button", { name: "Accept and import" }).click();
  await job(name).and(page.locator('[data-state="done"]')).waitFor({ timeout: 60_000 });
  return (await job(name).locator(".summary").textContent()) ?? "";
}

/**
 * The number of records the Records page finds for a search over flowlens/captures (opened afresh, so the
 * count shown is this search's).
 */
async function found(query: string, store = "flowlens/captures"): Promise<number> {
  await go("#import");
  await go(`#records?store=${store}&q=${encodeURIComponent(query)}`);
  const count = page.getByTestId("result-count");
  await count.waitFor({ timeout: 30_000 });
  return Number(((await count.textContent()) ?? "").match(/^([\d,]+) records?/)![1].replace(/,/g, ""));
}

describe.runIf(CHROMIUM)("captures in a row on a fresh extension (Chromium)", () => {
  beforeAll(async () => {
    ext = await loadExtension();
    page = await ext.open("viewer.html");
  });
  afterAll(async () => {
    await ext?.close();
  });

  it("offers a first capture's network and stores its records once accepted", async () => {
    const offer = await offered("veth.pcap", veth);
    expect(offer).toContain("4 private addresses of this capture (19 flows)");
    expect(offer).toContain("VPC vpc-10 (10.0.0.0/8) in region local");
    // A /24 for the IPv4 hosts, an IPv6-only /64 for the fd77:: ones.
    expect(offer).toContain("2 VSwitch(es) and 4 ENI(s)");
    await ext.screenshot(page, "extension-offer");
    expect(await accepted("veth.pcap")).toContain("23 records stored in flowlens/captures.");
  });

  it("offers a second and a third capture's new subnets and stores their traffic as OK records", async () => {
    const second = await offered(
      "second.pcap",
      pairCapture([
        ["192.168.7.10", "192.168.7.20"],
        ["192.168.7.10", "203.0.113.9"],
      ]),
    );
    expect(second).toContain("VPC vpc-192-168 (192.168.0.0/16)");
    // The confirmation is editable: this one's flow log writes into a logstore of its own.
    await job("second.pcap").getByTestId("proposal-edits").getByLabel("Logstore").fill("second");
    expect(await job("second.pcap").getByTestId("proposal").textContent()).toContain(
      "Flow log capture-vpc-192-168 writing into flowlens/second",
    );
    expect(await accepted("second.pcap")).toContain("records stored in flowlens/second.");
    const third = await offered("third.pcap", pairCapture([["10.20.0.5", "10.30.0.6"]]));
    // Inside vpc-10 already: VSwitches and ENIs only, under its flow log.
    expect(third).toContain("2 VSwitch(es) and 2 ENI(s)");
    expect(third).not.toContain("Flow log");
    await accepted("third.pcap");
    // A connection's SYN and SYN-ACK, each at both ENIs (4); with the public peer, the SYN
    // from the private side at its one ENI (1); the public address is no ENI.
    expect(await found("log-status: OK and srcaddr: 192.168.0.0/16", "flowlens/second")).toBe(5);
    expect(await found("log-status: OK and (srcaddr: 10.20.0.5 or srcaddr: 10.30.0.6)")).toBe(4);
    expect(await found("log-status: OK and dstaddr: 203.0.113.9", "flowlens/second")).toBe(1);
    // Both logstores at once (CLS's cross-topic search): one result, each row naming its logstore.
    const both = await found("log-status: OK", "flowlens/captures,flowlens/second");
    expect(both).toBe((await found("log-status: OK")) + (await found("log-status: OK", "flowlens/second")));
    await found("log-status: OK", "flowlens/captures,flowlens/second");
    expect(await page.getByTestId("records-logstore").locator("summary").textContent()).toBe("flowlens/captures, flowlens/second");
    await page
      .locator('[data-row="0"] [role="gridcell"]')
      .first()
      .filter({ hasText: /^flowlens\// })
      .waitFor();
    const named = await page.locator('[data-testid="records-table"] [role="row"] [role="gridcell"]:first-child').allTextContents();
    expect(new Set(named.filter((x) => x !== "…"))).toEqual(new Set(["flowlens/captures", "flowlens/second"]));
  });

  it("keeps a capture of 300 /24 subnets within the quota: one VPC's VSwitches, no new flow log", async () => {
    const pairs = Array.from({ length: 300 }, (_, k): [string, string] => [
      `10.${100 + (k >> 8)}.${k & 255}.1`,
      `10.${100 + (k >> 8)}.${k & 255}.2`,
    ]);
    const offer = await offered("subnets.pcap", pairCapture(pairs));
    expect(offer).toContain("300 VSwitch(es) and 600 ENI(s)");
    expect(offer).not.toContain("quota");
    await accepted("subnets.pcap");
    expect(await found("log-status: OK and srcaddr: 10.100.0.0/15")).toBe(1200);
  });

  it("says when a change passes the quota, and stores it once the quota is raised on the Flow logs page", async () => {
    await go("#flow-logs");
    const quota = page.getByTestId("quota-setting");
    await quota.getByRole("spinbutton").fill("2");
    await quota.getByRole("button", { name: "Save" }).click();
    await page.getByText("At most 2 flow logs per region.").waitFor();
    const offer = await offered("over.pcap", pairCapture([["172.20.0.1", "172.20.0.2"]]));
    expect(offer).toContain("Region local has 2 flow logs and this needs 1 more: past the quota of 2.");
    await job("over.pcap").getByRole("link", { name: "Raise the quota on the Flow logs page." }).click();
    await page.waitForFunction(() => location.hash === "#flow-logs");
    await quota.getByRole("spinbutton").fill("3");
    await quota.getByRole("button", { name: "Save" }).click();
    await page.getByText("At most 3 flow logs per region.").waitFor();
    await go("#import");
    expect(await accepted("over.pcap")).toMatch(/\d+ records stored in flowlens\/captures\./);
    await go("#flow-logs");
    await expect.poll(() => page.getByTestId("flow-log-table").locator("tbody tr").count()).toBe(3);
    expect(await found("log-status: OK and srcaddr: 172.16.0.0/12")).toBe(4);
  });

  it("asks before storing the same file twice, and keeps one copy by default", async () => {
    const before = await found("");
    await go("#import");
    await dropFiles(page, [{ name: "veth-again.pcap", bytes: veth }]);
    await job("veth-again.pcap").and(page.locator('[data-state="proposal"]')).waitFor({ timeout: 60_000 });
    expect(await job("veth-again.pcap").getByTestId("duplicate").textContent()).toMatch(
      /^This file has the same content as veth\.pcap, imported .* into flowlens\/captures \(23 records\)\./,
    );
    await job("veth-again.pcap").getByRole("button", { name: "Keep one copy" }).click();
    await job("veth-again.pcap").and(page.locator('[data-state="done"]')).waitFor();
    expect(await job("veth-again.pcap").getByTestId("skipped").textContent()).toBe(
      "Not stored again: the earlier copy in flowlens/captures is kept.",
    );
    expect(await found("")).toBe(before);
  });

  it("extends the network without asking once the setting is on, and undoes it as one change", async () => {
    await go("#import");
    await page.getByTestId("auto-extend").getByRole("checkbox").check();
    await dropFiles(page, [{ name: "auto.pcap", bytes: pairCapture([["10.40.0.1", "10.40.0.2"]]) }]);
    await job("auto.pcap").and(page.locator('[data-state="done"]')).waitFor({ timeout: 60_000 });
    const extended = job("auto.pcap").getByTestId("extended");
    expect(await extended.textContent()).toContain("The network was extended for it: 0 VPC(s), 1 VSwitch(es), 2 ENI(s), 0 flow log(s).");
    expect(await found("log-status: OK and srcaddr: 10.40.0.0/24")).toBe(4);
    await go("#import");
    await job("auto.pcap").getByRole("button", { name: "Undo the extension" }).click();
    await job("auto.pcap").getByText("Undone: what it added is removed").waitFor();
    // Read from the extension's own IndexedDB: the ENIs it added are gone, those before it stay.
    const enis = await page.evaluate(
      (ids) =>
        new Promise<boolean[]>((resolve, reject) => {
          const open = indexedDB.open("flowlens");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const store = open.result.transaction("enis").objectStore("enis");
            const out: boolean[] = [];
            for (const id of ids) {
              const g = store.get(id);
              g.onsuccess = () => {
                out.push(!!g.result);
                if (out.length === ids.length) {
                  open.result.close();
                  resolve(out);
                }
              };
            }
          };
        }),
      ["eni-10-40-0-1", "eni-10-40-0-2", "eni-10-77-0-1"],
    );
    expect(enis).toEqual([false, false, true]);
  });

  it("made no network request", () => {
    expect(
      ext.requests.filter(
        (u) => !u.startsWith(`chrome-extension://${ext.id}/`) && !u.startsWith("blob:chrome-extension://") && !u.startsWith("data:"),
      ),
    ).toEqual([]);
  });
});
