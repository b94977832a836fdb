// Which flow-log format a file holds, from its header line or the shape of its first line.
import { STATUS_NAMES } from "../model/record-codes";
import { ALIBABA_FIELDS, AWS_FIELDS, CCN_FIELDS, V2_FIELDS } from "./fields";
import type { DocumentKind } from "./json/json-kinds";
import { splitCsv } from "./text-formats";

export type DetectedFormat =
  | { kind: "spaced"; name: "aws" | "ccn"; fields: string[]; header: boolean }
  | { kind: "alibaba-json" }
  /** JSON lines of another cloud: GCP LogEntry, CloudWatch events, Azure records (formats/json/). */
  | { kind: "json-lines"; element: DocumentKind }
  | { kind: "alibaba-csv"; names: string[] };

/**
 * The format of a file whose first non-empty line is `line`, or why it is none of them.
 * `jsonLineKind` tells another cloud's JSON line (formats/json/json-kinds.ts; passed in, as
 * those readers read this module).
 */
export function detectFormat(
  line: string,
  jsonLineKind: (line: string) => DocumentKind | null = () => null,
): DetectedFormat | { error: string } {
  const t = line.trim();
  if (t.startsWith("{")) {
    const element = jsonLineKind(t);
    return element ? { kind: "json-lines", element } : { kind: "alibaba-json" };
  }
  if (t.includes(",")) {
    const names = splitCsv(t);
    if (names?.includes("eni-id") && names.includes("srcaddr")) {
      const unknown = names.find((x) => !ALIBABA_FIELDS.includes(x));
      if (unknown !== undefined)
        return {
          error:
            `a CSV header naming ${JSON.stringify(unknown.slice(0, 60))}, ` +
            `which is no field of Alibaba's (${ALIBABA_FIELDS.join(", ")})`,
        };
      return { kind: "alibaba-csv", names };
    }
    return { error: "a CSV line, but not a header naming Alibaba's fields (eni-id, srcaddr, ...)" };
  }
  const tokens = t.split(/\s+/);
  if (tokens.join(" ") === CCN_FIELDS.join(" ")) return { kind: "spaced", name: "ccn", fields: CCN_FIELDS, header: true };
  // Own keys only: a header `version constructor __proto__ toString srcaddr` is no format (docs/history.md #10).
  if (tokens.every((x) => Object.hasOwn(AWS_FIELDS, x))) {
    const twice = tokens.find((x, i) => tokens.indexOf(x) !== i);
    if (twice) return { error: `a header line naming ${twice} twice` };
    return { kind: "spaced", name: "aws", fields: tokens, header: true };
  }
  // A header of field names, one of them no AWS field (a later version's, a typo): say which.
  const unknown = tokens.find((x) => !Object.hasOwn(AWS_FIELDS, x));
  if (tokens.length > 1 && tokens.includes("srcaddr") && tokens.every((x) => /^[a-z][a-z0-9-]*$/.test(x)))
    return { error: `a header line naming ${JSON.stringify(unknown?.slice(0, 60))}, which is no field of AWS's versions 2 to 10` };
  if (tokens.length === CCN_FIELDS.length && /^[a-z]{2,}-[a-z]+(-\d+)?$/.test(tokens[1]) && STATUS_NAMES.has(tokens[15]))
    return { kind: "spaced", name: "ccn", fields: CCN_FIELDS, header: false };
  if (tokens.length <= V2_FIELDS.length && tokens.length >= 12 && STATUS_NAMES.has(tokens[tokens.length - 1]))
    return { kind: "spaced", name: "aws", fields: V2_FIELDS, header: false };
  return { error: `${tokens.length} fields, which fits no flow-log format (AWS/Tencent 14, CCN 16, a header line, JSON or CSV)` };
}
