// Space-separated flow-log lines (AWS v2 and custom formats, Tencent) read from their bytes
// straight into a chunk's columns (docs/history.md #11): no string per line, no record object, a
// string only for a text value the chunk has not seen yet. Profiled before: a FlowLogRecord
// and a FlowLogEntry per line, a regex split, and a Map lookup per text field made a 1 M-
// line search 13-23x slower than DuckDB's read_csv.
//
// This path only takes lines it is sure of: printable ASCII, the header's number of fields,
// log-status OK, every field valid by the same rules as fields.ts (parseValue). Anything
// else — a NODATA row with short dashes, an IPv6 zone, a bad port — returns false, and the
// string reader (text-formats.ts) reads the line and says why it is bad. A differential
// test holds the two to the same records (test/formats/spaced-columns.test.ts).

import { FK_ACTION, FK_ADDRESS, FK_END, FK_FLOW_DIRECTION, FK_NUMBER, FK_START, FK_STATUS, FK_WORD } from "../../assembly/lines/layout";
import { isExtraNumber, isExtraText } from "../model/aws-fields";
import { parseIpv6 } from "../model/cidr";
import { IMPORTED_TEXT_DEFAULTS } from "../model/imported-records";
import { ascii, type ChunkBuilder } from "../storage/chunk-builder";
import { CCN_COLUMNS } from "../storage/record-columns";
import { ADDRESS_FIELDS, largestValue, NUMERIC_FIELDS, WORD_BYTES } from "./fields";

// Field kinds, as small integers so that the line loop is one switch on numbers: the WASM
// line scanner's (assembly/lines/layout.ts), which reads the same kinds.
const NUM = FK_NUMBER,
  START = FK_START,
  END = FK_END,
  ADDR = FK_ADDRESS,
  WORD = FK_WORD,
  ACTION = FK_ACTION,
  STATUS = FK_STATUS,
  FLOW_DIRECTION = FK_FLOW_DIRECTION;

/** Fields kept in the chunk's text columns (the rest are checked, not stored). */
const TEXT_KEPT = new Set<string>(["version", "account-id", "interface-id", "vpc-id", "subnet-id", "instance-id", "srcaddr", "dstaddr"]);
/** A CCN log's own fields, kept in the chunk's CCN columns (made only for a format that has them). */
const CCN_KEPT = new Set<string>(CCN_COLUMNS);
const F64_KEPT = new Set<string>(["srcport", "dstport", "protocol", "packets", "bytes", "tcp-flags"]);
/** What a record of a file holds where its format has no such field, or "-" (entryFromText). */
const TEXT_DEFAULT = IMPORTED_TEXT_DEFAULTS;

export interface SpacedPlan {
  /** The format's fields, bound to one builder's columns (again for each new builder). */
  bind(b: ChunkBuilder): BoundPlan;
}

export interface BoundPlan {
  builder: ChunkBuilder;
  kinds: Uint8Array;
  max: Float64Array;
  nums: (Float64Array | null)[];
  texts: (Uint32Array | null)[];
  /** Text codes every row starts with (flow log, defaults of absent ids): columns and their codes. */
  presetColumns: Uint32Array[];
  presetCodes: Int32Array;
  /** Per field, the code of the value it had on the line before (a repeat costs no hashing). */
  lastCode: Int32Array;
  /** Per field, 1 where "-" leaves the preset default (version, ids) rather than none. */
  defaulted: Uint8Array;
  /** Where a format names flow-direction: its column, and the codes of none, ingress and egress (by the direction read). */
  flowDirection: { column: Uint32Array; codes: Int32Array } | null;
}

/**
 * How each field of a space-separated format is read and where it goes. With `keep`, only those
 * fields' columns are filled (the others stay empty): for a reader that reads nothing else.
 */
