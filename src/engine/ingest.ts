// Streams capture sources through a CaptureDriver: gzip is recognised by its magic and
// decompressed on the way (the native DecompressionStream), progress is reported at most
// every `progressMs`, and an AbortSignal stops the import between chunks.

import { readSlices, sliceStream } from "../io/blob-slices";
import { gunzipIfGzip, isGzip } from "../io/gzip";
import { YIELD_MS, yieldToEvents } from "../io/yield-events";
import { errorAsText } from "../model/flowlens-error";
import { text } from "../model/text";
import { type CaptureDriver, CaptureError, type FileReport } from "./driver";

export interface Progress {
  file: string;
  fileIndex: number;
  /** Bytes of the source read (compressed bytes for .gz), and its size when known. */
  bytesRead: number;
  bytesTotal: number | null;
  packets: number;
  flows: number;
}

/** A byte source: a name, and a way to open a fresh stream of its bytes. */
export interface CaptureSource {
  name: string;
  size: number | null;
  open(): ReadableStream<Uint8Array>;
  /** Optional fast path (Node files, byte-stream Blobs): reads the next bytes into `into`; 0 at the end. */
  readInto?: (into: Uint8Array) => Promise<number>;
  /** Releases what the source holds open (called whatever the outcome). */
  close?: () => Promise<void>;
}

/** A File or Blob: its slices (blob-slices.ts), handed to the engine a chunk at a time. */
export function blobSource(blob: Blob, name = (blob as File).name ?? "blob"): CaptureSource {
  const slices = readSlices(blob);
  return {
    name,
    size: blob.size,
    open: () => sliceStream(blob),
    async readInto(into) {
      const bytes = await slices.next(into.length);
      if (!bytes) return 0;
      into.set(bytes);
      return bytes.length;
    },
  };
}

export interface IngestOptions {
  signal?: AbortSignal;
  progressMs?: number;
  onProgress?: (p: Progress) => void;
  /** Awaited after every chunk: lets the consumer of windows push back. */
  drain?: () => Promise<void>;
}

function counting(stream: ReadableStream<Uint8Array>, add: (n: number) => void): ReadableStream<Uint8Array> {
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, c) {
        add(chunk.length);
        c.enqueue(chunk);
      },
    }),
  );
}

/** Reads a stream into the driver; a stream that starts with the gzip magic is inflated. */
async function pumpStream(driver: CaptureDriver, raw: ReadableStream<Uint8Array>, step: () => Promise<void>): Promise<void> {
  const reader = (await gunzipIfGzip(raw)).getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    await step();
    driver.write(r.value);
  }
}

/** Imports the sources in order into one flow table; windows go to the driver's sink. */
export async function ingest(driver: CaptureDriver, sources: CaptureSource[], options: IngestOptions = {}): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  const progressMs = options.progressMs ?? 100;
  let packetsBefore = 0;
  for (const [fileIndex, source] of sources.entries()) {
    driver.beginFile(source.name);
    let bytesRead = 0;
    let last = 0;
    let fileDone = false;
    let yielded = 0; // the first step yields, so a cancel sent with the import is seen
    const step = async () => {
      await options.drain?.();
      if (Date.now() - yielded >= YIELD_MS) {
        await yieldToEvents();
        yielded = Date.now();
      }
      if (options.signal?.aborted) throw new CaptureError("cancelled", `import cancelled after ${bytesRead} bytes`, source.name, bytesRead);
      const now = Date.now();
      if (!options.onProgress || now - last < progressMs) return;
      last = now;
      options.onProgress({
        file: source.name,
        fileIndex,
        bytesRead,
        bytesTotal: source.size,
        packets: packetsBefore + (fileDone ? 0 : driver.packetsRead),
        flows: driver.flowsEmitted,
      });
    };
    try {
      let viaStream = !source.readInto;
      if (source.readInto) {
        // Fast path: the source reads straight into the engine's input region. The next
        // chunk is asked for before this one is parsed, so an asynchronous source reads
        // while the engine parses (Node's file source reads synchronously: measured faster).
        const read = source.readInto;
        let into = driver.writable();
        let pending = read(into);
        try {
          for (let first = true; ; first = false) {
            const n = await pending;
            if (n === 0) break;
            if (first && isGzip(into.subarray(0, n))) {
              viaStream = true;
              break;
            }
            bytesRead += n;
            driver.stage(n);
            into = driver.writable();
            pending = read(into);
            driver.process();
            await step();
          }
        } finally {
          await pending.catch(() => 0); // never leave a read running into the buffer
        }
      }
      if (viaStream)
        await pumpStream(
          driver,
          counting(source.open(), (n) => (bytesRead += n)),
          step,
        );
      const report = driver.endFile();
      packetsBefore += report.packetsRead;
      reports.push(report);
      fileDone = true;
      last = 0;
      await step();
    } catch (e) {
      if (e instanceof CaptureError) throw new CaptureError(e.code, text("in_file", source.name, errorAsText(e)), source.name, e.offset);
      const what = (e as Error).message ?? String(e);
      throw new CaptureError("read-failed", text("capture_read_failed", source.name, bytesRead, what), source.name, bytesRead);
    } finally {
      await source.close?.();
    }
  }
  driver.finish();
  return reports;
}
