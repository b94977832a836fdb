// What extension-chromium.test.ts and extension-captures.test.ts check of the log consoles'
// ways, in Firefox ESR: dragging across the histogram sets the time range, two logstores are
// searched at once (from the picker, each row naming its logstore), and an inventory entity
// is edited in its form and deleted only once confirmed.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pairCapture } from "../support/pair-captures";
import { FIREFOX, type FirefoxViewer, openFirefoxViewer } from "./firefox";

const veth = readFileSync(new URL("../files/tcpdump-veth.pcap", import.meta.url));
let ff: FirefoxViewer;
const job = (name: string) => `li.job[data-file="${name}"]`;
const count = async () => Number((await ff.text('[data-testid="result-count"]')).match(/^([\d,]+)/)![1].replace(/,/g, ""));

/** Drops a capture, optionally sends its proposed flow log to another logstore, and accepts. */
async function imported(name: string, bytes: Uint8Array, logstore?: string) {
  await ff.go("#import");
  await ff.drop(name, bytes);
  await ff.waitUntil((j: string) => !!document.querySelector(`${j}[data-state="proposal"]`), [job(name)], `${name}'s proposal`, 60_000);
  if (logstore) {
    // The proposal's Logstore field, found by its label.
    await ff.page.evaluate((j) => {
      const label = [...document.querySelectorAll(`${j} [data-testid="proposal-edits"] label`)].find((l) =>
        l.textContent?.includes("Logstore"),
      );
      label?.querySelector("input")?.setAttribute("data-e2e", "logstore");
    }, job(name));
    await ff.fill('[data-e2e="logstore"]', logstore);
  }
  await ff.page.click(`${job(name)} [data-testid="proposal"] button.primary`);
  await ff.page.waitForSelector(`${job(name)}[data-state="done"]`, { timeout: 60_000 });
}

