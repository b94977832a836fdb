// Which AWS fields the flow-log inputs of `flowlens records --format aws` carry, read from each
// file's head before any record is written: the output's header names them all, so a v5 or
// v10 file — or GCP's and Azure's ids — comes out with every field it went in with, and a
// default-format input still gives the default format (and its fast path).
import { parquetMetadataAsync, parquetSchema } from "hyparquet";
import { type DetectedFormat, detectFormat } from "../formats/detect";
import { AWS_ALL_FIELDS, V2_FIELDS } from "../formats/fields";
import { documentShape, jsonLineKind } from "../formats/json/json-kinds";
import { MAX_LINE_BYTES } from "../formats/line-reader";
import { fieldOfColumn } from "../formats/parquet/aws-parquet-schema";
import { gunzipIfGzip } from "../io/gzip";
import { nodeFileStream } from "../io/node-file-stream";
import { peekHead } from "../io/stream-head";
import { nodeParquetSource } from "./records-parquet";

/** The AWS fields the readers of GCP and Azure fill (formats/json/), flow-direction from their direction. */
const GCP_FIELDS = ["vpc-id", "subnet-id", "instance-id", "region", "az-id", "flow-direction"];
const AZURE_FIELDS = ["vpc-id", "subnet-id", "flow-direction"];
const ALIBABA_FIELDS = ["vpc-id", "subnet-id", "instance-id", "flow-direction"];

export interface InputFields {
  /** The file's first line detected as a format (text files), else null. */
  format: DetectedFormat | null;
  /** The AWS fields its records carry. */
  fields: string[];
}

/** The format of a flow-log file's first line and the fields it names (read through gzip; Parquet by its schema). */
export async function inputFields(file: string, logFormat?: string[]): Promise<InputFields> {
  const parquet = await nodeParquetSource(file);
  if (parquet) {
    try {
      const names = parquetSchema(await parquetMetadataAsync(parquet)).children.map((c) => c.element.name);
      return { format: null, fields: names.flatMap((n) => fieldOfColumn(n)?.field ?? []) };
    } catch {
      return { format: null, fields: V2_FIELDS }; // the reader proper says what is wrong
    } finally {
      await parquet.close();
    }
  }
  const text = await gunzipIfGzip(nodeFileStream(file)).catch(() => null);
  if (!text) return { format: null, fields: V2_FIELDS };
  const { head, stream } = await peekHead(text, MAX_LINE_BYTES).catch(() => ({ head: new Uint8Array(0), stream: null }));
  await stream?.cancel().catch(() => {});
  const shape = documentShape(head);
  const firstLine =
    new TextDecoder()
      .decode(head)
      .split("\n")
      .find((l) => l.trim()) ?? "";
  if (shape) {
    // A document's kind shows in its first bytes: CloudWatch lists events, Azure records, GCP entries' payloads.
    const t = new TextDecoder().decode(head.subarray(0, 4096));
    const fields = /"events"|"message"/.test(t) ? (logFormat ?? V2_FIELDS) : /"jsonPayload"/.test(t) ? GCP_FIELDS : AZURE_FIELDS;
    return { format: null, fields };
  }
  const d = detectFormat(firstLine, jsonLineKind);
  if ("error" in d) return { format: null, fields: logFormat ?? V2_FIELDS };
  if (d.kind === "spaced") return { format: d, fields: !d.header && d.name === "aws" && logFormat ? logFormat : d.fields };
  if (d.kind === "json-lines")
    return {
      format: d,
      fields: d.element === "gcp-json" ? GCP_FIELDS : d.element === "azure-json" ? AZURE_FIELDS : (logFormat ?? V2_FIELDS),
    };
  return { format: d, fields: ALIBABA_FIELDS };
}

/**
 * The fields of the AWS output for these inputs: the default format's, then every later field
 * any input carries, in the order of AWS's table (a custom format AWS and Athena read alike).
 */
export function awsOutputFields(inputs: InputFields[]): string[] {
  const named = new Set(inputs.flatMap((i) => i.fields));
  const more = AWS_ALL_FIELDS.filter((f) => !V2_FIELDS.includes(f) && named.has(f));
  return more.length ? [...V2_FIELDS, ...more] : V2_FIELDS;
}
