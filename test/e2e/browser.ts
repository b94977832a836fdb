// Headless Debian Chromium for e2e tests (docs/toolchain.md §5): found on the machine, never downloaded.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"].find((p) => existsSync(p));

export async function launchChromium(args: string[] = [], options: { locale?: string } = {}): Promise<BrowserContext> {
  if (!CHROMIUM) throw new Error("Chromium is not installed (apt-get install chromium)");
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "flowlens-profile-")), {
    executablePath: CHROMIUM,
    headless: true,
    ...options,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...args,
    ],
  });
}

/**
 * Bundles a test page (its entry module becomes page.js), copies `files` beside it,
 * serves the folder on 127.0.0.1, and opens the page in Chromium once it says it is ready.
 */
export async function openTestPage(entry: URL, files: [from: URL, name: string][] = []) {
  const { build } = await import("esbuild");
  const { copyFileSync, mkdirSync, writeFileSync } = await import("node:fs");
  const { dirname } = await import("node:path");
  const { serve } = await import("./static-server");
  const root = mkdtempSync(join(tmpdir(), "flowlens-page-"));
  await build({ entryPoints: { page: entry.pathname }, bundle: true, format: "esm", outdir: root, logLevel: "warning" });
  for (const [from, name] of files) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    copyFileSync(from, join(root, name));
  }
  // An empty icon, so that the browser's own favicon request does not count as ours.
  writeFileSync(
    join(root, "index.html"),
    '<!doctype html><link rel="icon" href="data:,"><body><script type="module" src="page.js"></script></body>',
  );
  const server = await serve(root);
  const context = await launchChromium();
  const page = await context.newPage();
  const ready = () => page.waitForSelector("body[data-ready=yes]", { state: "attached" });
  await page.goto(`${server.url}index.html`);
  await ready();
  return {
    page,
    server,
    ready,
    close: async () => {
      await context.close();
      await server.close();
    },
  };
}
