// What `flowlens records --format aws --out DIR` writes: AWS's plain S3 layout of gzipped text
// (AWSLogs/ACCOUNT/vpcflowlogs/REGION/YYYY/MM/DD/…log.gz), each file with its header; read back
// by FlowLens and by DuckDB (read_csv over the gzipped files) to the same records. An export
// that fails halfway leaves nothing behind.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { folderSink } from "../../src/cli/records-parquet";
import { V2_FIELDS } from "../../src/formats/fields";
import { importFlowLogColumns } from "../../src/formats/log-import";
import { TextTreeExport } from "../../src/formats/text-tree-export";
import { nodeFileStream } from "../../src/io/node-file-stream";
import { flowlens } from "../support/cli";
import { duckdbRows } from "../support/duckdb";

const logs = (name: string) => new URL(`../files/logs/${name}`, import.meta.url).pathname;
const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));

const sql = duckdbRows;

describe("the gzipped text tree", () => {
  it("lays AWS v10 and Azure records out by account, region and hour, every file with its header", async () => {
    const out = mkdtempSync(join(tmpdir(), "flowlens-text-tree-"));
    const r = flowlens(
      "records",
      logs("aws-v10-all-fields.log"),
      logs("azure-vnet-v4-PT1H.json"),
      "--format",
      "aws",
      "--out",
      out,
      "--region",
      "eastus",
    );
    expect(r.code).toBe(0);
    expect(r.err).toContain("10 records in 3 gzipped text files under");
    const files = walk(out)
      .map((f) => relative(out, f))
      .sort();
    const folder = /^AWSLogs\/[\w-]+\/vpcflowlogs\/[\w-]+\/\d{4}\/\d\d\/\d\d\//;
    const name = /^[\w-]+_vpcflowlogs_[\w-]+_fl-[0-9a-f]{8}_\d{8}T\d{2}00Z_[0-9a-f]{8}\.log\.gz$/;
    for (const f of files) {
      expect(f).toMatch(folder);
      expect(f.replace(folder, "")).toMatch(name);
    }
    // Azure has no region in its records: --region names it (its tuples span two hours); AWS's carry their own.
    const azure = "AWSLogs/00000000-0000-0000-0000-000000000000/vpcflowlogs/eastus/2022/09/14/";
    expect(files.filter((f) => f.startsWith(azure))).toHaveLength(2);
    const texts = files.map((f) => gunzipSync(readFileSync(join(out, f))).toString());
    const header = readFileSync(logs("aws-v10-all-fields.log"), "utf8").split("\n")[0];
    for (const t of texts) expect(t.split("\n")[0]).toBe(header);
    // FlowLens reads the tree back to the records it wrote.
    const back = flowlens("records", ...files.map((f) => join(out, f)), "--format", "jsonl");
    expect(back.code).toBe(0);
    const records = back.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(10);
    expect(records.filter((x) => x["rule-id"] === undefined && x.action === "REJECT").length).toBeGreaterThan(0);
    // DuckDB reads the same files as AWS's text delivery: space-delimited, a header, gzip.
    const tree = `read_csv('${out}/AWSLogs/**/*.log.gz', delim = ' ', header = true, all_varchar = true)`;
    const [{ n, bytes }] = await sql(`select count(*)::int as n, sum(try_cast(bytes as bigint))::int as bytes from ${tree}`);
    expect(n).toBe(10);
    expect(bytes).toBe(records.reduce((s, x) => s + (x.bytes ?? 0), 0));
  });

  it("removes every file it wrote when a record has no region (text and Parquet), and says which", () => {
    const out = mkdtempSync(join(tmpdir(), "flowlens-text-tree-"));
    writeFileSync(join(out, "mine.txt"), "kept\n");
    // The v10 file's records name their region; Azure's do not, and nothing names one.
    const r = flowlens("records", logs("aws-v10-all-fields.log"), logs("azure-nsg-v2-PT1H.json"), "--format", "aws", "--out", out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/record 5.*region|region.*record 5/i);
    expect(walk(out).map((f) => relative(out, f))).toEqual(["mine.txt"]);
    expect(existsSync(join(out, "AWSLogs"))).toBe(false);
    // The Parquet tree the same way.
    const p = flowlens("records", logs("aws-v10-all-fields.log"), logs("azure-nsg-v2-PT1H.json"), "--format", "parquet", "--out", out);
    expect(p.code).toBe(1);
    expect(walk(out).map((f) => relative(out, f))).toEqual(["mine.txt"]);
  });

  it("keeps the files open bounded: a partition whose file was finished starts another", async () => {
    const out = mkdtempSync(join(tmpdir(), "flowlens-text-tree-"));
    const tree = new TextTreeExport(folderSink(out), {
      fields: V2_FIELDS,
      region: "us-east-1",
      openFiles: 1,
      heldChars: 200,
    });
    // Lines of two hours, alternating: with one file open, each change of hour finishes the other's file.
    const lines = [V2_FIELDS.join(" ")];
    const at = (k: number) => 1700000000 + (k % 2) * 3600;
    for (let k = 0; k < 40; k++)
      lines.push(`2 123456789010 eni-0a1b2c3d 10.0.0.${k % 7} 10.0.1.9 ${40000 + k} 443 6 3 300 ${at(k)} ${at(k) + 60} ACCEPT OK`);
    const log = join(out, "in.log");
    writeFileSync(log, `${lines.join("\n")}\n`);
    await importFlowLogColumns(log, nodeFileStream(log), "file:in.log", { onChunk: (b) => tree.addChunk(b.columns()) });
    const done = await tree.finish();
    expect(done.records).toBe(40);
    expect(done.files.length).toBeGreaterThan(2);
    const back = done.files.flatMap((f) =>
      gunzipSync(readFileSync(join(out, f)))
        .toString()
        .trim()
        .split("\n")
        .slice(1),
    );
    expect(back.sort()).toEqual(lines.slice(1).sort());
  });
});
