// Flow-log record fields (docs/rules.md §3). Records use the AWS field names (v2-v10) as canonical
// keys, plus Alibaba's `direction` and the CCN fields; Alibaba's own names map onto them.
// A value is a string, a number, or null where a file shows "-" (or -1 counters on
// NODATA/SKIPDATA rows).
import { parseIpv4, parseIpv6 } from "../model/cidr";
import type { FieldValue, FlowLogRecord } from "../model/records";

// Defined in the model (which looks down only), read and written here.
export type { FieldValue, FlowLogRecord };

/** AWS flow-log fields by the version that introduced them (custom formats use any subset). */
export const AWS_FIELDS: Record<string, number> = {
  version: 2,
  "account-id": 2,
  "interface-id": 2,
  srcaddr: 2,
  dstaddr: 2,
  srcport: 2,
  dstport: 2,
  protocol: 2,
  packets: 2,
  bytes: 2,
  start: 2,
  end: 2,
  action: 2,
  "log-status": 2,
  "vpc-id": 3,
  "subnet-id": 3,
  "instance-id": 3,
  "tcp-flags": 3,
  type: 3,
  "pkt-srcaddr": 3,
  "pkt-dstaddr": 3,
  region: 4,
  "az-id": 4,
  "sublocation-type": 4,
  "sublocation-id": 4,
  "pkt-src-aws-service": 5,
  "pkt-dst-aws-service": 5,
  "flow-direction": 5,
  "traffic-path": 5,
  "ecs-cluster-arn": 7,
  "ecs-cluster-name": 7,
  "ecs-container-instance-arn": 7,
  "ecs-container-instance-id": 7,
  "ecs-container-id": 7,
  "ecs-second-container-id": 7,
  "ecs-service-name": 7,
  "ecs-task-definition-arn": 7,
  "ecs-task-arn": 7,
  "ecs-task-id": 7,
  "reject-reason": 8,
  "resource-id": 9,
  "encryption-status": 10,
};
/** Every AWS field in the order of AWS's field table (a v10 custom format naming them all). */
export const AWS_ALL_FIELDS = Object.keys(AWS_FIELDS);

export const NUMERIC_FIELDS = new Set(
  "srcport dstport protocol packets bytes start end tcp-flags traffic-path encryption-status".split(" "),
);

/** The default format of AWS (v2) and Tencent: space-separated, in this order. */
export const V2_FIELDS = [
  "version",
  "account-id",
  "interface-id",
  "srcaddr",
  "dstaddr",
  "srcport",
  "dstport",
  "protocol",
  "packets",
  "bytes",
  "start",
  "end",
  "action",
  "log-status",
];

/** Alibaba's record (SLS export), in its own names; the canonical name of each. */
export const ALIBABA_FIELDS = [
  "version",
  "vswitch-id",
  "vm-id",
  "vpc-id",
  "account-id",
  "eni-id",
  "srcaddr",
  "srcport",
  "dstaddr",
  "dstport",
  "protocol",
  "direction",
  "packets",
  "bytes",
  "start",
  "end",
  "log-status",
  "action",
];
export const ALIBABA_TO_CANONICAL: Record<string, string> = { "vswitch-id": "subnet-id", "vm-id": "instance-id", "eni-id": "interface-id" };

/** Tencent's CCN cross-region record (docs/rules.md §3). */
export const CCN_FIELDS = [
  "srcaddr",
  "dstregionid",
  "dstport",
  "start",
  "dstaddr",
  "version",
  "packets",
  "ccnid",
  "protocol",
  "srcregionid",
  "bytes",
  "action",
  "region-id",
  "srcport",
  "end",
  "log-status",
];

export function canonicalAlibaba(name: string): string {
  return Object.hasOwn(ALIBABA_TO_CANONICAL, name) ? ALIBABA_TO_CANONICAL[name] : name;
}

/** Text of a value in a space-separated file: "-" for none. */
export function showValue(v: FieldValue | undefined): string {
  return v === null || v === undefined || v === "" ? "-" : String(v);
}

