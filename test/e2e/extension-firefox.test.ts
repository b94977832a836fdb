// The same extension in Firefox ESR, driven by puppeteer-core over WebDriver BiDi
// (docs/toolchain.md §6): the e2e build (dist-e2e/) opens its viewer itself, because BiDi may not
// navigate to moz-extension:// pages. Network in, flow log created, a capture dropped,
// its records browsed and searched.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pairCapture } from "../support/pair-captures";
import { SCREENSHOTS } from "./extension";
import { FIREFOX, type FirefoxViewer, openFirefoxViewer } from "./firefox";

const capture = readFileSync(new URL("../files/tcpdump-veth.pcap", import.meta.url));
const network = fileURLToPath(new URL("../files/veth-network.json", import.meta.url));

let ff: FirefoxViewer;
let page: Page;
const text = (selector: string) => ff.text(selector);
const waitUntil: FirefoxViewer["waitUntil"] = (...a) => ff.waitUntil(...a);
const waitText = (selector: string, pattern: RegExp) => ff.waitText(selector, pattern);
const fill = (selector: string, value: string) => ff.fill(selector, value);

describe.runIf(FIREFOX)("the extension in Firefox ESR", () => {
  beforeAll(async () => {
    ff = await openFirefoxViewer();
    page = ff.page;
  });
  afterAll(async () => {
    await ff?.browser.close();
  });

  it("opens the viewer with its navigation", async () => {
    expect(await page.$$eval("header nav a", (as) => as.map((a) => a.textContent))).toEqual([
      "Flow logs",
      "Inventory",
      "Import",
      "Records",
      "Report",
    ]);
  });

  it("imports the network, creates a logstore and a flow log", async () => {
    await page.evaluate(() => {
      location.hash = "#inventory";
    });
    const input = await page.waitForSelector('[data-testid="inventory-file"]');
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(network);
    await waitText('[role="status"]', /Imported the inventory document/);
    await page.evaluate(() => {
      location.hash = "#flow-logs";
    });
    await page.waitForSelector('form[aria-label="Create logstore"]');
    const [project, logstore] = await page.$$('form[aria-label="Create logstore"] input');
    await project.type("lab");
    await logstore.type("flows");
    await page.click('form[aria-label="Create logstore"] button[type=submit]');
    await waitText('[data-testid="logstore-table"]', /flows/);
    await page.click(".toolbar button.primary");
    await page.waitForSelector('[data-testid="flow-log-dialog"]');
    await fill('[data-testid="flow-log-dialog"] input', "1lab");
    await waitText('[data-testid="flow-log-dialog"] .field.invalid', /must start with/);
    await fill('[data-testid="flow-log-dialog"] input', "lab-vpc");
    await page.click('[data-testid="flow-log-dialog"] button[type=submit]');
    await waitText('[data-testid="flow-log-table"]', /lab-vpc/);
  });

  it("imports a dropped capture and browses and searches its records", async () => {
    await ff.drop("tcpdump-veth.pcap", capture);
    await page.waitForSelector('li.job[data-state="done"]', { timeout: 30_000 });
    expect(await page.$eval("li.job", (e) => e.getAttribute("data-engine"))).toBe("wasm");
    expect(await text("li.job .summary")).toContain("23 records stored in lab/flows.");
    await page.screenshot({ path: `${SCREENSHOTS}/firefox-import.png`, fullPage: true });
    await page.evaluate(() => {
      location.hash = "#records";
    });
    await waitText('[data-testid="result-count"]', /^23 records/);
    await fill('[data-testid="search-input"]', "action: REJECT and srcaddr: 10.77.0.0/16");
    await page.keyboard.press("Enter");
    await waitText('[data-testid="result-count"]', /^3 records/);
    await page.click('[data-row="0"]');
    await waitText('[data-testid="deciding-rule"]', /sg-server/);
    await page.screenshot({ path: `${SCREENSHOTS}/firefox-records.png`, fullPage: true });
  });

  it("sorts by a header over the whole result, pivots from the detail, and keeps both in the URL", async () => {
    await page.evaluate(() => {
      location.hash = "#records";
    });
    await waitText('[data-testid="result-count"]', /^23 records/);
    await page.waitForSelector('[data-testid="records-histogram"] rect.bar');
    const header = '[data-testid="records-table"] [role="columnheader"]:nth-child(10)';
    await page.click(`${header} button`);
    await page.click(`${header} button`);
    await waitUntil((h) => document.querySelector(h)?.getAttribute("aria-sort") === "descending", [header], "bytes sorted descending");
    await waitUntil(() => location.hash.includes("sort=-bytes"), [], "the sort in the URL");
    const bytes = () =>
      page.evaluate(() => [0, 1, 2].map((i) => Number(document.querySelectorAll(`[data-row="${i}"] [role="gridcell"]`)[9]?.textContent)));
    await waitUntil(
      () => {
        const v = [0, 1, 2].map((i) => Number(document.querySelectorAll(`[data-row="${i}"] [role="gridcell"]`)[9]?.textContent));
        return v.every((x) => x > 0) && v[0] >= v[1] && v[1] >= v[2];
      },
      [],
      "rows in descending bytes",
    );
    expect((await bytes())[0]).toBeGreaterThan(1000);
    await page.click('[data-row="0"]');
    await page.waitForSelector('[data-testid="record-detail"]');
    await page.click('[data-testid="record-detail"] button[aria-label^="Filter action: "]');
    await waitUntil(() => /^action: (ACCEPT|REJECT)$/.test((document.querySelector("#query") as HTMLInputElement).value), [], "the pivot");
    await waitUntil(() => location.hash.includes("q=action"), [], "the pivot in the URL");
    await waitText('[data-testid="result-count"]', /^\d+ records/);
  });

  it("runs SQL after the search with DuckDB in the worker", async () => {
    await page.evaluate(() => {
      location.hash = "#records";
    });
    await waitText('[data-testid="result-count"]', /^23 records/);
    await fill('[data-testid="search-input"]', "action: REJECT | SELECT interface_id, count(*) AS n GROUP BY interface_id ORDER BY n DESC");
    await page.keyboard.press("Enter");
    await waitText('[data-testid="sql-count"]', /^2 rows over 5 records \(\d+ ms, DuckDB\)$/);
    expect(await page.$$eval('[data-testid="sql-table"] tbody tr', (rows) => rows.map((r) => r.textContent))).toEqual([
      "eni-server4",
      "eni-client1",
    ]);
  });

  it("shows the report with its chart", async () => {
    await page.evaluate(() => {
      location.hash = "#report";
    });
    await waitText('[data-analysis="rejected"]', /sg-server\/deny-ping/);
    await page.waitForSelector('[data-testid="time-chart"] rect.bar');
    // A table sorts by its header.
    await page.click('[data-analysis="top-ports"] th:first-child button');
    await waitUntil(
      () => document.querySelector('[data-analysis="top-ports"] th:first-child')?.getAttribute("aria-sort") === "descending",
      [],
      "the top ports sorted by port",
    );
    await page.screenshot({ path: `${SCREENSHOTS}/firefox-report.png`, fullPage: true });
  });

  it("saves a search, runs it from the list, and pivots from a cell's menu", async () => {
    await page.evaluate(() => {
      location.hash = "#records?store=lab%2Fflows&q=action%3A%20REJECT";
    });
    await waitText('[data-testid="result-count"]', /^5 records/);
    await page.click('[data-testid="saved-searches"] summary');
    await fill('[data-testid="saved-searches"] input', "rejected");
    await page.click('[data-testid="saved-searches"] form button[type=submit]');
    await waitText('[data-testid="saved-searches"] ul', /rejected/);
    await fill('[data-testid="search-input"]', "protocol: 1");
    await page.keyboard.press("Enter");
    await waitText('[data-testid="result-count"]', /^8 records/);
    await page.click('[data-testid="saved-searches"] ul li button.link:not(.danger)');
    await waitText('[data-testid="result-count"]', /^5 records/);
    await waitUntil(() => (document.querySelector("#query") as HTMLInputElement).value === "action: REJECT", [], "the saved search run");
    // A cell's context menu: Exclude its value.
    await waitUntil(() => /^\d+$/.test(document.querySelectorAll('[data-row="0"] [role="gridcell"]')[6]?.textContent ?? ""), [], "a row");
    const port = await page.evaluate(() => document.querySelectorAll('[data-row="0"] [role="gridcell"]')[6].textContent);
    await page.evaluate(() => {
      const cell = document.querySelectorAll('[data-row="0"] [role="gridcell"]')[6];
      cell.dispatchEvent(new MouseEvent("contextmenu", { bubbles: true, cancelable: true, clientX: 200, clientY: 300 }));
    });
    await page.waitForSelector('[data-testid="cell-menu"]');
    await page.click('[data-testid="cell-menu"] button:nth-child(2)');
    await waitUntil(
      (p) => (document.querySelector("#query") as HTMLInputElement).value === `action: REJECT and not dstport: ${p}`,
      [port],
      "the exclusion",
    );
  });

  it("finds everything after a reload, deletes the flow log and still browses its records", async () => {
    // The page reloads itself (BiDi's reload of a moz-extension:// page times out).
    await page.evaluate(() => {
      (window as unknown as { before: boolean }).before = true;
      location.reload();
    });
    await waitUntil(
      () => !(window as unknown as { before?: boolean }).before && document.body?.dataset.ready === "yes",
      [],
      "the reloaded viewer",
    );
    await page.evaluate(() => {
      location.hash = "#records";
    });
    await waitText('[data-testid="result-count"]', /^23 records/);
    await page.evaluate(() => {
      location.hash = "#flow-logs";
    });
    await waitText('[data-testid="flow-log-table"]', /lab-vpc/);
    await page.click('[data-testid="flow-log-table"] button.danger');
    await page.click('[data-testid="confirm-delete"] button.danger');
    await waitText('[data-testid="flow-log-table"]', /No flow logs yet/);
    await page.evaluate(() => {
      location.hash = "#records";
    });
    await waitText('[data-testid="result-count"]', /^23 records/);
  });

  it(
    "shows the counts in the popup page (in a frame of the viewer: BiDi cannot open it, and a script's " + "window.open is blocked)",
    async () => {
      const popup = await page.evaluate(async () => {
        const frame = document.createElement("iframe");
        frame.src = "popup.html";
        document.body.append(frame);
        for (let i = 0; i < 200 && frame.contentDocument?.body?.dataset.ready !== "yes"; i++) await new Promise((r) => setTimeout(r, 50));
        const d = frame.contentDocument!;
        return {
          flowLogs: d.querySelector('[data-testid="popup-flow-logs"]')?.textContent,
          stores: d.querySelector('[data-testid="popup-logstores"]')?.textContent,
          ms: d.body.dataset.openMs,
        };
      });
      expect(popup).toMatchObject({ flowLogs: "0 active, 0 inactive", stores: "lab/flows: 23 records" });
    },
  );

  it("offers a next capture's new subnet as an extension of the network and stores its traffic once accepted (issue #12)", async () => {
    await page.evaluate(() => {
      location.hash = "#import";
    });
    await ff.drop(
      "second.pcap",
      pairCapture([
        ["192.168.7.10", "192.168.7.20"],
        ["192.168.7.10", "203.0.113.9"],
      ]),
    );
    const job = 'li.job[data-file="second.pcap"]';
    await page.waitForSelector(`${job}[data-state="proposal"]`, { timeout: 30_000 });
    expect(await text(`${job} [data-testid="proposal"]`)).toContain("VPC vpc-192-168 (192.168.0.0/16) in region local");
    await page.click(`${job} [data-testid="proposal"] button.primary`);
    await page.waitForSelector(`${job}[data-state="done"]`, { timeout: 30_000 });
    // Two connections' SYN and SYN-ACK: 4 records at the two private ENIs, 2 at the one beside the public peer.
    expect(await text(`${job} .summary`)).toContain("6 records stored in flowlens/captures.");
  });
});
