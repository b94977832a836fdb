// The built extension (dist/) loaded in headless Chromium (docs/toolchain.md §5): its id, its pages,
// every request the browser made on its behalf, and screenshots for a person to look at.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium } from "./browser";

export const DIST = fileURLToPath(new URL("../../dist", import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL("./screenshots", import.meta.url));

export interface LoadedExtension {
  context: BrowserContext;
  id: string;
  /** Every URL requested by any page or worker of the browser, in order. */
  requests: string[];
  open(path: string): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function loadExtension(dir = DIST, o: { lang?: string } = {}): Promise<LoadedExtension> {
  const context = await launchChromium(
    [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`, ...(o.lang ? [`--lang=${o.lang}`] : [])],
    o.lang ? { locale: o.lang } : {},
  );
  const requests: string[] = [];
  context.on("request", (r) => requests.push(r.url()));
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  const id = new URL(sw.url()).host;
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    id,
    requests,
    async open(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${id}/${path}`);
      await page.waitForSelector("body[data-ready]", { state: "attached" });
      return page;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: `${SCREENSHOTS}/chromium-${name}.png`, fullPage: true });
    },
    close: () => context.close(),
  };
}

/** Drops files on the page as a user's drag-and-drop does (bytes go in as base64: docs/toolchain.md §5). */
export async function dropFiles(page: Page, files: { name: string; bytes: Uint8Array }[]): Promise<void> {
  await page.evaluate(
    (list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
      for (const type of ["dragenter", "dragover", "drop"])
        document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    },
    files.map((f) => ({ name: f.name, b64: Buffer.from(f.bytes).toString("base64") })),
  );
}

/** Moves the viewer to a page by its hash, as its navigation does. */
export const goTo = (page: Page, hash: string): Promise<void> =>
  page.evaluate((h) => {
    location.hash = h;
  }, hash);

/** Creates a logstore on the Flow logs page, and waits for its row. */
export async function createLogstore(page: Page, project: string, logstore: string): Promise<void> {
  await goTo(page, "#flow-logs");
  const form = page.getByRole("form", { name: "Create logstore" });
  await form.getByLabel("Project").fill(project);
  await form.getByLabel("Logstore").fill(logstore);
  await form.getByRole("button", { name: "Create logstore" }).click();
  await page.getByTestId("logstore-table").getByRole("cell", { name: logstore, exact: true }).waitFor();
}

/** The lab of the veth capture: its network imported, a lab/flows logstore and a flow log of its VPC writing there. */
export async function setUpVethLab(page: Page): Promise<void> {
  await goTo(page, "#inventory");
  await page.getByTestId("inventory-file").setInputFiles(new URL("../files/veth-network.json", import.meta.url).pathname);
  await page.getByText("Imported the inventory document veth-network.json.").waitFor();
  await createLogstore(page, "lab", "flows");
  await page.getByRole("button", { name: "Create flow log" }).click();
  const dialog = page.getByTestId("flow-log-dialog");
  await dialog.getByLabel("Name").fill("lab-vpc");
  await dialog.getByLabel("Resource", { exact: true }).selectOption("vpc-veth");
  await dialog.getByRole("button", { name: "Create" }).click();
  await page.getByTestId("flow-log-table").getByText("lab-vpc").waitFor();
}
