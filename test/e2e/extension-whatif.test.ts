// What if in the extension, in Chromium: the veth capture stored through the UI, the rules' use
// shown beside each rule, a draft that lets the server's pings in replayed — the two pings' records
// REJECT → ACCEPT with the rules before and after — then applied, so the network holds the draft.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "./browser";
import { dropFiles, goTo, type LoadedExtension, loadExtension, setUpVethLab } from "./extension";

const capture = readFileSync(new URL("../files/tcpdump-veth.pcap", import.meta.url));
let ext: LoadedExtension;
let page: Page;
const go = (hash: string) => goTo(page, hash);

describe.runIf(CHROMIUM)("what if in the extension", () => {
  beforeAll(async () => {
    ext = await loadExtension();
    page = await ext.open("viewer.html#inventory");
    await setUpVethLab(page);
    await dropFiles(page, [{ name: "tcpdump-veth.pcap", bytes: capture }]);
    await page.locator('li.job[data-file="tcpdump-veth.pcap"][data-state="done"]').waitFor();
  });
  afterAll(async () => {
    await ext?.close();
  });

  it("shows each rule's use beside it, the unused and shadowed ones said", async () => {
    await go("#inventory");
    const panel = page.getByTestId("whatif");
    await panel.getByTestId("rules-in-use").click();
    const row = (id: string) => panel.getByTestId("rule-use").locator(`tr[data-rule="${id}"]`);
    await row("sg-server/deny-ping").waitFor();
    expect(await row("sg-server/deny-ping").locator("td").nth(2).textContent()).toBe("2");
    expect(await panel.getByTestId("rule-use").locator("caption").textContent()).toMatch(
      /^Over 23 records replayed: \d+ rules unused, 0 shadowed$/,
    );
    // Beside the rule in the security groups' table above.
    const groups = page.locator('[data-kind="securityGroups"]');
    expect(await groups.locator(".rules-table tbody tr", { hasText: "deny-ping" }).getByTestId("rule-use-cell").textContent()).toBe("2");
  });

  it("replays a draft: the pings' records flip REJECT to ACCEPT, with the rules before and after, then Apply keeps it", async () => {
    const panel = page.getByTestId("whatif");
    await panel.getByTestId("draft-pick").selectOption("sg-server");
    await panel.getByTestId("draft-add").click();
    const text = panel.getByTestId("draft-sg-server");
    // The rule that rejects the pings switched off (# before it), and one that accepts them added.
    const rules = (await text.inputValue()).split("\n").map((l) => (l.includes("deny-ping") ? `# ${l}` : l));
    expect(rules.filter((l) => l.startsWith("#"))).toHaveLength(1);
    await text.fill([...rules, "5 in icmp - 10.77.0.0/24 accept ping-ok"].join("\n"));
    await panel.getByTestId("replay").click();
    await panel.getByTestId("whatif-result").waitFor();
    expect(await panel.getByRole("status").textContent()).toBe("23 records replayed; 2 would change action.");
    expect(await panel.getByTestId("whatif-changes").textContent()).toBe(
      "sg-server/ping-ok accepts 2 records rejected today by sg-server/deny-ping",
    );
    const cells = await panel.getByTestId("whatif-records").locator("tbody tr").first().locator("td").allTextContents();
    expect(cells.slice(3)).toEqual(["REJECT sg-server/deny-ping", "ACCEPT sg-server/ping-ok"]);
    // Every changed record exports as the Records page exports a result: here as AWS text.
    const all = panel.getByTestId("whatif-export-all");
    await all.locator("select").selectOption("aws");
    const [download] = await Promise.all([page.waitForEvent("download"), all.getByTestId("export").click()]);
    const lines = readFileSync(await download.path(), "utf8")
      .trim()
      .split("\n");
    expect(lines).toHaveLength(3);
    // The records as stored (REJECT today): the draft changes no stored record.
    expect(lines.slice(1).map((l) => l.split(" ").slice(-2).join(" "))).toEqual(["REJECT OK", "REJECT OK"]);
    // And they open in the Records table, as a search's result does.
    await all.getByTestId("whatif-open-records").click();
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^2 records/);
    expect(await page.locator('[data-testid="records-table"] [data-row]').count()).toBe(2);
    await go("#inventory");
    await page.getByTestId("whatif").getByTestId("draft-sg-server").waitFor();
    await panel.getByTestId("draft-apply").click();
    const groups = page.locator('[data-kind="securityGroups"]');
    await groups.locator("td.mono", { hasText: /^ping-ok$/ }).waitFor();
    expect(await groups.locator("td.mono", { hasText: /^deny-ping$/ }).count()).toBe(0);
  });

  it("tells, in a stored REJECT's detail, which rule decides it today, step by step", async () => {
    await go("#records");
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^23 records/);
    await page.getByTestId("search-input").fill("action: REJECT and protocol: 1 and interface-id: eni-server");
    await page.getByTestId("search-input").press("Enter");
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^2 records/);
    await page.locator('[data-row="0"]').click();
    await page.getByTestId("why-open").click();
    const steps = (await page.getByTestId("why-steps").textContent())!.split("\n");
    // Stored before the draft was applied, decided today by the rule it brought.
    expect(steps.at(-1)).toBe("verdict: ACCEPT");
    expect(steps).toContain("    decided by sg-server/ping-ok: accept");
    await go("#inventory");
  });

  it("runs SQL after the search with DuckDB in the worker: a table, a chart, DuckDB's error at its place", async () => {
    await go("#records");
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^23 records/);
    await page
      .getByTestId("search-input")
      .fill("action: REJECT | SELECT interface_id, count(*) AS n GROUP BY interface_id ORDER BY n DESC");
    await page.getByTestId("search-input").press("Enter");
    await page.getByTestId("sql-result").waitFor({ timeout: 60_000 });
    const rows = await page.getByTestId("sql-table").locator("tbody tr").allTextContents();
    expect(rows).toEqual(["eni-server4", "eni-client1"]);
    expect(await page.getByTestId("sql-count").textContent()).toMatch(/^2 rows over 5 records \(\d+ ms, DuckDB\)$/);
    await page.getByTestId("sql-chart").waitFor();
    // From the Report's search box, SQL opens on the Records page with its rows.
    await go("#report");
    await page.locator("#report-query").fill("action: REJECT | SELECT count(*) AS n");
    await page.locator("#report-query").press("Enter");
    await expect.poll(() => page.getByTestId("sql-table").locator("tbody tr").allTextContents()).toEqual(["5"]);
    await page.getByTestId("search-input").fill("* | SELECT nosuch");
    await page.getByTestId("search-input").press("Enter");
    await expect.poll(() => page.getByTestId("search-error").textContent()).toMatch(/Binder Error/);
    const pre = await page.getByTestId("search-error").locator("pre").textContent();
    expect(pre!.split("\n")[1].indexOf("^")).toBe("* | SELECT nosuch".indexOf("nosuch"));
    await go("#inventory");
  });

  it("refuses a draft line that is no rule, saying which", async () => {
    const panel = page.getByTestId("whatif");
    await panel.getByTestId("draft-pick").selectOption("sg-client");
    await panel.getByTestId("draft-add").click();
    await panel.getByTestId("draft-sg-client").fill("1 sideways tcp 22 0.0.0.0/0 accept");
    await panel.getByTestId("replay").click();
    await expect.poll(() => panel.getByTestId("whatif-error").textContent()).toMatch(/sideways/);
    await panel.getByTestId("draft-discard").click();
    expect(await panel.getByTestId("draft-sg-client").count()).toBe(0);
  });
});
