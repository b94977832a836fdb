// The WASM line scanner (assembly/lines/) behind the byte reader of space-separated lines:
// the line's bytes go into the module's memory, one call checks and reads every field, and
// the fields are put into the chunk's columns here (numbers as they are, texts through the
// chunk's dictionary with the hash the module computed). Measured on 1 M AWS lines: see
// the README's figures. Where the module cannot be had, spaced-columns.ts does the same in
// TypeScript (a test holds the two to the same records).
import {
  FIELD_SIZE,
  FIELDS,
  FK_ACTION,
  FK_END,
  FK_FLOW_DIRECTION,
  FK_NUMBER,
  FK_START,
  KINDS,
  LINE,
  LINE_SIZE,
  MAX_FIELDS,
  MAXES,
  PAGES,
} from "../../assembly/lines/layout";
import { type BoundPlan, finishRow, keepFlowDirection, presetRow } from "./spaced-columns";

interface ScannerExports {
  memory: WebAssembly.Memory;
  scanLine(at: number, length: number, fields: number): number;
  heapBase(): number;
}

export interface LineScanner {
  /**
   * Appends the line buf[start, end) to the plan's builder (true), or leaves it to the
   * string reader (false). A buffer handed again is taken to hold the same bytes as before
   * (line-reader.ts hands each slice's lines in one buffer, and a carried line in a new view).
   */
  append(buf: Uint8Array, start: number, end: number, p: BoundPlan): boolean;
}

export async function createLineScanner(module: WebAssembly.Module): Promise<LineScanner> {
  const x = (await WebAssembly.instantiate(module, {})).exports as unknown as ScannerExports;
  if (x.heapBase() > KINDS) throw new Error(`line scanner: static data ends at ${x.heapBase()}, above ${KINDS}`);
  if (x.memory.buffer.byteLength < PAGES * 65536) throw new Error("line scanner: memory smaller than its layout");
  const mem = new Uint8Array(x.memory.buffer); // the module never grows its memory
  const fields = new Float64Array(x.memory.buffer, FIELDS, (FIELD_SIZE / 8) * 64);
  const offsets = new Uint32Array(x.memory.buffer, FIELDS, (FIELD_SIZE / 4) * 64);
  let configured: BoundPlan["kinds"] | null = null;
  // The buffer whose bytes sit at LINE: a slice of lines is copied once, not a line at a
  // time (a copy and a view per line were a tenth of a 1 M-line search). Its lines keep
  // their bytes while they are offered; a carried line comes as a view of its own.
  let copied: Uint8Array | null = null;
  return {
    append(buf, start, end, p) {
      if (end - start > LINE_SIZE || p.kinds.length > MAX_FIELDS) return false;
      if (configured !== p.kinds) {
        mem.set(p.kinds, KINDS);
        new Float64Array(x.memory.buffer, MAXES, p.kinds.length).set(p.max);
        configured = p.kinds;
      }
      let at: number;
      if (buf === copied) at = LINE + start;
      else if (buf.length <= LINE_SIZE) {
        mem.set(buf, LINE);
        copied = buf;
        at = LINE + start;
      } else {
        mem.set(buf.subarray(start, end), LINE);
        copied = null;
        at = LINE;
      }
      const kinds = p.kinds,
        n = kinds.length;
      if (x.scanLine(at, end - start, n) !== 1) return false;
      const out = p.builder,
        i = out.count;
      presetRow(p, i);
      let startAt = -1,
        endAt = -1,
        action = 0,
        direction = 0;
      for (let t = 0; t < n; t++) {
        const v = fields[t * 2 + 1];
        const kind = kinds[t];
        if (kind === FK_NUMBER) {
          const col = p.nums[t];
          if (col) col[i] = v;
        } else if (kind === FK_START) startAt = v;
        else if (kind === FK_END) endAt = v;
        else if (kind === FK_ACTION) action = v;
        else if (kind === FK_FLOW_DIRECTION) {
          if (!direction) direction = v;
          keepFlowDirection(p, i, v);
        } else if (kind < FK_ACTION) {
          // an address or a word
          const col = p.texts[t];
          if (!col) continue;
          if (v < 0) {
            if (!p.defaulted[t]) col[i] = 0;
            continue;
          }
          const s = offsets[t * 4],
            e = offsets[t * 4 + 1];
          col[i] = out.codeHashed(mem, s, e, v | 0);
        }
      }
      return finishRow(p, startAt, endAt, action, direction);
    },
  };
}