export function planSpaced(fields: string[], flowLogId: string, keep?: ReadonlySet<string>): SpacedPlan {
  return {
    bind(b) {
      const kinds = new Uint8Array(fields.length),
        max = new Float64Array(fields.length);
      const nums: (Float64Array | null)[] = [],
        texts: (Uint32Array | null)[] = [];
      fields.forEach((f, k) => {
        const kept = !keep || keep.has(f);
        nums.push(!kept ? null : F64_KEPT.has(f) ? b.f64[f as "srcport"] : isExtraNumber(f) ? b.extraNumberColumn(f) : null);
        texts.push(
          !kept
            ? null
            : TEXT_KEPT.has(f)
              ? b.text[f as "version"]
              : CCN_KEPT.has(f)
                ? b.ccnColumns()[f as "ccnid"]
                : isExtraText(f) && f !== "flow-direction"
                  ? b.extraColumn(f)
                  : null,
        );
        max[k] = largestValue(f);
        kinds[k] =
          f === "action"
            ? ACTION
            : f === "log-status"
              ? STATUS
              : f === "flow-direction"
                ? FLOW_DIRECTION
                : f === "start"
                  ? START
                  : f === "end"
                    ? END
                    : NUMERIC_FIELDS.has(f)
                      ? NUM
                      : ADDRESS_FIELDS.has(f)
                        ? ADDR
                        : WORD;
      });
      const presetColumns = [b.text.flowLogId, ...Object.keys(TEXT_DEFAULT).map((f) => b.text[f as "version"])];
      const presetCodes = Int32Array.from([b.code(flowLogId), ...Object.values(TEXT_DEFAULT).map((v) => b.code(v))]);
      const defaulted = Uint8Array.from(fields, (f) => (Object.hasOwn(TEXT_DEFAULT, f) ? 1 : 0));
      return {
        builder: b,
        kinds,
        max,
        nums,
        texts,
        presetColumns,
        presetCodes,
        lastCode: new Int32Array(fields.length).fill(-1),
        defaulted,
        flowDirection: fields.includes("flow-direction")
          ? { column: b.extraColumn("flow-direction"), codes: Int32Array.of(0, b.code("ingress"), b.code("egress")) }
          : null,
      };
    },
  };
}

// Bytes of an id or word (fields.ts WORD: letters, digits and . _ : / @ + = , # ~ % -).
const SP = 0x20,
  TAB = 0x09,
  DASH = 0x2d;

