// The fuzz harness (docs/history.md #10): seeded mutations of captures and of flow-log files, and
// the invariants each case must keep. `npm run fuzz -- --cases N` runs it at any length
// (test/fuzz/main.ts); the unit suite runs a few thousand cases of it with a fixed seed.
//
// Captures: the WASM engine and its TypeScript twin, fed the same mutated bytes (the WASM
// one in a random chunking), agree byte for byte on records, windows and reports, or both
// refuse the file with the same message; nothing else is ever thrown.
// Flow-log files: reading never throws anything but LogFormatError; every record kept is
// a valid record (checked here independently of the readers); two chunkings of the same
// bytes give the same records and the same report.

import type { EngineCore } from "../../src/engine/core";
import { CaptureError } from "../../src/engine/driver";
import type { FlowLogRecord } from "../../src/formats/fields";
import { importFlowLogText, LogFormatError, type LogImportReport } from "../../src/formats/log-import";
import { parseIp } from "../../src/model/cidr";
import { runCapture, sameBytes } from "../support/engine";

/** mulberry32: a small seeded generator, so that every case can be made again from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, list: readonly T[]): T => list[int(rng, list.length)];

const BYTES = [0, 1, 0x7f, 0x80, 0xfe, 0xff];
const WORDS = [0, 1, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 16, 24, 28, 32, 65535, 65536, 262144];

/** One to four mutations of `input`: bits, interesting bytes and lengths, cuts, copies. */
export function mutateBytes(input: Uint8Array, rng: Rng): Uint8Array {
  let b = input.slice();
  for (let k = 1 + int(rng, 4); k > 0 && b.length; k--) {
    const at = int(rng, b.length);
    switch (int(rng, 7)) {
      case 0:
        b[at] ^= 1 << int(rng, 8);
        break;
      case 1:
        b[at] = pick(rng, BYTES);
        break;
      case 2: {
        // a 32-bit length or count, either byte order
        const v = pick(rng, WORDS),
          view = new DataView(b.buffer, b.byteOffset, b.byteLength);
        if (at + 4 <= b.length) view.setUint32(at, v, rng() < 0.5);
        break;
      }
      case 3:
        b = b.slice(0, at);
        break;
      case 4: {
        const end = Math.min(b.length, at + 1 + int(rng, 64));
        const copy = b.slice(at, end);
        const out = new Uint8Array(b.length + copy.length);
        out.set(b.subarray(0, end));
        out.set(copy, end);
        out.set(b.subarray(end), end + copy.length);
        b = out;
        break;
      }
      case 5: {
        const end = Math.min(b.length, at + 1 + int(rng, 64));
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(end)]);
        break;
      }
      default: {
        const extra = Uint8Array.from({ length: 1 + int(rng, 16) }, () => int(rng, 256));
        b = Uint8Array.from([...b.subarray(0, at), ...extra, ...b.subarray(at)]);
      }
    }
  }
  return b;
}

export type Cores = (kind: "wasm" | "twin") => Promise<EngineCore>;

type Outcome = { raw: Uint8Array; windows: string; reports: string } | { refused: string };

async function captureOutcome(kind: "wasm" | "twin", bytes: Uint8Array, chunk: number, cores: Cores): Promise<Outcome> {
  try {
    const r = await runCapture(kind, bytes, { chunk, windowSeconds: 60, flowsPerWindow: 64 }, cores);
    return {
      raw: r.raw,
      windows: JSON.stringify(r.batches.map((b) => [b.window, b.count, b.skipped])),
      reports: JSON.stringify(r.reports.map((x) => ({ ...x, bytes: 0 }))),
    };
  } catch (e) {
    if (e instanceof CaptureError) return { refused: e.message };
    throw e;
  }
}

