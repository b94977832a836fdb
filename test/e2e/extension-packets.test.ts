// A record's packets in the built extension, as Zui's "Packets": in Chromium the capture
// is picked with the File System Access picker, its handle kept with the import, and the
// record's packets open from it without asking; in Firefox, which keeps no handles, the
// file is asked for again and checked by its content (another file is refused). Either
// way the packets saved are a pcap that tshark reads, frame for frame the ones its own
// filter picks from the original capture.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tsharkAvailable } from "../support/tshark-flows";
import { CHROMIUM } from "./browser";
import { type LoadedExtension, loadExtension } from "./extension";
import { FIREFOX, type FirefoxViewer, openFirefoxViewer } from "./firefox";

const CAPTURE = new URL("../files/tcpdump-veth.pcap", import.meta.url).pathname;
const capture = readFileSync(CAPTURE);
const other = readFileSync(new URL("../files/editcap-veth.pcapng", import.meta.url));
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
const dir = mkdtempSync(join(tmpdir(), "flowlens-e2e-packets-"));
// The client's connection to the server's port 8080: 5 packets each way (tshark's conversation).
const QUERY = "protocol: 6 and dstport: 8080 and direction: out";
const RECORDS = `#records?store=flowlens/captures&q=${encodeURIComponent(QUERY)}`;

/** Frames as tshark reads them: time, length and an MD5 of the bytes. */
function frames(path: string, filter?: string): string[] {
  const args = ["-r", path, "-o", "frame.generate_md5_hash:TRUE", ...(filter ? ["-Y", filter] : [])];
  return execFileSync("tshark", [...args, "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.len", "-e", "frame.md5_hash"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  })
    .trim()
    .split("\n");
}

function expectTheConversation(saved: Uint8Array, name: string) {
  const path = join(dir, name);
  writeFileSync(path, saved);
  if (tsharkAvailable()) expect(frames(path)).toEqual(frames(CAPTURE, "tcp.port == 8080"));
}

describe.runIf(CHROMIUM)("a record's packets in Chromium: the capture's handle is kept", () => {
  let ext: LoadedExtension;
  let page: Page;
  beforeAll(async () => {
    ext = await loadExtension();
    page = await ext.open("viewer.html");
  });
  afterAll(async () => {
    await ext?.close();
  });

  it("picks the capture with the File System Access picker and opens a record's packets from its handle", async () => {
    // The picker's dialog cannot be driven (playwright #8850): it answers with a handle of the
    // origin's private file system, a FileSystemFileHandle like the one the dialog gives.
    await page.evaluate(async (bytes) => {
      const root = await navigator.storage.getDirectory();
      const handle = await root.getFileHandle("tcpdump-veth.pcap", { create: true });
      const w = await handle.createWritable();
      await w.write(Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0)));
      await w.close();
      (window as unknown as { showOpenFilePicker: () => Promise<unknown[]> }).showOpenFilePicker = async () => [handle];
      location.hash = "#import";
    }, b64(capture));
    await page.getByText("Choose files").click();
    const job = page.locator('li.job[data-file="tcpdump-veth.pcap"]');
    await job.and(page.locator('[data-state="proposal"]')).waitFor({ timeout: 60_000 });
    await job.getByRole("button", { name: "Accept and import" }).click();
    await job.and(page.locator('[data-state="done"]')).waitFor({ timeout: 60_000 });
    // A reload: the handle comes back from IndexedDB, not from this page's memory.
    await page.reload();
    await page.waitForSelector("body[data-ready=yes]");
    await page.evaluate((h) => {
      location.hash = h;
    }, RECORDS);
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^1 record/);
    await page.locator('[data-row="0"]').click();
    await page.getByTestId("packets-open").click();
    const dialog = page.getByTestId("packets");
    await expect.poll(() => dialog.getByTestId("packets-count").textContent()).toBe("10 packets");
    expect(await dialog.getAttribute("aria-label")).toMatch(/^Packets of 10\.77\.0\.1:\d+ → 10\.77\.0\.2:8080, TCP \(6\)$/);
    expect(await dialog.getByRole("row").nth(1).textContent()).toContain("[SYN]");
    expect(await dialog.getByRole("row").nth(2).textContent()).toContain("[SYN, ACK]");
    await ext.screenshot(page, "packets");
    // Without the replies: the record's own 5 packets.
    await dialog.getByLabel("With the replies").uncheck();
    await expect.poll(() => dialog.getByTestId("packets-count").textContent()).toBe("5 packets");
    await dialog.getByLabel("With the replies").check();
    await expect.poll(() => dialog.getByTestId("packets-count").textContent()).toBe("10 packets");
    const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByTestId("packets-save").click()]);
    expect(download.suggestedFilename()).toMatch(/^10\.77\.0\.1\.\d+-10\.77\.0\.2\.8080-6\.pcap$/);
    expectTheConversation(readFileSync(await download.path()), "chromium.pcap");
  });
});

