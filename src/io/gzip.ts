// gzip recognised by its magic (1f 8b) and inflated with the native DecompressionStream:
// shared by capture import, flow-log import and the CLI's capture detection.

export const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/**
 * The compressed data ended or broke before its end: what was inflated before it is good
 * (a download cut halfway still holds its first lines), so readers keep it and say so.
 */
export class GzipDataError extends Error {
  constructor(
    readonly compressedBytes: number,
    reason: string,
  ) {
    super(`gzip: the compressed data stops being readable after ${compressedBytes} bytes (${reason})`);
    this.name = "GzipDataError";
  }
}

/**
 * The stream's bytes, inflated if they start with the gzip magic. An error of the source
 * (a file gone, a cancel) passes as it is; an error of the compressed data becomes a
 * GzipDataError after every byte inflated before it.
 */
export async function gunzipIfGzip(stream: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const reader = stream.getReader();
  // Read until the magic can be seen: a source may hand over one byte at a time.
  let head: Uint8Array = new Uint8Array(0);
  let done = false;
  while (head.length < 2 && !done) {
    const r = await reader.read();
    if (r.done) done = true;
    else if (head.length === 0) head = r.value;
    else {
      const joined = new Uint8Array(head.length + r.value.length);
      joined.set(head);
      joined.set(r.value, head.length);
      head = joined;
    }
  }
  const first = head;
  let sourceFailed = false;
  let compressed = first.length;
  const rebuilt = new ReadableStream<Uint8Array>({
    start(c) {
      if (first.length) c.enqueue(first);
      if (done) c.close();
    },
    async pull(c) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch (e) {
        sourceFailed = true;
        throw e;
      }
      if (r.done) c.close();
      else {
        compressed += r.value.length;
        c.enqueue(r.value);
      }
    },
    cancel(why) {
      return reader.cancel(why);
    },
  });
  if (!isGzip(first)) return rebuilt;
  const inflated = rebuilt.pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>).getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(c) {
        try {
          const r = await inflated.read();
          if (r.done) c.close();
          else c.enqueue(r.value);
        } catch (e) {
          if (sourceFailed) throw e; // the pipe passes the source's own error on
          throw new GzipDataError(compressed, (e as Error).message ?? String(e));
        }
      },
      cancel(why) {
        return inflated.cancel(why);
      },
    },
    { highWaterMark: 0 },
  );
}