/** Why the engines disagree on `bytes`, or crash on them; null when all is well. */
export async function checkCapture(bytes: Uint8Array, chunk: number, cores: Cores): Promise<string | null> {
  let w: Outcome, t: Outcome;
  try {
    w = await captureOutcome("wasm", bytes, chunk, cores);
    t = await captureOutcome("twin", bytes, bytes.length + 1, cores);
  } catch (e) {
    return `crash: ${(e as Error).stack ?? e}`;
  }
  if ("refused" in w || "refused" in t)
    return "refused" in w && "refused" in t && w.refused === t.refused
      ? null
      : `one refuses: ${JSON.stringify(w)} / ${JSON.stringify(t)}`.slice(0, 2000);
  if (!sameBytes(w.raw, t.raw)) return "records differ";
  if (w.windows !== t.windows) return `windows differ: ${w.windows} / ${t.windows}`;
  if (w.reports !== t.reports) return `reports differ: ${w.reports} / ${t.reports}`;
  return null;
}

/** A mutated capture from the corpus, and the chunk size to feed it in. */
export function captureCase(corpus: Uint8Array[], rng: Rng): { bytes: Uint8Array; chunk: number } {
  const base = pick(rng, corpus);
  const bytes = rng() < 0.1 ? base : mutateBytes(base, rng);
  // At most ~256 chunks a case: a 64 kB file in 1-byte chunks costs 50 ms and finds nothing more.
  return { bytes, chunk: Math.max(pick(rng, [1, 7, 64, 512, 4096, 1 << 20]), Math.ceil(bytes.length / 256)) };
}

// Flow-log lines: good ones of every format, then token and byte damage.
const GOOD: string[][] = [
  [
    "2 123456789010 eni-0a1b2c3d 10.0.0.1 10.0.0.2 40000 22 6 3 180 1700000000 1700000059 ACCEPT OK",
    "2 123456789010 eni-0a1b2c3d - - - - - - - 1700000000 1700000059 - NODATA",
  ],
  [
    "version vpc-id subnet-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start " +
      "end action log-status tcp-flags flow-direction",
    "5 vpc-1 subnet-1 eni-1 fd00::1 fd00::2 443 50000 6 10 8000 1700000000 1700000060 REJECT OK 18 ingress",
  ],
  [
    '{"version":"1","vswitch-id":"vsw-1","vm-id":"i-1","vpc-id":"vpc-1","account-id":"1",' +
      '"eni-id":"eni-1","srcaddr":"10.0.0.1","srcport":"22","dstaddr":"10.0.0.2","dstport":"40000",' +
      '"protocol":"6","direction":"out","packets":"2","bytes":"120","start":"1700000000",' +
      '"end":"1700000005","log-status":"OK","action":"ACCEPT"}',
  ],
  [
    "version,vswitch-id,vm-id,vpc-id,account-id,eni-id,srcaddr,srcport,dstaddr,dstport,protocol," +
      "direction,packets,bytes,start,end,log-status,action",
    "1,vsw-1,i-1,vpc-1,1,eni-1,10.0.0.1,22,10.0.0.2,40000,6,in,2,120,1700000000,1700000005,OK,REJECT",
  ],
  ["10.0.0.1 ap-shanghai 443 1700000000 10.1.0.1 1 5 ccn-1 6 ap-beijing 500 ACCEPT ap-beijing 40000 1700000060 OK"],
];
const TOKENS = [
  "-1",
  "65536",
  "70000",
  "1e999",
  "NaN",
  "-",
  "",
  "__proto__",
  "constructor",
  "toString",
  "9".repeat(40),
  "::1%lo",
  "999.1.1.1",
  "\u0000",
  "\ufffd",
  "<b>x</b>",
  "ACCEPT",
  "NODATA",
  "x".repeat(300),
  "4294967296",
  "0",
  ",",
  '"',
  "{",
  "}",
];

/** A flow-log file of 1-24 lines of one format, some damaged. */
export function logCase(rng: Rng): Uint8Array {
  const [first, ...rest] = pick(rng, GOOD);
  const body = rest.length ? rest : [first];
  const lines = [first, ...Array.from({ length: int(rng, 24) }, () => pick(rng, body))].map((line) => {
    if (rng() < 0.5) return line;
    const sep = line.startsWith("{") ? "," : line.includes(",") ? "," : " ";
    const parts = line.split(sep);
    for (let k = 1 + int(rng, 3); k > 0; k--) {
      const at = int(rng, parts.length);
      const op = int(rng, 4);
      if (op === 0) parts[at] = pick(rng, TOKENS);
      else if (op === 1) parts.splice(at, 1);
      else if (op === 2) parts.splice(at, 0, pick(rng, TOKENS));
      else
        parts[at] =
          parts[at].slice(0, int(rng, parts[at].length + 1)) + pick(rng, TOKENS) + parts[at].slice(int(rng, parts[at].length + 1));
    }
    return parts.join(sep);
  });
  const text = new TextEncoder().encode(lines.join(rng() < 0.5 ? "\n" : "\r\n") + (rng() < 0.5 ? "\n" : ""));
  return rng() < 0.3 ? mutateBytes(text, rng) : text;
}

