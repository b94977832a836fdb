// The viewer's Export in AWS's S3 layout: a search's records as AWS delivers them to S3 — Parquet
// under Hive prefixes with athena.sql (formats/parquet/hive-export.ts), or gzipped text under
// the plain prefix (formats/text-tree-export.ts) — in one zip (fflate, the files stored as they
// are: they are compressed already), or (Chromium) into a folder the user picked. Records go
// from the result's chunk columns, a chunk's rows at a time; a partition's records carry their
// region and account, or take those of their flow log (the control plane's region, its VPC's
// account). An export into a folder that fails removes the files it wrote there.
import { Zip, ZipPassThrough } from "fflate";
import { HiveExport, type TreeSink } from "../formats/parquet/hive-export";
import type { ParquetCodec } from "../formats/parquet/parquet-stream";
import { awsFields } from "../formats/record-writers";
import { TextTreeExport } from "../formats/text-tree-export";
import { resourceVpcs } from "../model/flow-log";
import type { ControlPlane } from "../storage/control-plane";
import type { LogstoreAccess } from "../storage/logstore";
import { CHUNK_RECORDS } from "../storage/record-columns";
import { type ResultSet, ROW_BITS, ROW_MASK } from "./result-set";

export interface TreeExportOptions {
  /** Parquet with athena.sql, or AWS text gzipped. */
  layout: "parquet" | "text";
  region?: string;
  account?: string;
  codec?: ParquetCodec;
  /** The folder the user picked (Chromium's showDirectoryPicker); without one, a zip. */
  directory?: FileSystemDirectoryHandle;
}

/** Files written under a picked folder, sub-folders made as needed; `remove` takes back every file written. */
function directorySink(root: FileSystemDirectoryHandle): { sink: TreeSink; remove(): Promise<void> } {
  const written: { folder: FileSystemDirectoryHandle; name: string }[] = [];
  return {
    sink: {
      async open(path) {
        const parts = path.split("/");
        const name = parts.pop()!;
        let folder = root;
        for (const p of parts) folder = await folder.getDirectoryHandle(p, { create: true });
        const stream = await (await folder.getFileHandle(name, { create: true })).createWritable();
        written.push({ folder, name });
        return { write: (b) => stream.write(b as Uint8Array<ArrayBuffer>), close: () => stream.close() };
      },
    },
    async remove() {
      for (const w of written) await w.folder.removeEntry(w.name).catch(() => {});
    },
  };
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

export async function exportResultTree(
  ls: LogstoreAccess,
  cp: ControlPlane,
  set: ResultSet,
  o: TreeExportOptions,
): Promise<{ zip?: Blob; records: number; files: number }> {
  const [inv, flowLogs] = await Promise.all([cp.inventory(), cp.flowLogs()]);
  const ofFlowLog = new Map(
    flowLogs.map((f) => {
      const vpc = inv.vpcs.find((v) => v.id === resourceVpcs(inv, f.resourceType, f.resourceId)[0]);
      return [f.id, { region: f.regionId, account: vpc?.accountId }];
    }),
  );
  const zip = o.directory ? null : zipSink();
  const folder = o.directory ? directorySink(o.directory) : null;
  const sink = zip?.sink ?? folder!.sink;
  const partitions = { region: o.region, account: o.account, flowLog: (id: string) => ofFlowLog.get(id) };
  // A text file names the later fields its records carry (the chunks' summaries say which), as the text export does.
  const tree =
    o.layout === "parquet"
      ? new HiveExport(sink, { ...partitions, codec: o.codec })
      : new TextTreeExport(sink, { ...partitions, fields: awsFields(set.chunks.flatMap((c) => c.extraFields ?? [])) });
  try {
    // Consecutive references into one chunk go together: one columns read, one call.
    const rows = new Uint32Array(CHUNK_RECORDS);
    for (let j = 0; j < set.total; ) {
      const chunk = set.refs[j] >>> ROW_BITS;
      let n = 0;
      while (j < set.total && set.refs[j] >>> ROW_BITS === chunk && n < rows.length) rows[n++] = set.refs[j++] & ROW_MASK;
      await tree.addChunk(await ls.columns(set.chunks[chunk]), rows.subarray(0, n));
    }
    const report = await tree.finish();
    return { zip: await zip?.done(), records: report.records, files: report.files.length };
  } catch (e) {
    await folder?.remove();
    throw e;
  }
}