const same = (b: Uint8Array, s: number, e: number, word: string) => {
  if (e - s !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (b[s + k] !== word.charCodeAt(k)) return false;
  return true;
};

/** A whole number of at most 15 digits (below 2^53), or -1 when it is not one. */
function readNumber(b: Uint8Array, s: number, e: number): number {
  if (e - s > 15 || e === s) return -1;
  let v = 0;
  for (let k = s; k < e; k++) {
    const d = b[k] - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Dotted-decimal IPv4 as parseIpv4 takes it (no leading zeros), else false. */
function isIpv4(b: Uint8Array, s: number, e: number): boolean {
  let parts = 0,
    digits = 0,
    v = 0,
    lead = false;
  for (let k = s; k <= e; k++) {
    const c = k === e ? 0x2e : b[k];
    if (c === 0x2e) {
      if (digits === 0 || v > 255 || (lead && digits > 1)) return false;
      parts++;
      digits = 0;
      v = 0;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9 || ++digits > 3) return false;
    if (digits === 1) lead = d === 0;
    v = v * 10 + d;
  }
  return parts === 4;
}

const starts = new Int32Array(64),
  ends = new Int32Array(64);

/** Appends the line buf[start, end) to the plan's builder and returns true, or returns false for the string reader. */
export function appendSpacedLine(buf: Uint8Array, start: number, end: number, p: BoundPlan): boolean {
  const kinds = p.kinds,
    fields = kinds.length,
    out = p.builder;
  if (fields > 64) return false;
  // Tokens between spaces and tabs; any byte outside printable ASCII goes to the string reader.
  let n = 0,
    k = start;
  while (k < end) {
    const c = buf[k];
    if (c === SP || c === TAB) {
      k++;
      continue;
    }
    if (n === fields) return false;
    starts[n] = k;
    while (k < end && buf[k] > SP && buf[k] < 0x7f) k++;
    if (k < end && buf[k] !== SP && buf[k] !== TAB) return false;
    ends[n++] = k;
  }
  if (n !== fields) return false;
  const i = out.count;
  // Indexed, not `for (const [c, v] of …)`: destructuring cost more than the rest of the line (profiled).
  presetRow(p, i);
  let startAt = -1,
    endAt = -1,
    action = 0,
    direction = 0;
  for (let t = 0; t < n; t++) {
    const s = starts[t],
      e = ends[t];
    const none = e - s === 1 && buf[s] === DASH;
    switch (kinds[t]) {
      case NUM:
      case START:
      case END: {
        let v = -1;
        if (!none) {
          v = readNumber(buf, s, e);
          if (v < 0 || v > p.max[t]) return false;
        } else if (kinds[t] !== NUM) return false; // a record has a start and an end
        if (kinds[t] === START) startAt = v;
        else if (kinds[t] === END) endAt = v;
        else {
          const col = p.nums[t];
          if (col) col[i] = v;
        }
        break;
      }
      case ADDR:
      case WORD: {
        const col = p.texts[t];
        if (none) {
          if (col && !p.defaulted[t]) col[i] = 0;
          break;
        }
        const last = p.lastCode[t];
        if (last >= 0 && sameText(buf, s, e, out.dict[last])) {
          if (col) col[i] = last;
          break;
        }
        if (kinds[t] === ADDR) {
          if (!isIpv4(buf, s, e) && (!hasColon(buf, s, e) || parseIpv6(ascii(buf, s, e)) === null)) return false;
        } else {
          if (e - s > 255) return false;
          for (let q = s; q < e; q++) if (!WORD_BYTES[buf[q]]) return false;
        }
        if (col) {
          const code = out.codeBytes(buf, s, e);
          col[i] = code;
          p.lastCode[t] = code;
        }
        break;
      }
      case ACTION:
        if (none) action = 0;
        else if (same(buf, s, e, "ACCEPT")) action = 1;
        else if (same(buf, s, e, "REJECT")) action = 2;
        else return false;
        break;
      case STATUS:
        if (!same(buf, s, e, "OK")) return false; // NODATA and SKIPDATA rows: the string reader
        break;
      case FLOW_DIRECTION: {
        const v = none ? 0 : same(buf, s, e, "ingress") ? 1 : same(buf, s, e, "egress") ? 2 : -1;
        if (v < 0) return false;
        direction = direction || v;
        keepFlowDirection(p, i, v);
        break;
      }
    }
  }
  return finishRow(p, startAt, endAt, action, direction);
}

/** Keeps the flow-direction a line names (0: "-", 1: ingress, 2: egress) in its own column. */
export function keepFlowDirection(p: BoundPlan, i: number, v: number): void {
  if (p.flowDirection) p.flowDirection.column[i] = p.flowDirection.codes[v];
}

/** The row's ids as a file's record starts them: its flow log, and the defaults of absent ids. */
export function presetRow(p: BoundPlan, i: number): void {
  for (let q = 0; q < p.presetCodes.length; q++) p.presetColumns[q][i] = p.presetCodes[q];
}

/** Ends the row being written (-1: no start or end on the line); false when it starts after it ends. */
export function finishRow(p: BoundPlan, startAt: number, endAt: number, action: number, direction: number): boolean {
  const out = p.builder,
    i = out.count;
  if (startAt < 0) startAt = 0;
  if (endAt < 0) endAt = startAt;
  if (startAt > endAt) return false;
  // What entryFromText gives a record of a file: its window opens at its start.
  out.u32.window[i] = startAt;
  out.u32.start[i] = startAt;
  out.u32.end[i] = endAt;
  out.action[i] = action;
  out.direction[i] = direction;
  out.status[i] = 0;
  out.commitRow();
  return true;
}

/** Whether buf[s, e) holds exactly the characters of `text`. */
function sameText(buf: Uint8Array, s: number, e: number, text: string): boolean {
  if (text.length !== e - s) return false;
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) !== buf[s + k]) return false;
  return true;
}

function hasColon(b: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (b[k] === 0x3a) return true;
  return false;
}
