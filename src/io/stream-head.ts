// The first bytes of a stream, seen before it is read: which reader a file needs is told by
// its first line (a JSON document or JSON lines, a header or a record), and the stream handed
// on still holds every byte.

/**
 * Reads until `head` holds a newline or `limit` bytes (or the stream ends); `stream` gives
 * the same bytes again from the first one, then the rest of the source.
 */
export async function peekHead(
  source: ReadableStream<Uint8Array>,
  limit: number,
): Promise<{ head: Uint8Array; stream: ReadableStream<Uint8Array> }> {
  const reader = source.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < limit && !done) {
    const r = await reader.read();
    if (r.done) done = true;
    else {
      parts.push(r.value);
      size += r.value.length;
      if (r.value.includes(0x0a)) break;
    }
  }
  const head = parts.length === 1 ? parts[0] : joined(parts, size);
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(p);
      if (done) c.close();
    },
    async pull(c) {
      const r = await reader.read();
      if (r.done) c.close();
      else c.enqueue(r.value);
    },
    cancel: (why) => reader.cancel(why),
  });
  return { head: head ?? new Uint8Array(0), stream };
}

function joined(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
