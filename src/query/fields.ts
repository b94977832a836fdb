// The fields a search can name (docs/rules.md §3), in both spellings (`-` and `_`), with aliases
// from the clouds' own names, and their kinds.
import { ADDRESS_FIELDS, largestValue } from "../formats/fields";
import { EXTRA_NUMBER_FIELDS, EXTRA_TEXT_FIELDS } from "../model/aws-fields";

export type FieldKind = "text" | "number" | "address";

export const SEARCH_FIELDS: Record<string, FieldKind> = {
  "flow-log-id": "text",
  version: "text",
  "account-id": "text",
  "interface-id": "text",
  "vpc-id": "text",
  "subnet-id": "text",
  "instance-id": "text",
  srcaddr: "address",
  dstaddr: "address",
  srcport: "number",
  dstport: "number",
  protocol: "number",
  direction: "text",
  packets: "number",
  bytes: "number",
  start: "number",
  end: "number",
  window: "number",
  action: "text",
  "log-status": "text",
  "tcp-flags": "number",
  "rule-id": "text",
  ccnid: "text",
  "region-id": "text",
  srcregionid: "text",
  dstregionid: "text",
  // AWS's later fields (model/aws-fields.ts), in the chunks that carry them.
  ...Object.fromEntries(EXTRA_TEXT_FIELDS.map((f) => [f, ADDRESS_FIELDS.has(f) ? "address" : "text"])),
  ...Object.fromEntries(EXTRA_NUMBER_FIELDS.map((f) => [f, "number"])),
};

const ALIASES: Record<string, string> = {
  "eni-id": "interface-id",
  "vswitch-id": "subnet-id",
  "vm-id": "instance-id",
  flowlog: "flow-log-id",
};

/** The canonical name of a field as typed (any case, `_` or `-`), or null. */
export function resolveField(name: string): string | null {
  const n = name.toLowerCase().replace(/_/g, "-");
  // Own keys only: `constructor` or `__proto__` is no field (docs/history.md #10).
  if (Object.hasOwn(SEARCH_FIELDS, n)) return n;
  return Object.hasOwn(ALIASES, n) ? ALIASES[n] : null;
}

/** The values a numeric field can hold (formats/fields.ts: what a record's field may hold). */
export function fieldRange(field: string): [number, number] {
  return [0, largestValue(field)];
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** The known field closest to an unknown name. */
export function closestField(name: string): string {
  const n = name.slice(0, 64).toLowerCase().replace(/_/g, "-"); // a 100 kB name costs no 100 kB table
  return [...Object.keys(SEARCH_FIELDS), ...Object.keys(ALIASES)].reduce(
    (best, f) => (distance(n, f) < distance(n, best) ? f : best),
    "srcaddr",
  );
}
