// The whole user flow in the built extension, in headless Chromium: network in, flow
// log created in the dialog, a capture dropped, its records browsed and searched, a
// REJECT's rule opened, the report, export, reload, delete — and no network request.
import { readFileSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unzipToFolder } from "../support/zip-tree";
import { CHROMIUM } from "./browser";
import { dropFiles, type LoadedExtension, loadExtension } from "./extension";

const capture = readFileSync(new URL("../files/tcpdump-veth.pcap", import.meta.url));
const network = new URL("../files/veth-network.json", import.meta.url).pathname;

let ext: LoadedExtension;
let page: Page;

async function go(hash: string) {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
}

describe.runIf(CHROMIUM)("the extension in Chromium", () => {
  beforeAll(async () => {
    ext = await loadExtension();
    page = await ext.open("viewer.html");
  });
  afterAll(async () => {
    await ext?.close();
  });

  it("opens the viewer on the Import page on an empty store (first run), with the five pages in its navigation", async () => {
    expect(await page.getAttribute("body", "data-ready")).toBe("yes");
    expect(await page.locator("header nav a").allTextContents()).toEqual(["Flow logs", "Inventory", "Import", "Records", "Report"]);
    await page.waitForFunction(() => location.hash === "#import");
    await page.getByTestId("import-file").waitFor({ state: "attached" });
    await go("#flow-logs");
    await page.getByText("No flow logs yet").waitFor();
    await go("#report");
    expect(await page.getByTestId("report-empty").textContent()).toMatch(/^There is no logstore yet.*Go to Import$/);
  });

  it("shows the popup's counts on an empty store", async () => {
    const popup = await ext.open("popup.html");
    expect(await popup.getByTestId("popup-flow-logs").textContent()).toBe("0 active, 0 inactive");
    console.log(
      `popup opened in ${await popup.getAttribute("body", "data-open-ms")} ms (empty store; script, ` +
        `database, data at ${await popup.getAttribute("body", "data-phases")} ms)`,
    );
    await popup.close();
  });

  it("imports the network document on the Inventory page", async () => {
    await go("#inventory");
    await page.getByTestId("inventory-file").setInputFiles(network);
    await page.getByText("Imported the inventory document veth-network.json.").waitFor();
    await expect.poll(() => page.locator('[data-kind="enis"] tbody tr td.mono').allTextContents()).toEqual(["eni-client", "eni-server"]);
    await ext.screenshot(page, "inventory");
  });

  it("edits an inventory entity in its form, and deletes only once confirmed", async () => {
    const enis = page.locator('[data-kind="enis"]');
    const eni = (await enis.locator("tbody tr td").first().textContent())!;
    await enis.getByRole("button", { name: `Edit ${eni}` }).click();
    const form = enis.getByRole("form", { name: `Edit ${eni}` });
    await form.getByLabel("Name", { exact: true }).fill("web client");
    await form.getByRole("button", { name: "Save" }).click();
    await enis.locator("tbody tr", { hasText: eni }).filter({ hasText: "web client" }).waitFor();
    await enis.getByRole("button", { name: `Delete ${eni}` }).click();
    const confirm = page.getByTestId("confirm-delete-entity");
    expect(await confirm.textContent()).toContain(eni);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached" });
    expect(await enis.locator("tbody tr td", { hasText: new RegExp(`^${eni}$`) }).count()).toBe(1);
  });

  it("creates a logstore, then a flow log in the dialog, which shows errors at their fields as the user types", async () => {
    await go("#flow-logs");
    const form = page.getByRole("form", { name: "Create logstore" });
    await form.getByLabel("Project").fill("lab");
    await form.getByLabel("Logstore").fill("flows");
    await form.getByRole("button", { name: "Create logstore" }).click();
    await page.getByTestId("logstore-table").getByText("flows").waitFor();

    await page.getByRole("button", { name: "Create flow log" }).click();
    const dialog = page.getByTestId("flow-log-dialog");
    await dialog.getByLabel("Name").fill("1lab");
    await dialog.getByText("must start with", { exact: false }).waitFor();
    await dialog.getByLabel("Name").fill("lab-vpc");
    expect(await dialog.locator(".field.invalid").count()).toBe(0);
    await dialog.getByLabel("Resource", { exact: true }).selectOption("vpc-veth");
    await ext.screenshot(page, "create-flow-log");
    await dialog.getByRole("button", { name: "Create" }).click();
    await page.getByTestId("flow-log-table").getByText("lab-vpc").waitFor();
    expect(await page.getByTestId("flow-log-table").locator("tbody tr td").nth(3).textContent()).toBe("Active");
    await ext.screenshot(page, "flow-logs");
  });

  it("imports a capture dropped anywhere on the page, with its progress and summary", async () => {
    await dropFiles(page, [{ name: "tcpdump-veth.pcap", bytes: capture }]);
    await page.waitForFunction(() => location.hash === "#import");
    const job = page.locator('li.job[data-file="tcpdump-veth.pcap"]');
    await job.and(page.locator('[data-state="done"]')).waitFor();
    expect(await job.getAttribute("data-engine")).toBe("wasm");
    expect(await job.locator(".summary").textContent()).toContain("23 records stored in lab/flows.");
    expect(await job.locator(".summary").textContent()).toContain("pcap: 40 packets read, 19 flows.");
    expect(await job.getByTestId("record-statuses").textContent()).toBe("lab/flows: 23 with traffic, 0 NODATA, 0 SKIPDATA.");
    // The IPv6 flows between link-local or unspecified sources and multicast touch no ENI: a
    // warning with the counts and the pairs with the most bytes.
    expect(await job.getByTestId("unattributed").textContent()).toMatch(
      /^⚠ 10 packets \(.+\) between 7 address pairs reached no ENI an active flow log covers: :: > ff02::16 \(3\), /,
    );
    // Sizes and speeds in sensible units, and the finished job's records one click away.
    expect(await job.locator(".muted").nth(1).textContent()).toMatch(
      /^[\d.]+ (B|KB|MB) read · 40 packets · 19 flows · \d+(\.\d+)? (B|KB|MB|GB)\/s$/,
    );
    expect(await job.getByTestId("view-records").getAttribute("href")).toBe("#records?store=lab%2Fflows");
    await ext.screenshot(page, "import");
    // The list of finished jobs can be cleared.
    await page.getByTestId("clear-jobs").click();
    await expect.poll(() => page.locator("li.job").count()).toBe(0);
  });

  it("browses and searches the records, and opens a REJECT's deciding rule", async () => {
    await go("#records");
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^23 records/);
    // The table is virtual: the rows in view exist, and scrolling down brings the last record's.
    await expect.poll(() => page.locator('[data-testid="records-table"] [role="row"]').count()).toBeGreaterThan(10);
    await page.locator('[data-testid="records-table"] .vscroll').evaluate((e) => {
      e.scrollTop = e.scrollHeight;
    });
    await page.locator('[data-row="22"]').waitFor();
    expect(await page.locator('[data-row="23"]').count()).toBe(0);
    await page.getByTestId("search-input").fill("action: REJECT and protocol: 1");
    await page.getByTestId("search-input").press("Enter");
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^2 records/);
    await page.locator('[data-row="0"]').click();
    const rule = page.getByTestId("deciding-rule");
    await rule.getByText("deny-ping").waitFor();
    expect(await rule.textContent()).toContain("no pings");
    await ext.screenshot(page, "records");
  });

  it("shows a search error at its position, and no results", async () => {
    await page.getByTestId("search-input").fill("dstport > ");
    await page.getByTestId("search-input").press("Enter");
    const error = page.getByTestId("search-error");
    await error.waitFor();
    expect(await error.locator("pre").textContent()).toBe("dstport > \n          ^");
    expect(await error.textContent()).toContain("position 11");
    await page.getByTestId("search-input").fill("action: REJECT");
    await page.getByTestId("search-input").press("Enter");
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^5 records/);
  });

  it("exports the current result", async () => {
    await page.locator("select").filter({ hasText: "jsonl" }).selectOption("aws");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export").click()]);
    const text = readFileSync(await download.path(), "utf8")
      .trim()
      .split("\n");
    expect(text[0]).toBe(
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status",
    );
    expect(text.slice(1).map((l) => l.split(" ").slice(-2).join(" "))).toEqual([
      "REJECT OK",
      "REJECT OK",
      "REJECT OK",
      "REJECT OK",
      "REJECT OK",
    ]);
  });

  it("exports the result as AWS's Parquet delivery in a zip, which DuckDB reads with its partitions", async () => {
    await page.locator("select").filter({ hasText: "jsonl" }).selectOption("parquet");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export").click()]);
    expect(download.suggestedFilename()).toMatch(/^flows-.+-AWSLogs-parquet\.zip$/);
    const { dir, names } = unzipToFolder(readFileSync(await download.path()));
    expect(names).toContain("athena.sql");
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    const rows = (
      await c.runAndReadAll(`select "aws-region" r, action, count(*)::int n from read_parquet('${dir}/AWSLogs/**/*.parquet',
        hive_partitioning = true) group by all`)
    ).getRowObjectsJS();
    c.closeSync();
    // The flow log's region names the partition: the capture's records carry none themselves.
    expect(rows).toEqual([{ r: "cn-hangzhou", action: "REJECT", n: 5 }]);
    await page.locator("select").filter({ hasText: "jsonl" }).selectOption("jsonl");
  });

  it("finds, pivots, sorts and reads time as the log consoles do, with the search in the URL", async () => {
    await go("#records");
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^23 records/);
    // The histogram: bars of a stated size, each labelled with its bucket and count.
    const histogram = page.getByTestId("records-histogram");
    expect(await histogram.locator("figcaption").textContent()).toMatch(/^Records over time, (1|5|10) min per bar, /);
    const bars = histogram.locator("rect.bar");
    const labels = await bars.evaluateAll((rs) => rs.map((r) => r.getAttribute("aria-label") ?? ""));
    expect(labels.reduce((n, l) => n + Number(l.match(/: (\d+) records/)?.[1] ?? 0), 0)).toBe(23);
    // Sorting by a header orders the whole result: ascending, then descending, in the URL and kept on reload.
    const table = page.getByTestId("records-table");
    const bytesHeader = table.getByRole("columnheader", { name: /^bytes/ });
    const bytesOf = (row: number) => page.locator(`[data-row="${row}"] [role="gridcell"]`).nth(9).textContent();
    const firstRows = async () => Promise.all([0, 1, 2, 3].map(async (i) => Number(await bytesOf(i))));
    await bytesHeader.getByRole("button").click();
    await expect.poll(() => bytesHeader.getAttribute("aria-sort")).toBe("ascending");
    await expect.poll(async () => (await firstRows()).every((v, i, a) => !i || a[i - 1] <= v)).toBe(true);
    const least = Number(await bytesOf(0));
    await bytesHeader.getByRole("button").click();
    await expect.poll(() => bytesHeader.getAttribute("aria-sort")).toBe("descending");
    await expect.poll(async () => Number(await bytesOf(0))).toBeGreaterThan(least);
    expect((await firstRows()).every((v, i, a) => !i || a[i - 1] >= v)).toBe(true);
    const top = Number(await bytesOf(0));
    expect(page.url()).toContain("sort=-bytes");
    await page.reload();
    await page.waitForSelector("body[data-ready=yes]", { state: "attached" });
    await expect
      .poll(() =>
        page
          .getByTestId("records-table")
          .getByRole("columnheader", { name: /^bytes/ })
          .getAttribute("aria-sort"),
      )
      .toBe("descending");
    await expect.poll(() => bytesOf(0)).toBe(String(top));
    // Pivot: Filter on a value of the detail appends it to the search and runs it; Exclude appends its negation.
    await page.locator('[data-row="0"]').click();
    await expect.poll(() => page.locator('[data-row="0"]').getAttribute("aria-selected")).toBe("true");
    const detail = page.getByTestId("record-detail");
    const src = await detail
      .locator("dt", { hasText: /^srcaddr$/ })
      .locator("+ dd .mono")
      .textContent();
    await detail.getByRole("button", { name: `Filter srcaddr: ${src}` }).click();
    const quoted = src!.includes(":") ? `"${src}"` : src;
    await expect.poll(() => page.getByTestId("search-input").inputValue()).toBe(`srcaddr: ${quoted}`);
    // The count of the search just run, not the one before it (the input changes first).
    const count = async () => Number((await page.getByTestId("result-count").textContent())!.match(/^(\d+)/)![1]);
    await expect.poll(count).toBeLessThan(23);
    const filtered = await count();
    expect(filtered).toBeGreaterThan(0);
    await page.locator('[data-row="0"]').click();
    await page
      .getByTestId("record-detail")
      .getByRole("button", { name: /^Exclude protocol: / })
      .click();
    await expect.poll(() => page.getByTestId("search-input").inputValue()).toMatch(/^srcaddr: .+ and not protocol: \d+$/);
    // Back restores the search before.
    await page.goBack();
    await expect.poll(() => page.getByTestId("search-input").inputValue()).toBe(`srcaddr: ${quoted}`);
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(new RegExp(`^${filtered} records`));
    // Dragging across the histogram sets the time range; "Whole logstore" clears it.
    await go("#records");
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^23 records/);
    const box = (await page.getByTestId("records-histogram").locator("svg").boundingBox())!;
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => page.url()).toMatch(/from=\d+&to=\d+/);
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^23 records/);
    await page.getByRole("button", { name: "Whole logstore" }).click();
    await expect.poll(() => page.url()).not.toMatch(/from=/);
    // The range is also one control to type in: a bad one is refused, a good one applied.
    const range = page.getByTestId("time-range");
    await expect.poll(() => range.inputValue()).toBe(""); // the cleared range has reached the page
    await range.fill("yesterday");
    await range.press("Enter");
    await page.getByRole("alert").filter({ hasText: "Not a range" }).waitFor();
    await range.fill("2000-01-01 00:00 – 2099-12-31 23:59");
    await range.press("Enter");
    await expect.poll(() => page.url()).toMatch(/from=946\d+&to=4102\d+/);
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^23 records/);
    await page.getByRole("button", { name: "Whole logstore" }).click();
    await expect.poll(() => bytesOf(0)).toMatch(/^\d+$/);
    await ext.screenshot(page, "records-histogram");
  });

  it("opens a flow log's logstore from the Flow logs page, as the console links it", async () => {
    await go("#flow-logs");
    await page.getByTestId("flow-log-logstore").click();
    await page.waitForFunction(() => location.hash.startsWith("#records?store=lab%2Fflows"));
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^23 records/);
  });

  it("saves a search by name, runs it again from the list, and keeps the recent ones", async () => {
    await go("#records?store=lab%2Fflows&q=action%3A%20REJECT");
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^5 records/);
    const saved = page.getByTestId("saved-searches");
    await saved.locator("summary").click();
    await saved.getByLabel("Name for this search").fill("rejected");
    await saved.getByRole("button", { name: "Save search" }).click();
    await saved.getByRole("button", { name: "rejected", exact: true }).waitFor();
    await page.getByTestId("search-input").fill("protocol: 1");
    await page.getByTestId("search-input").press("Enter");
    await expect.poll(() => page.getByTestId("search-input").inputValue()).toBe("protocol: 1");
    await saved.getByRole("button", { name: "rejected", exact: true }).click();
    await expect.poll(() => page.getByTestId("search-input").inputValue()).toBe("action: REJECT");
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^5 records/);
    await expect
      .poll(() => saved.getByTestId("recent-searches").locator("button").allTextContents())
      .toEqual(expect.arrayContaining(["action: REJECT", "protocol: 1"]));
    // Kept in IndexedDB: still there after a reload.
    await page.reload();
    await page.waitForSelector("body[data-ready=yes]", { state: "attached" });
    await page.getByTestId("saved-searches").locator("summary").click();
    await page.getByTestId("saved-searches").getByRole("button", { name: "rejected", exact: true }).waitFor();
  });

  it("pivots from a cell's context menu, and resizes a column", async () => {
    await go("#records?store=lab%2Fflows");
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^23 records/);
    const cell = page.locator('[data-row="0"] [role="gridcell"]').nth(6); // dstport
    await expect.poll(() => cell.textContent()).toMatch(/^\d+$/);
    const port = await cell.textContent();
    await cell.click({ button: "right" });
    await page
      .getByTestId("cell-menu")
      .getByRole("menuitem", { name: `Exclude dstport: ${port}` })
      .click();
    await expect.poll(() => page.getByTestId("search-input").inputValue()).toBe(`not dstport: ${port}`);
    await expect.poll(() => page.getByTestId("result-count").textContent()).not.toMatch(/^23 records/);
    const handle = page.getByRole("separator", { name: "Resize column srcaddr" });
    const before = Number(await handle.getAttribute("aria-valuenow"));
    await handle.focus();
    await handle.press("ArrowRight");
    await handle.press("ArrowRight");
    await expect.poll(async () => Number(await handle.getAttribute("aria-valuenow"))).toBe(before + 20);
  });

  it("reports the analyses, each row linking to its records", async () => {
    await go("#report");
    const rejected = page.locator('[data-analysis="rejected"]');
    await rejected.getByText("sg-server/deny-ping").waitFor();
    await page.getByTestId("time-chart").locator("rect.bar").first().waitFor();
    expect(await page.getByTestId("time-chart").locator("figcaption").textContent()).toMatch(/^Bytes over time, \d+ min per bar, .* top: /);
    // Every table sorts: the top ports by port, ascending, with the port as a number, not a count.
    const ports = page.locator('[data-analysis="top-ports"]');
    await ports.getByRole("button", { name: /^dstport/ }).click();
    await ports.getByRole("button", { name: /^dstport/ }).click();
    await expect.poll(() => ports.locator("th", { hasText: "dstport" }).getAttribute("aria-sort")).toBe("ascending");
    const shown = (await ports.locator("tbody tr td:first-child").allTextContents()).map(Number);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    expect(shown.some((p) => p >= 1000)).toBe(true);
    expect(await ports.locator("tbody").textContent()).not.toMatch(/\d,\d{3}\b.*Records/);
    await page.locator('[data-analysis="top-ports"] tbody tr').first().waitFor();
    await ext.screenshot(page, "report");
    await rejected.locator("tr", { hasText: "sg-server/deny-ping" }).getByRole("button", { name: "Records" }).click();
    await page.waitForFunction(() => location.hash.startsWith("#records"));
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^2 records/);
  });

  it("finds everything still there after a reload", async () => {
    await page.goto(`chrome-extension://${ext.id}/viewer.html#records`);
    await page.waitForSelector("body[data-ready=yes]", { state: "attached" });
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^23 records/);
  });

  it("shows the counts in the popup on a full store", async () => {
    const popup = await ext.open("popup.html");
    expect(await popup.getByTestId("popup-flow-logs").textContent()).toBe("1 active, 0 inactive");
    expect(await popup.getByTestId("popup-logstores").textContent()).toBe("lab/flows: 23 records");
    // Its IPv6 traffic from link-local and unspecified sources to multicast is unattributed.
    expect(await popup.getByTestId("popup-imports").textContent()).toBe(
      "tcpdump-veth.pcap → lab/flows: 23 records (23 with traffic, 0 NODATA/SKIPDATA) ⚠ 10 packets unattributed",
    );
    console.log(
      `popup opened in ${await popup.getAttribute("body", "data-open-ms")} ms (after an import; script, ` +
        `database, data at ${await popup.getAttribute("body", "data-phases")} ms)`,
    );
    await ext.screenshot(popup, "popup");
    const [viewer] = await Promise.all([ext.context.waitForEvent("page"), popup.getByTestId("open-viewer").click()]);
    await viewer.waitForSelector("body[data-ready=yes]", { state: "attached" });
    expect(viewer.url()).toBe(`chrome-extension://${ext.id}/viewer.html`);
    await viewer.close();
  });

  it("deletes the flow log after confirmation, and its records stay browsable", async () => {
    await go("#flow-logs");
    await page.getByTestId("flow-log-table").getByRole("button", { name: "Delete" }).click();
    await page.getByTestId("confirm-delete").getByRole("button", { name: "Delete" }).click();
    await page.getByText("No flow logs yet").waitFor();
    await go("#records");
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^23 records/);
  });

  it("made no network request: every URL was the extension's own", () => {
    const foreign = ext.requests.filter(
      (u) => !u.startsWith(`chrome-extension://${ext.id}/`) && !u.startsWith("blob:chrome-extension://") && !u.startsWith("data:"),
    );
    expect(ext.requests.length).toBeGreaterThan(10);
    expect(foreign).toEqual([]);
  });
});
