// Readers and writers of the clouds' flow-log text (docs/rules.md §3): space-separated (AWS default
// and custom formats, Tencent, CCN), Alibaba JSON lines and CSV. Readers take one line and
// say why it does not parse; writers give the line for a record.
import { STATUS_NAMES } from "../model/record-codes";
import {
  ALIBABA_FIELDS,
  CCN_FIELDS,
  canonicalAlibaba,
  type FlowLogRecord,
  parseValue,
  recordProblem,
  showValue,
  V2_FIELDS,
} from "./fields";

export type LineResult = { record: FlowLogRecord } | { error: string };

/**
 * A space-separated line in `fields` order. NODATA and SKIPDATA rows may leave out some of
 * the dashes between the interface and the window (the Tencent seed's examples have five
 * for seven fields): what stands at both ends is read, the middle is "-".
 */
export function readSpaced(line: string, fields: string[]): LineResult {
  const tokens = line.trim().split(/\s+/);
  const statusAt = fields.indexOf("log-status");
  let aligned = tokens;
  if (tokens.length !== fields.length) {
    const lastStatus = statusAt === fields.length - 1 ? tokens[tokens.length - 1] : "";
    if ((lastStatus !== "NODATA" && lastStatus !== "SKIPDATA") || tokens.length > fields.length)
      return { error: `${tokens.length} fields where the format has ${fields.length}` };
    const head = fields.indexOf("srcaddr");
    const tail = fields.length - fields.indexOf("start");
    const middle = tokens.slice(head, tokens.length - tail);
    if (head < 0 || middle.some((t) => t !== "-")) return { error: `${tokens.length} fields where the format has ${fields.length}` };
    aligned = [...tokens.slice(0, head), ...Array(fields.length - head - tail).fill("-"), ...tokens.slice(tokens.length - tail)];
  }
  const record: FlowLogRecord = {};
  const st = statusAt >= 0 ? aligned[statusAt] : "OK";
  if (statusAt >= 0 && !STATUS_NAMES.has(st)) return { error: `log-status is ${JSON.stringify(st)}, not OK, NODATA or SKIPDATA` };
  for (let i = 0; i < fields.length; i++) {
    const v = parseValue(fields[i], aligned[i], st);
    if ("error" in v) return v;
    record[fields[i]] = v.value;
  }
  const problem = recordProblem(record);
  return problem ? { error: problem } : { record };
}

export function writeSpaced(r: FlowLogRecord, fields: string[]): string {
  return fields.map((f) => showValue(r[f])).join(" ");
}

/** Alibaba JSON lines: keys in Alibaba's names, values as SLS writes them (text or numbers). */
export function readAlibabaJson(line: string): LineResult {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) return { error: "not a JSON object" };
  const o = obj as Record<string, unknown>;
  const missing = ALIBABA_FIELDS.filter((f) => !Object.hasOwn(o, f));
  if (missing.length) return { error: `missing ${missing.join(", ")}` };
  return readNamedValues(
    ALIBABA_FIELDS,
    ALIBABA_FIELDS.map((f) => String(o[f] ?? "-")),
  );
}

/** Values by field name (Alibaba's own names mapped to the canonical ones): a CSV line, a JSON object, a Parquet row. */
export function readNamedValues(names: string[], values: string[]): LineResult {
  const status = values[names.indexOf("log-status")] ?? "OK";
  if (!STATUS_NAMES.has(status)) return { error: `log-status is ${JSON.stringify(status)}, not OK, NODATA or SKIPDATA` };
  const record: FlowLogRecord = {};
  for (let i = 0; i < names.length; i++) {
    const key = canonicalAlibaba(names[i]);
    const v = parseValue(key, values[i] === "" ? "-" : values[i], status);
    if ("error" in v) return v;
    record[key] = v.value;
  }
  const problem = recordProblem(record);
  return problem ? { error: problem } : { record };
}

const alibabaValue = (r: FlowLogRecord, name: string) => r[canonicalAlibaba(name)] ?? null;

export function writeAlibabaJson(r: FlowLogRecord): string {
  return JSON.stringify(Object.fromEntries(ALIBABA_FIELDS.map((f) => [f, showValue(alibabaValue(r, f))])));
}

/** A CSV line (RFC 4180 quoting) into its values. */
export function splitCsv(line: string): string[] | null {
  const out: string[] = [];
  let cur = "",
    quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  if (quoted) return null;
  out.push(cur);
  return out;
}

/** RFC 4180: a cell quoted where it holds a comma, a quote or a line break; none is empty. */
export const csvCell = (v: string | number | boolean | null | undefined): string => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function alibabaCsvHeader(): string {
  return ALIBABA_FIELDS.join(",");
}

export function writeAlibabaCsv(r: FlowLogRecord): string {
  return ALIBABA_FIELDS.map((f) => csvCell(showValue(alibabaValue(r, f)))).join(",");
}

export function readCcn(line: string): LineResult {
  return readSpaced(line, CCN_FIELDS);
}

export function writeCcn(r: FlowLogRecord): string {
  return writeSpaced(r, CCN_FIELDS);
}

export { ALIBABA_FIELDS, CCN_FIELDS, V2_FIELDS };
