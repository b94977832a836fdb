// A file as a web byte stream in Node, inflated here when it is gzip (docs/history.md #10). Node's
// DecompressionStream, fed by a pipe, ran ahead of its reader: importing a 270 MB gzip
// held ~240 MB of buffers (measured with process.memoryUsage), and a larger file would hold
// more. Here zlib runs as a Node stream under stream.pipeline, read one chunk per pull, so
// nothing is read before it is wanted. A damaged or cut gzip ends with a GzipDataError after
// the bytes inflated before it (readers keep those lines); a failing read stays what it is.
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { pipeline, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { GzipDataError, isGzip } from "./gzip";

export function nodeFileStream(path: string): ReadableStream<Uint8Array> {
  const head = new Uint8Array(2);
  let headBytes = 0;
  try {
    const fd = openSync(path, "r");
    try {
      headBytes = readSync(fd, head, 0, 2, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* the read below says what is wrong */
  }
  // 1 MiB reads and 256 KiB inflated pieces: at the defaults (64 KiB, 16 KiB) SQL after the search
  // over 1 M lines sat idle 0.17 s of 1.9 s on reads, and over 10 M gzip lines took 17.9 s, not 15.1 s.
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const gzip = isGzip(head.subarray(0, headBytes));
  const source: Readable = gzip ? pipeline(raw, createGunzip({ chunkSize: 1 << 18 }), () => {}) : raw;
  const chunks = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(c) {
        try {
          const r = await chunks.next();
          if (r.done) c.close();
          else {
            const b = r.value as Buffer;
            c.enqueue(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
          }
        } catch (e) {
          const code = String((e as { code?: string }).code ?? "");
          if (gzip && code.startsWith("Z_")) throw new GzipDataError(raw.bytesRead, (e as Error).message);
          throw e;
        }
      },
      cancel() {
        raw.destroy();
        source.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}
