// The interfaces a pcapng file names in its first section (if_name, if_description of each
// Interface Description Block), read from the file's head, so that a capture taken on a
// host's NICs can be mapped to ENIs (docs/history.md #12). The engine numbers a section's interfaces
// in the order of their blocks, as this does. Only the blocks within the head are read:
// a file whose interfaces are described later lists those it has.
import * as L from "../engine/wasm/layout";

export interface CaptureInterface {
  index: number;
  name: string;
  description: string;
}

/** The first section's interfaces with a name or a description; [] for a pcap or a pcapng that names none. */
export function pcapngInterfaces(head: Uint8Array): CaptureInterface[] {
  if (head.length < 28) return [];
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (v.getUint32(0, true) !== L.BLOCK_SHB) return [];
  const little = v.getUint32(8, true) === L.BYTE_ORDER_MAGIC;
  if (!little && v.getUint32(8, false) !== L.BYTE_ORDER_MAGIC) return [];
  const u32 = (at: number) => v.getUint32(at, little),
    u16 = (at: number) => v.getUint16(at, little);
  const text = (at: number, n: number) => new TextDecoder().decode(head.subarray(at, at + n)).replace(/\0+$/, "");
  const out: CaptureInterface[] = [];
  let index = 0;
  const sectionHeader = u32(4);
  if (sectionHeader < 28 || sectionHeader % 4) return [];
  for (let at = sectionHeader; at + 12 <= head.length; ) {
    const type = u32(at),
      len = u32(at + 4);
    if (len < 12 || len % 4 || type === L.BLOCK_SHB) break; // damaged, or the next section
    if (at + len > head.length) break;
    if (type === L.BLOCK_IDB) {
      let name = "",
        description = "";
      for (let o = at + 16; o + 4 <= at + len - 4; ) {
        const code = u16(o),
          n = u16(o + 2);
        if (code === L.OPT_END || o + 4 + n > at + len - 4) break;
        if (code === L.OPT_IF_NAME) name = text(o + 4, n);
        else if (code === L.OPT_IF_DESCRIPTION) description = text(o + 4, n);
        o += 4 + n + ((4 - (n % 4)) % 4);
      }
      if (name || description) out.push({ index, name, description });
      index++;
    }
    at += len;
  }
  return out;
}
