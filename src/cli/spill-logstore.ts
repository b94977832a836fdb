// The command line's logstore: chunk columns spilled to a temporary file, summaries in
// memory, a small cache of columns read back (docs/history.md #10). `flowlens search` once put a
// whole file into fake-indexeddb, which keeps everything in the JavaScript heap: a 10 M-line
// log died at 4.6 GB. Here memory holds one chunk being written, the summaries (about 200
// bytes per 8,192 records) and the cache, whatever the input's size; the disk holds the
// rest, as DuckDB spills past its memory limit. Search and the analyses read it through
// the same ChunkSource as an IndexedDB logstore.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChunkBuilder, type ChunkSink, chunkSink } from "../storage/chunk-builder";
import { type ChunkSource, chunkMayMatch, type TimeRange } from "../storage/logstore";
import type { ChunkColumns } from "../storage/record-columns";
import type { ChunkSummary } from "../storage/schema";

/** Columns of chunks read back and kept (LRU): a chunk is about 1 MB of columns and up to ~1 MB of texts. */
const CACHE_CHUNKS = 32;

type Columns = ChunkColumns;
const ARRAY_GROUPS = ["text", "u32", "f64", "ccn", "extra", "extraNumbers"] as const;

/**
 * Records are appended (add: any number, written in chunks of CHUNK_RECORDS; addChunk: after what add()
 * holds; finish: the last, partial chunk).
 */
export interface SpillLogstore extends ChunkSource, ChunkSink {
  records(): number;
  /** Removes the file. */
  close(): void;
}

export function createSpillLogstore(project = "cli", logstore = "search"): SpillLogstore {
  const dir = mkdtempSync(join(tmpdir(), "flowlens-spill-"));
  const path = join(dir, "chunks.bin");
  const fd = openSync(path, "w+");
  const list: ChunkSummary[] = [];
  const where = new Map<number, { offset: number; length: number; layout: Layout }>();
  const cache = new Map<number, Columns>();
  let offset = 0,
    count = 0;

  const writeColumns = (cols: Columns, summary: ChunkSummary) => {
    const { bytes, layout } = serialize(cols);
    writeSync(fd, bytes, 0, bytes.length, offset);
    where.set(summary.chunk, { offset, length: bytes.length, layout });
    offset += bytes.length;
    list.push(summary);
    count += cols.count;
  };
  const sink = chunkSink((b: ChunkBuilder) => writeColumns(b.columns(), b.summary(project, logstore, list.length, "spill")));

  async function columns(s: ChunkSummary): Promise<Columns> {
    const hit = cache.get(s.chunk);
    if (hit) {
      cache.delete(s.chunk);
      cache.set(s.chunk, hit);
      return hit;
    }
    const w = where.get(s.chunk)!;
    const buf = new Uint8Array(w.length);
    readSync(fd, buf, 0, w.length, w.offset);
    const c = deserialize(buf, w.layout);
    cache.set(s.chunk, c);
    if (cache.size > CACHE_CHUNKS) cache.delete(cache.keys().next().value!);
    return c;
  }

  return {
    ...sink,
    records: () => count,
    async summaries(_p: string, _l: string, t: TimeRange) {
      return list.filter((s) => chunkMayMatch(s, t));
    },
    columns,
    close() {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A chunk on disk: its typed arrays one after another (8-byte aligned), the length of each
// dictionary text (u32, in UTF-16 units), then the texts end to end (UTF-8); measured,
// JSON for the dictionary took as long as writing the chunk. Only the layout (where each
// part starts) stays in memory, a few hundred bytes a chunk.
interface Layout {
  count: number;
  arrays: { group: string; name: string; kind: "u32" | "f64" | "u8"; at: number }[];
  lengthsAt: number;
  texts: number;
  dictAt: number;
  dictLength: number;
}

function serialize(c: Columns): { bytes: Uint8Array; layout: Layout } {
  const parts: { group: string; name: string; a: Uint32Array | Float64Array | Uint8Array }[] = [];
  for (const g of ARRAY_GROUPS) for (const [name, a] of Object.entries(c[g] ?? {})) parts.push({ group: g, name, a });
  for (const name of ["direction", "action", "status"] as const) parts.push({ group: "", name, a: c[name] });
  const dict = new TextEncoder().encode(c.dict.join(""));
  const textLengths = Uint32Array.from(c.dict, (t) => t.length);
  let size = 0;
  const arrays: Layout["arrays"] = [];
  for (const p of parts) {
    arrays.push({
      group: p.group,
      name: p.name,
      kind: p.a instanceof Float64Array ? "f64" : p.a instanceof Uint32Array ? "u32" : "u8",
      at: size,
    });
    size += Math.ceil(p.a.byteLength / 8) * 8;
  }
  const lengthsAt = size;
  size += textLengths.byteLength;
  const bytes = new Uint8Array(size + dict.length);
  for (const [k, p] of parts.entries()) bytes.set(new Uint8Array(p.a.buffer, p.a.byteOffset, p.a.byteLength), arrays[k].at);
  bytes.set(new Uint8Array(textLengths.buffer), lengthsAt);
  bytes.set(dict, size);
  return { bytes, layout: { count: c.count, arrays, lengthsAt, texts: textLengths.length, dictAt: size, dictLength: dict.length } };
}

function deserialize(buf: Uint8Array, l: Layout): Columns {
  const all = new TextDecoder().decode(buf.subarray(l.dictAt, l.dictAt + l.dictLength));
  const lengths = new Uint32Array(buf.buffer, buf.byteOffset + l.lengthsAt, l.texts);
  const dict: string[] = new Array(l.texts);
  for (let k = 0, at = 0; k < dict.length; at += lengths[k], k++) dict[k] = all.slice(at, at + lengths[k]);
  const c = { count: l.count, dict, text: {}, u32: {}, f64: {} } as unknown as Record<string, unknown>;
  for (const a of l.arrays) {
    const view =
      a.kind === "f64"
        ? new Float64Array(buf.buffer, buf.byteOffset + a.at, l.count)
        : a.kind === "u32"
          ? new Uint32Array(buf.buffer, buf.byteOffset + a.at, l.count)
          : new Uint8Array(buf.buffer, buf.byteOffset + a.at, l.count);
    if (a.group) ((c[a.group] ??= {}) as Record<string, unknown>)[a.name] = view;
    else c[a.name] = view;
  }
  return c as unknown as Columns;
}