const NUMERIC: Record<string, number> = {
  srcport: 65535,
  dstport: 65535,
  protocol: 255,
  "tcp-flags": 4095,
  start: 2 ** 32 - 1,
  end: 2 ** 32 - 1,
  packets: Number.MAX_SAFE_INTEGER,
  bytes: Number.MAX_SAFE_INTEGER,
  "traffic-path": Number.MAX_SAFE_INTEGER,
};
const ADDRESSES = new Set(["srcaddr", "dstaddr", "pkt-srcaddr", "pkt-dstaddr"]);
const ENUMS: Record<string, string[]> = {
  action: ["ACCEPT", "REJECT"],
  "log-status": ["OK", "NODATA", "SKIPDATA"],
  direction: ["in", "out"],
};

/** Why a record kept from a file is not a valid record, or null (a check of its own, not the readers'). */
export function invalidRecord(r: FlowLogRecord): string | null {
  for (const [k, v] of Object.entries(r)) {
    if (v === null) continue;
    if (Object.hasOwn(NUMERIC, k)) {
      if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0 || v > NUMERIC[k]) return `${k} = ${v}`;
      continue;
    }
    if (typeof v !== "string") return `${k} is a ${typeof v}`;
    if (ADDRESSES.has(k)) {
      if (!parseIp(v)) return `${k} = ${JSON.stringify(v)}`;
      continue;
    }
    if (Object.hasOwn(ENUMS, k)) {
      if (!ENUMS[k].includes(v)) return `${k} = ${JSON.stringify(v)}`;
      continue;
    }
    if (!/^[\x21-\x7e]+$/.test(v) || /[<>"'`]/.test(v)) return `${k} = ${JSON.stringify(v)}`;
  }
  if (typeof r.start === "number" && typeof r.end === "number" && r.start > r.end) return `start ${r.start} after end ${r.end}`;
  return Object.getPrototypeOf(r) === Object.prototype ? null : "a record whose prototype was replaced";
}

async function readLog(
  bytes: Uint8Array,
  chunk: number,
): Promise<{ records: FlowLogRecord[]; report: LogImportReport } | { refused: string }> {
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (let at = 0; at < bytes.length; at += chunk) c.enqueue(bytes.slice(at, at + chunk));
      c.close();
    },
  });
  const records: FlowLogRecord[] = [];
  try {
    return { report: await importFlowLogText("fuzz.log", stream, (r) => records.push(r), 1000), records };
  } catch (e) {
    if (e instanceof LogFormatError) return { refused: e.message };
    throw e;
  }
}

/** Why reading `bytes` as a flow-log file breaks an invariant, or null. */
export async function checkLog(bytes: Uint8Array, chunk: number): Promise<string | null> {
  let a: Awaited<ReturnType<typeof readLog>>, b: Awaited<ReturnType<typeof readLog>>;
  try {
    a = await readLog(bytes, bytes.length + 1);
    b = await readLog(bytes, chunk);
  } catch (e) {
    return `crash: ${(e as Error).stack ?? e}`;
  }
  if (JSON.stringify(a) !== JSON.stringify(b))
    return `chunking changes the result: ${JSON.stringify(a).slice(0, 500)} / ${JSON.stringify(b).slice(0, 500)}`;
  if ("refused" in a) return null;
  for (const r of a.records) {
    const why = invalidRecord(r);
    if (why) return `kept an invalid record (${why}): ${JSON.stringify(r)}`;
  }
  if (a.report.records !== a.records.length || a.report.records + a.report.errorCount > a.report.lines)
    return `counts do not add up: ${JSON.stringify(a.report)}`;
  return null;
}
