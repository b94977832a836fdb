// Captures dropped one after another on a fresh extension in Firefox ESR (docs/history.md #12), as
// extension-captures.test.ts does in Chromium: each capture's private endpoints offered as
// an extension and stored once accepted, 300 /24 subnets within the quota, the quota raised
// on the Flow logs page, the same file twice, and a pcapng's two NICs mapped to ENIs.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pairCapture } from "../support/pair-captures";
import { FIREFOX, type FirefoxViewer, openFirefoxViewer } from "./firefox";

const veth = readFileSync(new URL("../files/tcpdump-veth.pcap", import.meta.url));
const nics = readFileSync(new URL("../files/dumpcap-two-interfaces.pcapng", import.meta.url));

let ff: FirefoxViewer;
const job = (name: string) => `li.job[data-file="${name}"]`;

/** Drops a capture and waits until it asks (an extension, or a duplicate). */
async function asks(name: string, bytes: Uint8Array): Promise<string> {
  await ff.go("#import");
  await ff.drop(name, bytes);
  await ff.page.waitForSelector(`${job(name)}[data-state="proposal"]`, { timeout: 60_000 });
  return ff.text(job(name));
}

async function accept(name: string): Promise<string> {
  await ff.page.click(`${job(name)} [data-testid="proposal"] button.primary`);
  await ff.page.waitForSelector(`${job(name)}[data-state="done"]`, { timeout: 60_000 });
  return ff.text(`${job(name)} .summary`);
}

/** The records a search over a logstore finds, on the Records page opened afresh. */
async function found(query: string, store = "flowlens/captures"): Promise<number> {
  await ff.go("#import");
  await ff.go(`#records?store=${store}&q=${encodeURIComponent(query)}`);
  await ff.waitText('[data-testid="result-count"]', /^[\d,]+ records/, 30_000);
  return Number((await ff.text('[data-testid="result-count"]')).match(/^([\d,]+)/)![1].replace(/,/g, ""));
}

async function setQuota(n: number): Promise<void> {
  await ff.go("#flow-logs");
  await ff.page.waitForSelector('[data-testid="quota-setting"] input');
  await ff.fill('[data-testid="quota-setting"] input', String(n));
  await ff.page.click('[data-testid="quota-setting"] button[type=submit]');
  await ff.waitText('[data-testid="quota-setting"]', new RegExp(`At most ${n} flow logs per region`));
}

describe.runIf(FIREFOX)("captures in a row on a fresh extension (Firefox ESR)", () => {
  beforeAll(async () => {
    ff = await openFirefoxViewer();
  });
  afterAll(async () => {
    await ff?.browser.close();
  });

  it("offers three captures' new subnets one after another and stores their traffic as OK records", async () => {
    expect(await asks("veth.pcap", veth)).toContain("4 private addresses of this capture (19 flows)");
    expect(await accept("veth.pcap")).toContain("23 records stored in flowlens/captures.");
    expect(
      await asks(
        "second.pcap",
        pairCapture([
          ["192.168.7.10", "192.168.7.20"],
          ["192.168.7.10", "203.0.113.9"],
        ]),
      ),
    ).toContain("VPC vpc-192-168 (192.168.0.0/16) in region local");
    await accept("second.pcap");
    expect(await asks("third.pcap", pairCapture([["10.20.0.5", "10.30.0.6"]]))).toContain("2 VSwitch(es) and 2 ENI(s)");
    await accept("third.pcap");
    expect(await found("log-status: OK and srcaddr: 192.168.0.0/16")).toBe(5);
    expect(await found("log-status: OK and (srcaddr: 10.20.0.5 or srcaddr: 10.30.0.6)")).toBe(4);
  });

  it("keeps 300 /24 subnets within the quota, and stores a change past it once the quota is raised", async () => {
    const pairs = Array.from({ length: 300 }, (_, k): [string, string] => [
      `10.${100 + (k >> 8)}.${k & 255}.1`,
      `10.${100 + (k >> 8)}.${k & 255}.2`,
    ]);
    const offer = await asks("subnets.pcap", pairCapture(pairs));
    expect(offer).toContain("300 VSwitch(es) and 600 ENI(s)");
    expect(offer).not.toContain("quota");
    await accept("subnets.pcap");
    expect(await found("log-status: OK and srcaddr: 10.100.0.0/15")).toBe(1200);
    await setQuota(2);
    expect(await asks("over.pcap", pairCapture([["172.20.0.1", "172.20.0.2"]]))).toContain(
      "Region local has 2 flow logs and this needs 1 more: past the quota of 2.",
    );
    await setQuota(3);
    await ff.go("#import");
    expect(await accept("over.pcap")).toMatch(/\d+ records stored in flowlens\/captures\./);
    expect(await found("log-status: OK and srcaddr: 172.16.0.0/12")).toBe(4);
  });

  it("asks before storing the same file twice, and keeps one copy", async () => {
    const before = await found("");
    expect(await asks("veth-again.pcap", veth)).toMatch(
      /This file has the same content as veth\.pcap, imported .* into flowlens\/captures \(23 records\)\./,
    );
    await ff.page.click(`${job("veth-again.pcap")} [data-testid="duplicate"] button.primary`);
    await ff.waitText(
      `${job("veth-again.pcap")} [data-testid="skipped"]`,
      /^Not stored again: the earlier copy in flowlens\/captures is kept\.$/,
    );
    expect(await found("")).toBe(before);
  });

  it("maps a pcapng's two named interfaces to two ENIs, whose records then hold each NIC's traffic", async () => {
    expect(await asks("nics.pcapng", nics)).toContain("The capture names its interfaces.");
    expect(
      await ff.page.$$eval(`${job("nics.pcapng")} [data-testid="capture-interfaces"] label`, (ls) => ls.map((l) => l.textContent)),
    ).toEqual(["vethHa → ", "vethHb → "]);
    const inputs = await ff.page.$$(`${job("nics.pcapng")} [data-testid="capture-interfaces"] input`);
    await inputs[0].type("eni-10-20-0-5");
    await inputs[1].type("eni-10-30-0-6");
    await accept("nics.pcapng");
    // Each ENI had its two OK records of the third capture; now also its NIC's 8 flows.
    expect(await found("interface-id: eni-10-20-0-5 and log-status: OK")).toBe(10);
    expect(await found("interface-id: eni-10-30-0-6 and log-status: OK")).toBe(10);
  });
});