describe.runIf(FIREFOX)("the consoles' ways in Firefox ESR: histogram, several logstores, inventory edits", () => {
  beforeAll(async () => {
    ff = await openFirefoxViewer();
    await imported("veth.pcap", veth);
    await imported("second.pcap", pairCapture([["192.168.7.10", "192.168.7.20"]]), "second");
  });
  afterAll(async () => {
    await ff?.browser.close();
  });

  it("sets the time range by dragging across the histogram, and clears it", async () => {
    await ff.go("#records?store=flowlens/captures");
    await ff.waitText('[data-testid="result-count"]', /^\d+ records/, 30_000);
    // Both captures' windows lie in this logstore's (the second's flow logs write NODATA here too).
    const all = await count();
    const svg = await ff.page.waitForSelector('[data-testid="records-histogram"] svg');
    const box = (await svg!.boundingBox())!;
    await ff.page.mouse.move(box.x + 2, box.y + box.height / 2);
    await ff.page.mouse.down();
    await ff.page.mouse.move(box.x + box.width - 2, box.y + box.height / 2, { steps: 4 });
    await ff.page.mouse.up();
    await ff.waitUntil(() => /from=\d+&to=\d+/.test(location.hash), [], "the range in the URL");
    await ff.waitText('[data-testid="result-count"]', /^\d+ records/);
    expect(await count()).toBeGreaterThan(0);
    expect(await count()).toBeLessThanOrEqual(all);
    await ff.waitUntil(
      () => (document.querySelector('[data-testid="time-range"]') as HTMLInputElement)?.value !== "",
      [],
      "the range shown",
    );
    await ff.page.evaluate(() => [...document.querySelectorAll("button")].find((b) => b.textContent === "Whole logstore")?.click());
    await ff.waitUntil(() => !location.hash.includes("from="), [], "the range cleared");
  });

  it("sets the Report's range by dragging across its time chart, and the Records page opens on it", async () => {
    await ff.go("#report?store=flowlens/captures");
    const svg = await ff.page.waitForSelector('[data-testid="time-chart"] svg');
    await ff.page.waitForSelector('[data-testid="time-chart"] rect.bar');
    const box = (await svg!.boundingBox())!;
    await ff.page.mouse.move(box.x + 2, box.y + box.height / 2);
    await ff.page.mouse.down();
    await ff.page.mouse.move(box.x + box.width - 2, box.y + box.height / 2, { steps: 4 });
    await ff.page.mouse.up();
    await ff.waitUntil(() => /^#report\?.*from=\d+&to=\d+/.test(location.hash), [], "the Report's range in the URL");
    const range = await ff.page.evaluate(() => location.hash.match(/from=\d+&to=\d+/)![0]);
    await ff.page.click('header nav a[href="#records"]');
    await ff.waitUntil((r) => location.hash.startsWith("#records") && location.hash.includes(r), [range], "the same range on Records");
    await ff.waitText('[data-testid="result-count"]', /^\d+ records/, 30_000);
  });

  it("searches two logstores at once, chosen in the picker, each row naming its logstore", async () => {
    await ff.go("#records?store=flowlens/second&q=log-status%3A%20OK");
    await ff.waitText('[data-testid="result-count"]', /^\d+ records?/, 30_000);
    const second = await count();
    await ff.go("#records?store=flowlens/captures&q=log-status%3A%20OK");
    await ff.waitText('[data-testid="result-count"]', /^23 records/, 30_000);
    await ff.page.click('[data-testid="records-logstore"] summary');
    // The second logstore's box, once the picker lists it, ticked as a click does.
    await ff.waitUntil(
      () => {
        const box = [...document.querySelectorAll('[data-testid="records-logstore"] label')]
          .find((l) => l.textContent?.trim() === "flowlens/second")
          ?.querySelector("input");
        if (!box) return false;
        if (!box.checked) box.click();
        return true;
      },
      [],
      "flowlens/second in the picker",
    );
    await ff.waitUntil(
      () => decodeURIComponent(location.hash).includes("store=flowlens/captures,flowlens/second"),
      [],
      "both logstores in the URL",
    );
    await ff.waitText('[data-testid="result-count"]', new RegExp(`^${23 + second} records`), 30_000);
    await ff.waitText('[data-testid="records-logstore"] summary', /^flowlens\/captures, flowlens\/second$/);
    const named = await ff.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="records-table"] [role="row"] [role="gridcell"]:first-child')].map((c) => c.textContent),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((n) => n === "flowlens/captures" || n === "flowlens/second")).toBe(true);
  });

  it("edits an ENI in its form, and deletes only once confirmed", async () => {
    await ff.go("#inventory");
    const section = '[data-kind="enis"]';
    await ff.page.waitForSelector(`${section} tbody tr`);
    const eni = await ff.page.evaluate((s) => document.querySelector(`${s} tbody tr td`)?.textContent ?? "", section);
    expect(eni).toMatch(/^eni-/);
    await ff.page.click(`${section} button[aria-label="Edit ${eni}"]`);
    const form = `${section} form[aria-label="Edit ${eni}"]`;
    await ff.page.waitForSelector(form);
    // The Name field, by its label (the id field is not in an edit form).
    const id = await ff.page.evaluate((f) => {
      const label = [...document.querySelectorAll(`${f} label`)].find((l) => l.textContent === "Name");
      return label?.getAttribute("for") ?? "";
    }, form);
    expect(await ff.page.evaluate((f) => [...document.querySelectorAll(`${f} label`)].some((l) => l.textContent === "ID"), form)).toBe(
      false,
    );
    await ff.fill(`[id="${id}"]`, "web client");
    await ff.page.click(`${form} button[type="submit"]`);
    await ff.waitUntil(
      (s, e) =>
        [...document.querySelectorAll(`${s} tbody tr`)].some((r) => r.textContent?.includes(e) && r.textContent.includes("web client")),
      [section, eni],
      "the edited name in the list",
    );
    await ff.page.click(`${section} button[aria-label="Delete ${eni}"]`);
    await ff.page.waitForSelector('[data-testid="confirm-delete-entity"]');
    expect(await ff.text('[data-testid="confirm-delete-entity"]')).toContain(eni);
    await ff.page.evaluate(() =>
      [...document.querySelectorAll<HTMLButtonElement>('[data-testid="confirm-delete-entity"] button')]
        .find((b) => b.textContent === "Cancel")
        ?.click(),
    );
    await ff.waitUntil(() => !document.querySelector('[data-testid="confirm-delete-entity"]'), [], "the dialog closed");
    expect(
      await ff.page.evaluate((s, e) => [...document.querySelectorAll(`${s} tbody tr td`)].some((c) => c.textContent === e), section, eni),
    ).toBe(true);
  });
});
