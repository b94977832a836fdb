// gzip recognised by its magic (1f 8b) and inflated with the native DecompressionStream:
// shared by capture import, flow-log import and the CLI's capture detection.

export const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** The stream's bytes, inflated if they start with the gzip magic. */
export async function gunzipIfGzip(stream: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const reader = stream.getReader();
  // Read until the magic can be seen: a source may hand over one byte at a time.
  let head: Uint8Array = new Uint8Array(0);
  let done = false;
  while (head.length < 2 && !done) {
    const r = await reader.read();
    if (r.done) done = true;
    else if (head.length === 0) head = r.value;
    else { const joined = new Uint8Array(head.length + r.value.length); joined.set(head); joined.set(r.value, head.length); head = joined; }
  }
  const first = head;
  const rebuilt = new ReadableStream<Uint8Array>({
    start(c) { if (first.length) c.enqueue(first); if (done) c.close(); },
    async pull(c) { const r = await reader.read(); if (r.done) c.close(); else c.enqueue(r.value); },
    cancel(why) { return reader.cancel(why); },
  });
  return isGzip(first) ? rebuilt.pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>) : rebuilt;
}