// The one table of what each field of a record may hold: the string reader (parseValue),
// the byte reader (spaced-columns.ts) and the search's refusal of values no record holds
// (query/fields.ts) all read it.
const U32_MAX = 2 ** 32 - 1;
/** The largest value of a numeric field; start, end (and a record's window) are Unix seconds in 32 bits, as the logstore keeps them. */
const NUMERIC_RANGE: Record<string, number> = {
  srcport: 65535,
  dstport: 65535,
  protocol: 255,
  "tcp-flags": 4095,
  // AWS documents traffic-path 1-8 and encryption-status 0-3; a larger value is a damaged line, not a new meaning.
  "traffic-path": 8,
  "encryption-status": 3,
  start: U32_MAX,
  end: U32_MAX,
  window: U32_MAX,
};
/** The largest value a numeric field can hold (packets and bytes: any safe whole number). */
export const largestValue = (field: string): number =>
  Object.hasOwn(NUMERIC_RANGE, field) ? NUMERIC_RANGE[field] : Number.MAX_SAFE_INTEGER;
export const ADDRESS_FIELDS = new Set(["srcaddr", "dstaddr", "pkt-srcaddr", "pkt-dstaddr"]);
/**
 * What an id or word of a flow-log record is made of: the clouds' ids (eni-0a1b, vpc-…,
 * 123456789010, cn-hangzhou, ccn-…) and names are printable ASCII without spaces, quotes
 * or markup. Anything else (NUL, <img …>, U+FFFD) is a damaged or forged line (docs/history.md #10).
 */
const WORD_PUNCTUATION = "._:/@+=,#~%-";
/** The characters of a word as a table by byte (1: may be in one), for the string and the byte readers alike. */
export const WORD_BYTES = new Uint8Array(128);
for (const c of `abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789${WORD_PUNCTUATION}`) WORD_BYTES[c.charCodeAt(0)] = 1;
const MAX_WORD = 255;

function isWord(text: string): boolean {
  if (text.length < 1 || text.length > MAX_WORD) return false;
  for (let k = 0; k < text.length; k++) if (!WORD_BYTES[text.charCodeAt(k)]) return false; // past 127: undefined, so no
  return true;
}

/** Why a field's text is not a value, or null when it is. */
export function parseValue(field: string, text: string, status: string): { value: FieldValue } | { error: string } {
  if (text === "-") return { value: null };
  if (ADDRESS_FIELDS.has(field))
    return isAddress(text) ? { value: text } : { error: `${field} is ${quote(text)}, not an IPv4 or IPv6 address` };
  if (!NUMERIC_FIELDS.has(field))
    return isWord(text)
      ? { value: text }
      : {
          error: `${field} is ${quote(text)}: an id holds letters, digits and ${[...WORD_PUNCTUATION].join(" ")} only, at most ${MAX_WORD}`,
        };
  if (!/^-?\d+$/.test(text)) return { error: `${field} is ${quote(text)}, not a whole number` };
  const n = Number(text);
  // NODATA and SKIPDATA rows may carry -1 counters (docs/rules.md §3, the Tencent seed).
  if (n === -1 && status !== "OK" && (field === "packets" || field === "bytes")) return { value: null };
  if (n < 0) return { error: `${field} is ${n}, below 0` };
  const max = largestValue(field);
  if (n > max)
    return {
      error: `${field} is ${text.length > 24 ? `${text.slice(0, 20)}… (${text.length} digits)` : text}, past its largest value ${max}`,
    };
  return { value: n };
}

const ONE_OF: [string, string[]][] = [
  ["action", ["ACCEPT", "REJECT"]],
  ["direction", ["in", "out"]],
  ["flow-direction", ["ingress", "egress"]],
];

/** Why a whole record is not one (an action no cloud writes, start after end), or null: every reader asks. */
export function recordProblem(r: FlowLogRecord): string | null {
  for (const [field, values] of ONE_OF) {
    const v = r[field];
    if (v !== undefined && v !== null && !values.includes(v as string))
      return `${field} is ${quote(String(v))}, not ${values.join(" or ")}`;
  }
  if (typeof r.start === "number" && typeof r.end === "number" && r.start > r.end) return `start ${r.start} is after end ${r.end}`;
  return null;
}

const quote = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** An IPv4 address in dotted decimal, or an IPv6 address (no zone id: flow logs carry none). */
export function isAddress(text: string): boolean {
  if (text.includes(":")) return parseIpv6(text) !== null;
  return parseIpv4(text) !== null;
}
