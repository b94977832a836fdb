// A file on disk as a CaptureSource (Node only): positional reads straight into the
// engine's input region, and a web stream for the gzip path.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import type { CaptureSource } from "./ingest";

export async function openFileSource(path: string): Promise<CaptureSource> {
  const handle = await open(path, "r");
  const { size } = await handle.stat();
  let position = 0;
  return {
    name: path,
    size,
    open: () => Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>,
    async readInto(into: Uint8Array) {
      const { bytesRead } = await handle.read(into, 0, into.length, position);
      position += bytesRead;
      return bytesRead;
    },
    close: () => handle.close(),
  };
}
