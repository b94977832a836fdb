// gzip sniffing: the magic is seen however the bytes arrive.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gunzipIfGzip } from "../../src/io/gzip";

const bytesOf = async (s: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(s).arrayBuffer());
const oneByteAtATime = (b: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const x of b) c.enqueue(new Uint8Array([x]));
      c.close();
    },
  });

describe("gunzipIfGzip", () => {
  it("inflates gzip even when it arrives one byte at a time, and passes anything else through", async () => {
    const plain = new TextEncoder().encode("2 1 eni-a - - - - - - - 1 2 - NODATA\n");
    expect(await bytesOf(await gunzipIfGzip(oneByteAtATime(new Uint8Array(gzipSync(plain)))))).toEqual(plain);
    expect(await bytesOf(await gunzipIfGzip(oneByteAtATime(plain)))).toEqual(plain);
    expect(await bytesOf(await gunzipIfGzip(new Blob([]).stream()))).toEqual(new Uint8Array(0));
  });
});