describe.runIf(FIREFOX)("a record's packets in Firefox: the capture is chosen again", () => {
  let ff: FirefoxViewer;
  beforeAll(async () => {
    ff = await openFirefoxViewer();
  });
  afterAll(async () => {
    await ff?.browser.close();
  });

  /** Chooses a file in the dialog's file input, as a user does. */
  const choose = (name: string, bytes: Uint8Array) =>
    ff.page.evaluate(
      (n, data) => {
        const input = document.querySelector('[data-testid="packets-file"]') as HTMLInputElement;
        const dt = new DataTransfer();
        dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], n));
        input.files = dt.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      },
      name,
      b64(bytes),
    );

  it("asks for the capture, refuses another file, and saves the packets of the one imported", async () => {
    await ff.go("#import");
    await ff.drop("tcpdump-veth.pcap", capture);
    const job = 'li.job[data-file="tcpdump-veth.pcap"]';
    await ff.waitUntil((j: string) => !!document.querySelector(`${j}[data-state="proposal"]`), [job], "the capture's proposal", 50_000);
    await ff.page.click(`${job} [data-testid="proposal"] button.primary`);
    await ff.page.waitForSelector(`${job}[data-state="done"]`, { timeout: 60_000 });
    await ff.go(RECORDS);
    await ff.waitText('[data-testid="result-count"]', /^1 record/, 30_000);
    await ff.page.click('[data-row="0"]');
    await ff.page.waitForSelector('[data-testid="packets-open"]');
    await ff.page.click('[data-testid="packets-open"]');
    await ff.page.waitForSelector('[data-testid="packets-file"]');
    await choose("tcpdump-veth.pcap", other);
    await ff.waitText('[data-testid="packets-error"]', /is not the capture imported as tcpdump-veth\.pcap/);
    await choose("tcpdump-veth.pcap", capture);
    await ff.waitText('[data-testid="packets-count"]', /^10 packets$/, 30_000);
    // The saved blob, as the download link is made from it (the CSP lets no fetch read a blob: URL back).
    await ff.page.evaluate(() => {
      const w = window as unknown as { savedPcap?: string };
      const make = URL.createObjectURL;
      URL.createObjectURL = (blob: Blob) => {
        void blob.arrayBuffer().then((b) => {
          w.savedPcap = btoa(Array.from(new Uint8Array(b), (c) => String.fromCharCode(c)).join(""));
        });
        return make(blob);
      };
    });
    await ff.page.click('[data-testid="packets-save"]');
    await ff.waitUntil(() => typeof (window as unknown as { savedPcap?: string }).savedPcap === "string", [], "the saved pcap");
    const saved = await ff.page.evaluate(() => (window as unknown as { savedPcap: string }).savedPcap);
    expectTheConversation(Buffer.from(saved, "base64"), "firefox.pcap");
  });
});
