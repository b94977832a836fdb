// The engine's browser worker in headless Chromium: the page hands a File to the module
// worker, which compiles engine.wasm and streams flows back through comlink.
import { readdirSync, readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, openTestPage } from "./browser";

let page: Page;
let opened: Awaited<ReturnType<typeof openTestPage>>;

describe.runIf(CHROMIUM)("engine worker in Chromium", () => {
  beforeAll(async () => {
    opened = await openTestPage(new URL("./worker-page.ts", import.meta.url), [
      [new URL("../../dist/worker.js", import.meta.url), "worker.js"],
      [new URL("../../dist/engine.wasm", import.meta.url), "engine.wasm"],
      // The worker's bundle is split (its SQL part loads at a first query): the chunks it imports are beside it.
      ...readdirSync(new URL("../../dist/chunks", import.meta.url)).map((f): [URL, string] => [
        new URL(`../../dist/chunks/${f}`, import.meta.url),
        `chunks/${f}`,
      ]),
    ]);
    page = opened.page;
  });
  afterAll(async () => {
    await opened?.close();
  });

  async function importInPage(bytes: Uint8Array, name: string, engine: "wasm" | "twin" = "wasm") {
    return page.evaluate(
      async ({ b64, name, engine }) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const w = globalThis as unknown as { importFile(f: File, e: string): Promise<unknown> };
        return w.importFile(new File([bytes], name), engine);
      },
      { b64: Buffer.from(bytes).toString("base64"), name, engine },
    ) as Promise<{
      result: { ok: boolean; engine: string; files: { packetsRead: number }[]; error?: { code: string; message: string } };
      flows: { srcaddr: string; packets: number }[];
      progress: number;
    }>;
  }

  it("imports a real capture with the WASM engine, as the golden flows say", async () => {
    const file = readFileSync(new URL("../files/editcap-veth.pcapng.gz", import.meta.url));
    const golden = JSON.parse(readFileSync(new URL("../files/editcap-veth.flows.json", import.meta.url), "utf8"));
    const r = await importInPage(file, "editcap-veth.pcapng.gz");
    expect(r.result).toMatchObject({ ok: true, engine: "wasm" });
    expect(r.flows.length).toBe(golden.length);
    expect(r.flows.reduce((n, f) => n + f.packets, 0)).toBe(golden.reduce((n: number, f: { packets: number }) => n + f.packets, 0));
    expect(r.progress).toBeGreaterThan(0);
  });

  it("gives the same flows with the TypeScript engine", async () => {
    const file = readFileSync(new URL("../files/tcpdump-veth.pcap", import.meta.url));
    const [a, b] = [await importInPage(file, "a.pcap", "wasm"), await importInPage(file, "a.pcap", "twin")];
    expect(b.result.engine).toBe("twin");
    expect(b.flows).toEqual(a.flows);
  });

  it("returns a bad file's error as data", async () => {
    const r = await importInPage(new TextEncoder().encode("not a capture"), "notes.txt");
    expect(r.result).toMatchObject({
      ok: false,
      error: { code: "bad-magic", message: "notes.txt: capture: unknown magic 0x6e6f7420 at offset 0: not a pcap or pcapng file" },
    });
  });

  it("requested nothing but the test page's own files", () => {
    // The chunks worker.js imports itself, no more: DuckDB's are asked for at a first SQL query only.
    const imported = [
      ...readFileSync(new URL("../../dist/worker.js", import.meta.url), "utf8").matchAll(
        /^import .*"\.\/(chunks\/[^"]+)";$|^} from "\.\/(chunks\/[^"]+)";$/gm,
      ),
    ].map((m) => `/${m[1] ?? m[2]}`);
    expect(imported.length).toBeGreaterThan(0);
    expect([...new Set(opened.server.requests)].sort()).toEqual(
      ["/engine.wasm", "/index.html", "/page.js", "/worker.js", ...imported].sort(),
    );
  });
});
