// Headless Debian Chromium for e2e tests (RECIPE §5): found on the machine, never downloaded.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"].find((p) => existsSync(p));

export async function launchChromium(args: string[] = []): Promise<BrowserContext> {
  if (!CHROMIUM) throw new Error("Chromium is not installed (apt-get install chromium)");
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "flowlens-profile-")), {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", ...args],
  });
}
