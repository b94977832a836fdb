// The engine worker under Node's worker_threads, through comlink (the CLI's path): flows
// arrive as transferred batches, progress is throttled, imports cancel, errors arrive as
// data, and a dead worker rejects the calls waiting on it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { proxy, transfer } from "comlink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineClient } from "../../src/engine/client";
import type { WindowBatch } from "../../src/engine/driver";
import { readFlows } from "../../src/engine/flow-record";
import type { Progress } from "../../src/engine/ingest";
import { startNodeEngine } from "../../src/engine/node-client";
import { writePcap } from "../support/capture-writer";
import * as P from "../support/packets";

const WORKER = new URL("../../build/node/worker-node.mjs", import.meta.url);
const T0 = 1_700_000_000_000_000;
const dir = mkdtempSync(join(tmpdir(), "flowlens-worker-"));

function capture(name: string, packets: number, flows: number): string {
  const recs = Array.from({ length: packets }, (_, i) => ({
    us: T0 + i * 1000,
    data: P.ethernet(P.ETH.IPV4, P.ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol: 17 }, P.udp(1000 + (i % flows), 53, 200))),
  }));
  const path = join(dir, name);
  writeFileSync(path, writePcap({ linktype: 1 }, recs));
  return path;
}

let engine: EngineClient;
beforeAll(() => {
  engine = startNodeEngine(WORKER);
});
afterAll(() => engine.terminate());

describe("importCaptures", () => {
  it("streams each window's flows as a transferred batch and reports per file", async () => {
    const path = capture("small.pcap", 300, 3);
    const batches: WindowBatch[] = [];
    const result = await engine.api.importCaptures(
      [{ path }],
      { windowSeconds: 60 },
      proxy((b: WindowBatch) => {
        batches.push(b);
      }),
    );
    expect(result).toMatchObject({ ok: true, engine: "wasm", windows: 1, flows: 3 });
    expect(result.ok && result.files[0]).toMatchObject({ name: path, format: "pcap", packetsRead: 300, packetsAggregated: 300 });
    expect(batches[0].records).toBeInstanceOf(Uint8Array);
    expect([...readFlows(batches[0].records, batches[0].count, batches[0].window)].map((f) => [f.srcport, f.packets])).toEqual([
      [1000, 100],
      [1001, 100],
      [1002, 100],
    ]);
  });

  it("reads Blobs and byte streams as well as paths, with either engine", async () => {
    const bytes = writePcap({ linktype: 101 }, [
      { us: T0, data: P.ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol: 6 }, P.tcp(1, 2, 2)) },
    ]);
    let count = 0;
    const onFlows = proxy((b: WindowBatch) => {
      count += b.count;
    });
    const blob = await engine.api.importCaptures([new Blob([bytes as BlobPart])], { engine: "twin" }, onFlows);
    expect(blob).toMatchObject({ ok: true, engine: "twin", flows: 1 });
    expect(count).toBe(1);
  });

  it("reads a byte stream transferred to the worker, gzip-compressed", async () => {
    const bytes = new Uint8Array(
      gzipSync(writePcap({ linktype: 101 }, [{ us: T0, data: P.ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol: 17 }, P.udp(7, 8)) }])),
    );
    const stream = new Blob([bytes]).stream();
    let count = 0;
    const sources = transfer([{ name: "piped.pcap.gz", stream }], [stream as unknown as Transferable]);
    const result = await engine.api.importCaptures(
      sources,
      {},
      proxy((b: WindowBatch) => {
        count += b.count;
      }),
    );
    expect(result).toMatchObject({ ok: true, flows: 1, files: [{ name: "piped.pcap.gz", packetsAggregated: 1 }] });
    expect(count).toBe(1);
  });

  it("reports progress (bytes, packets, flows), throttled", async () => {
    const path = capture("progress.pcap", 20000, 10);
    const seen: Progress[] = [];
    const result = await engine.api.importCaptures(
      [{ path }],
      { progressMs: 0 },
      proxy(() => {}),
      proxy((p: Progress) => {
        seen.push(p);
      }),
    );
    expect(result.ok).toBe(true);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toMatchObject({ file: path, fileIndex: 0, bytesRead: seen.at(-1)!.bytesTotal, packets: 20000 });
    for (let i = 1; i < seen.length; i++) expect(seen[i].bytesRead).toBeGreaterThanOrEqual(seen[i - 1].bytesRead);
  });

  it("cancels an import in flight, leaving a clear error", async () => {
    const path = capture("cancel.pcap", 60000, 10);
    const call = engine.api.importCaptures(
      [{ path }],
      { jobId: "job-1" },
      proxy(() => {}),
    );
    expect(await engine.api.cancel("job-1")).toBe(true);
    const result = await call;
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe("cancelled");
    expect(!result.ok && result.error.message).toMatch(/cancel\.pcap: import cancelled after \d+ bytes$/);
    expect(await engine.api.cancel("job-1")).toBe(false);
  });

  it("returns errors as data: code, message with file and offset", async () => {
    const path = join(dir, "not-a-capture.txt");
    writeFileSync(path, "just some text\n");
    const result = await engine.api.importCaptures(
      [{ path }],
      {},
      proxy(() => {}),
    );
    expect(result).toEqual({
      ok: false,
      engine: "wasm",
      files: [],
      error: {
        code: "bad-magic",
        message: `${path}: capture: unknown magic 0x6a757374 at offset 0: not a pcap or pcapng file`,
        detail: { file: path, offset: 0 },
      },
    });
  });

  it("says which file could not be opened", async () => {
    const result = await engine.api.importCaptures(
      [{ path: join(dir, "missing.pcap") }],
      {},
      proxy(() => {}),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/missing\.pcap.*ENOENT/);
  });
});

describe("the client", () => {
  it("rejects the calls pending on a worker that dies", async () => {
    const doomed = startNodeEngine(WORKER);
    const path = capture("long.pcap", 60000, 10);
    const call = doomed.api.importCaptures(
      [{ path }],
      { progressMs: 0 },
      proxy(() => {}),
      proxy(() => doomed.terminate()),
    );
    await expect(call).rejects.toThrow(/engine worker stopped: exit code 1/);
  });
});
