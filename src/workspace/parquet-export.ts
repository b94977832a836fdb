// The viewer's Export as AWS Parquet: a search's records as AWS delivers them to S3 (formats/parquet/
// hive-export.ts), the tree and athena.sql in one zip (fflate, the Parquet files stored as
// they are: they are compressed inside). Records go from the result's chunk columns, a
// chunk's rows at a time; a partition's records carry their region and account, or take
// those of their flow log (the control plane's region, its VPC's account).
import { Zip, ZipPassThrough } from "fflate";
import { HiveExport, type TreeSink } from "../formats/parquet/hive-export";
import type { ParquetCodec } from "../formats/parquet/parquet-stream";
import { resourceVpcs } from "../model/flow-log";
import type { ControlPlane } from "../storage/control-plane";
import type { LogstoreAccess } from "../storage/logstore";
import { CHUNK_RECORDS } from "../storage/record-columns";
import { type ResultSet, ROW_BITS, ROW_MASK } from "./result-set";

export interface ParquetExportOptions {
  region?: string;
  account?: string;
  codec?: ParquetCodec;
}

/** A zip written as its files come, into a Blob grown a part at a time (the browser keeps a Blob's bytes, not the heap). */
function zipSink(): { sink: TreeSink; done(): Promise<Blob> } {
  let blob = new Blob([]);
  let parts: Uint8Array[] = [];
  let held = 0;
  let finished: (b: Blob) => void;
  const result = new Promise<Blob>((resolve) => {
    finished = resolve;
  });
  const zip = new Zip((err, data, final) => {
    if (err) throw err;
    parts.push(data);
    held += data.length;
    if (held > 8 << 20 || final) {
      blob = new Blob([blob, ...(parts as BlobPart[])], { type: "application/zip" });
      parts = [];
      held = 0;
    }
    if (final) finished(blob);
  });
  return {
    sink: {
      open(path) {
        const file = new ZipPassThrough(path);
        zip.add(file);
        return { write: (b) => file.push(b), close: () => file.push(new Uint8Array(0), true) };
      },
    },
    done() {
      zip.end();
      return result;
    },
  };
}

export async function exportResultParquet(
  ls: LogstoreAccess,
  cp: ControlPlane,
  set: ResultSet,
  o: ParquetExportOptions = {},
): Promise<{ zip: Blob; records: number; files: number }> {
  const [inv, flowLogs] = await Promise.all([cp.inventory(), cp.flowLogs()]);
  const ofFlowLog = new Map(
    flowLogs.map((f) => {
      const vpc = inv.vpcs.find((v) => v.id === resourceVpcs(inv, f.resourceType, f.resourceId)[0]);
      return [f.id, { region: f.regionId, account: vpc?.accountId }];
    }),
  );
  const { sink, done } = zipSink();
  const tree = new HiveExport(sink, { ...o, flowLog: (id) => ofFlowLog.get(id) });
  // Consecutive references into one chunk go together: one columns read, one call.
  const rows = new Uint32Array(CHUNK_RECORDS);
  for (let j = 0; j < set.total; ) {
    const chunk = set.refs[j] >>> ROW_BITS;
    let n = 0;
    while (j < set.total && set.refs[j] >>> ROW_BITS === chunk && n < rows.length) rows[n++] = set.refs[j++] & ROW_MASK;
    await tree.addChunk(await ls.columns(set.chunks[chunk]), rows.subarray(0, n));
  }
  const report = await tree.finish();
  return { zip: await done(), records: report.records, files: report.files.length };
}
