// `npm start`: opens the built extension (dist/) in Chromium, on the viewer's Import page
// where the bundled sample capture is one click away. The profile lives in .flowlens-profile/
// so what you import is still there next time. Without a display (a server, CI) it runs
// headless instead: imports the sample through the page, accepts the proposed network,
// prints what the Records page shows and where a screenshot of it is, and exits.
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { chromium } from "playwright-core";

const dist = resolve("dist");
const profile = resolve(".flowlens-profile");
const executablePath = [
  process.env.CHROMIUM,
  "/usr/bin/chromium",
  "/usr/lib/chromium/chromium",
  "/usr/bin/google-chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
].find((p) => p && existsSync(p));
if (!executablePath) {
  console.error(
    "flowlens: no Chromium found (apt-get install chromium, or set CHROMIUM=/path/to/chrome).\nTo load " +
      "the extension by hand: chrome://extensions -> Developer mode -> Load unpacked -> choose dist/",
  );
  process.exit(2);
}
const headless = process.platform === "linux" && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
mkdirSync(profile, { recursive: true });
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless,
  viewport: headless ? { width: 1280, height: 860 } : null,
  args: [
    `--disable-extensions-except=${dist}`,
    `--load-extension=${dist}`,
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
const viewer = `chrome-extension://${new URL(worker.url()).host}/viewer.html`;
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(`${viewer}#import`);
console.log(
  `FlowLens is open: ${viewer}\nThe Import page's "Import the sample capture" button loads ` +
    `test/files/tcpdump-veth.pcap; or drop your own pcap here.`,
);

if (!headless) {
  context.on("close", () => process.exit(0));
} else {
  console.log("(no display: importing the sample headless to show it works)");
  await page.getByTestId("import-sample").click();
  const job = page.locator("li.job").first();
  await page.waitForFunction(() =>
    ["proposal", "done", "error"].includes(document.querySelector("li.job")?.getAttribute("data-state") ?? ""),
  );
  if ((await job.getAttribute("data-state")) === "proposal") await job.getByRole("button", { name: "Accept and import" }).click();
  await page.waitForFunction(() => ["done", "error"].includes(document.querySelector("li.job")?.getAttribute("data-state") ?? ""));
  console.log(`Import: ${(await job.textContent())?.replace(/\s+/g, " ")}`);
  await page.goto(`${viewer}#records`);
  await page.getByTestId("result-count").waitFor();
  console.log(`Records: ${await page.getByTestId("result-count").textContent()}`);
  await page.screenshot({ path: ".flowlens-profile/records.png" });
  console.log("Screenshot: .flowlens-profile/records.png");
  await context.close();
}
