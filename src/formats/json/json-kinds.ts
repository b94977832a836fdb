// Which cloud's reader a JSON element needs: told by the list holding it (`events`,
// `records`) or, in an array or on a line of its own, by its shape.
import { isAzureRecord, readAzureRecord } from "./azure-records";
import { cloudwatchReader } from "./cloudwatch-events";
import { isGcpEntry, readGcpEntry } from "./gcp-entries";
import { type ElementReader, isObject } from "./json-elements";

export type DocumentKind = "cloudwatch-json" | "gcp-json" | "azure-json";

export function kindOf(listName: unknown, element: unknown): DocumentKind | null {
  if (listName === "events") return "cloudwatch-json";
  if (listName === "records") return "azure-json";
  if (isGcpEntry(element)) return "gcp-json";
  if (isObject(element) && typeof element.message === "string") return "cloudwatch-json";
  if (isAzureRecord(element)) return "azure-json";
  return null;
}

/** The reader of a kind's elements; CloudWatch's in the format given, or the one its first message shows. */
export function readerFor(kind: DocumentKind, logFormat: string[] | undefined): ElementReader {
  return kind === "cloudwatch-json" ? cloudwatchReader(logFormat) : kind === "gcp-json" ? readGcpEntry : readAzureRecord;
}

/**
 * Whether a file whose first line is `head` is one JSON document (`[…]`, or an object spread
 * over lines or listing `events` or `records`), and which: else it is read line by line.
 */
export function documentShape(head: Uint8Array): "array" | "object" | null {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  if (head[i] === 0x5b) return "array";
  if (head[i] !== 0x7b) return null;
  const nl = head.indexOf(0x0a, i);
  const first = new TextDecoder().decode(head.subarray(i, nl < 0 ? head.length : nl)).trim();
  try {
    const v = JSON.parse(first);
    return Array.isArray(v?.events) || Array.isArray(v?.records) ? "object" : null;
  } catch {
    // A line that closes its object is a damaged JSON line among others; one that does not opens a document.
    return first.endsWith("}") ? null : "object";
  }
}

/** The cloud a JSON line is a record of, when it is no Alibaba one (a line that is no JSON is left to Alibaba's reader to report). */
export function jsonLineKind(line: string): DocumentKind | null {
  try {
    return kindOf(null, JSON.parse(line));
  } catch {
    return null;
  }
}
