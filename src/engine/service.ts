// The engine service that a worker exposes (src/workspace/viewer-worker.ts in the browser, worker-node.ts
// under worker_threads): one import at a time per call, each with its own engine core.

import { transfer } from "comlink";
import { engineErrorData } from "../model/flowlens-error";
import { text } from "../model/text";
import type { EngineApi, ImportOptions, ImportResult, PacketsResult, SourceSpec } from "./api";
import { DEFAULT_MEMORY_BUDGET, DEFAULT_WINDOW_SECONDS, MAX_LISTED_PACKETS } from "./api";
import { createCore } from "./create";
import { CaptureDriver, CaptureError, type FileReport, flowsForBudget, type WindowBatch } from "./driver";
import { blobSource, type CaptureSource, ingest } from "./ingest";
import { filterPairs, PacketCollector } from "./packet-list";
import { CaptureFileWriter, copyPackets, linktypesOf } from "./packet-save";

/** Matches handed from the engine at a time (128 KiB of entries). */
const MATCH_BATCH = 4096;

export interface Platform {
  loadModule(): Promise<WebAssembly.Module>;
  openPath?(path: string): Promise<CaptureSource>;
  /**
   * Tests only (the e2e build): a source this may pause, given the import's cancel signal.
   * A test that cancels a running import pauses its source instead of racing a timer.
   */
  hold?(source: CaptureSource, signal: AbortSignal): CaptureSource;
}

async function toSource(spec: SourceSpec, platform: Platform): Promise<CaptureSource> {
  if (spec instanceof Blob) return blobSource(spec);
  if ("path" in spec) {
    if (!platform.openPath)
      throw new CaptureError("unsupported-source", `${spec.path}: file paths are read only by the Node worker`, spec.path, 0);
    return platform.openPath(spec.path);
  }
  const stream = spec.stream;
  let used = false;
  return {
    name: spec.name,
    size: spec.size ?? null,
    open() {
      if (used) throw new Error("a stream source can be read once");
      used = true;
      return stream;
    },
  };
}

export function createEngineService(platform: Platform): EngineApi {
  const jobs = new Map<string, AbortController>();
  return {
    async importCaptures(specs: SourceSpec[], options: ImportOptions, onFlows, onProgress): Promise<ImportResult> {
      const abort = new AbortController();
      const jobId = options.jobId ?? "";
      if (jobId) jobs.set(jobId, abort);
      const files: FileReport[] = [];
      let engine: ImportResult["engine"] = null;
      try {
        const choice = await createCore(options.engine ?? "auto", platform.loadModule);
        engine = choice.core.kind;
        const flowsPerWindow = options.flowsPerWindow ?? flowsForBudget(options.memoryBudget ?? DEFAULT_MEMORY_BUDGET);
        let windows = 0;
        const outbox: WindowBatch[] = [];
        const driver = new CaptureDriver(
          choice.core,
          { windowSeconds: options.windowSeconds ?? DEFAULT_WINDOW_SECONDS, flowsPerWindow },
          (b) => outbox.push(b),
        );
        // Windows leave as transferred buffers; awaiting each send is the backpressure.
        const drain = async () => {
          while (outbox.length) {
            const b = outbox.shift()!;
            windows++;
            await onFlows(transfer(b, [b.records.buffer]));
          }
        };
        const sources: CaptureSource[] = [];
        for (const spec of specs) {
          const source = await toSource(spec, platform);
          sources.push(platform.hold ? platform.hold(source, abort.signal) : source);
        }
        files.push(...(await ingest(driver, sources, { signal: abort.signal, progressMs: options.progressMs, onProgress, drain })));
        await drain();
        return { ok: true, engine: choice.core.kind, note: choice.fallbackReason, files, windows, flows: driver.flowsEmitted };
      } catch (e) {
        const err = e instanceof CaptureError ? e : new CaptureError("internal", (e as Error).message ?? String(e), "", 0);
        return { ok: false, engine, error: engineErrorData(err), files };
      } finally {
        if (jobId) jobs.delete(jobId);
      }
    },
    async capturePackets(spec, request, options = {}): Promise<PacketsResult> {
      const abort = new AbortController();
      const jobId = options.jobId ?? "";
      if (jobId) jobs.set(jobId, abort);
      let engine: PacketsResult["engine"] = null;
      try {
        const pairs = filterPairs(request);
        if (!pairs) throw new CaptureError("bad-request", text("packets_bad_addresses", request.srcaddr, request.dstaddr), "", 0);
        const choice = await createCore(options.engine ?? "auto", platform.loadModule);
        engine = choice.core.kind;
        const collector = new PacketCollector(options.limit ?? MAX_LISTED_PACKETS);
        const filter = {
          pairs,
          fromUs: request.fromUs,
          toUs: request.toUs,
          capacity: MATCH_BATCH,
          onMatches: (m: Uint8Array) => collector.add(m),
        };
        const driver = new CaptureDriver(choice.core, { windowSeconds: 60, flowsPerWindow: 16, filter }, () => {});
        const [file] = await ingest(driver, [await toSource(spec, platform)], { signal: abort.signal });
        const packets = collector.list();
        return transfer({ ok: true, engine: choice.core.kind, file, packets }, [packets.entries.buffer]);
      } catch (e) {
        const err = e instanceof CaptureError ? e : new CaptureError("internal", (e as Error).message ?? String(e), "", 0);
        return { ok: false, engine, error: engineErrorData(err) };
      } finally {
        if (jobId) jobs.delete(jobId);
      }
    },
    async savePackets(from) {
      const w = new CaptureFileWriter(linktypesOf(from.map((f) => f.packets)));
      for (const f of from) {
        const source = await toSource(f.source, platform);
        try {
          await copyPackets(source, f.packets, w);
        } catch (e) {
          throw new CaptureError("read-failed", `${source.name}: ${(e as Error).message ?? String(e)}`, source.name, 0);
        } finally {
          await source.close?.();
        }
      }
      return w.blob();
    },
    async cancel(jobId: string) {
      const job = jobs.get(jobId);
      job?.abort();
      return job !== undefined;
    },
  };
}
