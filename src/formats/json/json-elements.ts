// What the readers of the clouds' JSON share: an element of a document (a CloudWatch event, a
// GCP LogEntry, an Azure record) becomes records, or is reported by its JSON path.
import type { FlowLogRecord } from "../fields";
import { type LineResult, readNamedValues } from "../text-formats";

export interface ElementSink {
  record(r: FlowLogRecord): void;
  /** What in the element is no record: its JSON path (`$.records[3].properties.flows[0]…`) and why. */
  bad(path: string, reason: string): void;
}

/** Reads one element of a document (at `path`) into records. */
export type ElementReader = (element: unknown, path: string, out: ElementSink) => void;

/** The whole file is refused (the first element shows it cannot be read): why. */
export class FileRefusal extends Error {}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A value as it is shown in a reason: quoted, cut at 60 characters; "missing" where there is none. */
export const quoted = (v: unknown): string => {
  if (v === undefined) return "missing";
  const s = typeof v === "string" ? v : (JSON.stringify(v) ?? String(v));
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
};

/** An object member by name, or undefined when `v` is no object. */
export const member = (v: unknown, name: string): unknown => (isObject(v) ? v[name] : undefined);

/** A JSON value as a field's text: "-" where it is missing, null or empty. */
export function fieldText(v: unknown): string {
  if (v === undefined || v === null || v === "") return "-";
  return typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
}

/** A record from field names (canonical ones) and JSON values, checked as every reader checks a line. */
export function namedRecord(values: Record<string, unknown>): LineResult {
  const names = Object.keys(values);
  return readNamedValues(
    names,
    names.map((n) => fieldText(values[n])),
  );
}

/**
 * RFC 3339 time (`2024-05-01T10:00:00.123456789Z`, any fraction, Z or an offset) as Unix
 * seconds, rounded down; null when it is none.
 */
export function rfc3339Seconds(v: unknown): number | null {
  if (typeof v !== "string") return null;
  const m = /^(\d{4}-\d\d-\d\d)[Tt ](\d\d:\d\d:\d\d)(?:\.\d+)?([Zz]|[+-]\d\d:\d\d)$/.exec(v);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[3].toUpperCase()}`);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}
