// The control plane on Chromium's own IndexedDB: what a page writes survives a reload,
// and a refused change there writes nothing.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { CHROMIUM, launchChromium } from "./browser";
import { serve } from "./static-server";

const root = mkdtempSync(join(tmpdir(), "flowlens-cp-"));
let context: BrowserContext;
let page: Page;
let server: Awaited<ReturnType<typeof serve>>;
type Api = { build(): Promise<{ vpc: string; flowLog: string }>; refused(): Promise<string>; read(): Promise<{ vpcs: number; enis: string[]; flowLogs: string[][] }> };
const call = <K extends keyof Api>(name: K) => page.evaluate((n) => (globalThis as unknown as { controlPlane: Record<string, () => Promise<unknown>> }).controlPlane[n](), name) as ReturnType<Api[K]>;

describe.runIf(CHROMIUM)("control plane in Chromium's IndexedDB", () => {
  beforeAll(async () => {
    await build({ entryPoints: { page: new URL("./control-plane-page.ts", import.meta.url).pathname }, bundle: true, format: "esm", outdir: root, logLevel: "warning" });
    writeFileSync(join(root, "index.html"), '<!doctype html><link rel="icon" href="data:,"><body><script type="module" src="page.js"></script></body>');
    server = await serve(root);
    context = await launchChromium();
    page = await context.newPage();
    await page.goto(server.url + "index.html");
    await page.waitForSelector("body[data-ready=yes]", { state: "attached" });
  });
  afterAll(async () => {
    await context?.close();
    await server?.close();
  });

  it("keeps the network and flow logs across a reload", async () => {
    const made = await call("build");
    expect(made.flowLog).toMatch(/^fl-[a-z0-9]{20}$/);
    await page.reload();
    await page.waitForSelector("body[data-ready=yes]", { state: "attached" });
    expect(await call("read")).toEqual({ vpcs: 1, enis: ["10.0.1.5"], flowLogs: [["web", "Active"]] });
  });

  it("refuses a bad change with its code and Chinese message, writing nothing", async () => {
    expect(await call("refused")).toMatch(/^eni\.ip-outside-vswitch 10\.9\.9\.9 不在交换机 vsw-[a-z0-9]{20} 的网段内$/);
    expect((await call("read")).enis).toEqual(["10.0.1.5"]);
  });
});
