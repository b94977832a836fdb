// Writes extension/icons/icon-{16,32,48,128}.png: a blue rounded square with three
// flow lines of different lengths. Run once by hand (`node scripts/make-icons.mjs`);
// the PNGs are committed. PNG written by hand: IHDR, one IDAT (zlib), IEND.
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function icon(size) {
  const px = Buffer.alloc(size * (size * 4 + 1));
  const r = size * 0.2;
  const lines = [
    [0.28, 0.78],
    [0.5, 0.62],
    [0.72, 0.7],
  ]; // y centre, length (of the width)
  for (let y = 0; y < size; y++) {
    px[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const cx = Math.max(r - x - 0.5, 0, x + 0.5 - (size - r)),
        cy = Math.max(r - y - 0.5, 0, y + 0.5 - (size - r));
      const inside = Math.hypot(cx, cy) <= r;
      const u = (x + 0.5) / size,
        v = (y + 0.5) / size;
      const line = lines.some(([ly, len]) => Math.abs(v - ly) < 0.065 && u > 0.16 && u < 0.16 + len * 0.84);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const [R, G, B, A] = !inside ? [0, 0, 0, 0] : line ? [255, 255, 255, 255] : [22, 119, 255, 255];
      px[o] = R;
      px[o + 1] = G;
      px[o + 2] = B;
      px[o + 3] = A;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0; // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(px)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

for (const size of [16, 32, 48, 128]) writeFileSync(`extension/icons/icon-${size}.png`, icon(size));
