// The control plane on Chromium's own IndexedDB: what a page writes survives a reload,
// and a refused change there writes nothing.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, openTestPage } from "./browser";

let page: Page;
let opened: Awaited<ReturnType<typeof openTestPage>>;
type Api = {
  build(): Promise<{ vpc: string; flowLog: string }>;
  refused(): Promise<string>;
  read(): Promise<{ vpcs: number; enis: string[]; flowLogs: string[][] }>;
};
const call = <K extends keyof Api>(name: K) =>
  page.evaluate(
    (n) => (globalThis as unknown as { controlPlane: Record<string, () => Promise<unknown>> }).controlPlane[n](),
    name,
  ) as ReturnType<Api[K]>;

describe.runIf(CHROMIUM)("control plane in Chromium's IndexedDB", () => {
  beforeAll(async () => {
    opened = await openTestPage(new URL("./control-plane-page.ts", import.meta.url));
    page = opened.page;
  });
  afterAll(async () => {
    await opened?.close();
  });

  it("keeps the network and flow logs across a reload", async () => {
    const made = await call("build");
    expect(made.flowLog).toMatch(/^fl-[a-z0-9]{20}$/);
    await page.reload();
    await opened.ready();
    expect(await call("read")).toEqual({ vpcs: 1, enis: ["10.0.1.5"], flowLogs: [["web", "Active"]] });
  });

  it("refuses a bad change with its code and Chinese message, writing nothing", async () => {
    expect(await call("refused")).toMatch(/^eni\.ip-outside-vswitch 10\.9\.9\.9 不在交换机 vsw-[a-z0-9]{20} 的网段内$/);
    expect((await call("read")).enis).toEqual(["10.0.1.5"]);
  });
});
