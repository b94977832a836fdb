// Telling a capture from a flow-log text file by its first bytes (inflated if gzip):
// pcap's magic in either byte order and timestamp resolution, or pcapng's section header.
import { gunzipIfGzip } from "./gzip";

const CAPTURE_MAGICS = new Set([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0xa1b2cd34, 0x34cdb2a1, 0x0a0d0d0a]);

export function startsLikeCapture(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && CAPTURE_MAGICS.has(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true));
}

/** Whether the first bytes of a file (gzip or not) start a pcap or pcapng capture. */
export async function headLooksLikeCapture(head: Uint8Array): Promise<boolean> {
  // The first chunk (inflated if gzip) shows the magic; the cut-off prefix may not inflate whole.
  const r = (await gunzipIfGzip(new Blob([head as BlobPart]).stream())).getReader();
  const bytes = (await r.read().catch(() => ({ value: undefined }))).value ?? new Uint8Array(0);
  return startsLikeCapture(bytes);
}
