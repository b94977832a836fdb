// Telling a capture from a flow-log text file by its first bytes (inflated if gzip):
// pcap's magic in either byte order and timestamp resolution, or pcapng's section header.
import { bswap32 } from "../engine/byte-order";
import * as L from "../engine/wasm/layout";
import { gunzipIfGzip } from "./gzip";

const PCAP_MAGICS = [L.PCAP_MAGIC_US, L.PCAP_MAGIC_NS, L.PCAP_MAGIC_MODIFIED];
const CAPTURE_MAGICS = new Set([...PCAP_MAGICS, ...PCAP_MAGICS.map(bswap32), L.BLOCK_SHB]);

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
