// What `flowlens records --format parquet` writes, read by a real engine: DuckDB opens the tree with
// hive_partitioning, its partitions agree with the records, and the queries named after
// those AWS's Athena integration ships give the numbers FlowLens's own analyses give over
// the same records. DuckDB's own AWS-typed Parquet (GZIP) reads back to the same records.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { folderSink, nodeParquetSource } from "../../src/cli/records-parquet";
import { importFlowLogColumns } from "../../src/formats/log-import";
import { HiveExport } from "../../src/formats/parquet/hive-export";
import { importParquetColumns } from "../../src/formats/parquet/parquet-import";
import { nodeFileStream } from "../../src/io/node-file-stream";
import type { FlowLogEntry } from "../../src/model/records";
import { runAnalysis } from "../../src/query/analyses";
import { parseQuery } from "../../src/query/parse";
import { decodeRecord } from "../../src/storage/record-columns";
import { prng } from "../fuzz/fuzz-lib";
import { storedLogstore } from "../storage/fixture";
import { flowlens } from "../support/cli";
import { duckdbRows } from "../support/duckdb";
import { freshWorkspace } from "../workspace/workspace-fixture";

const dir = mkdtempSync(join(tmpdir(), "flowlens-parquet-"));
const HEADER =
  "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status" +
  " region flow-direction";
const T0 = Date.UTC(2026, 10, 30, 21, 0, 0) / 1000;

/** 12,000 records over three hours, two accounts and regions, IPv4 and IPv6, outside sources on admin ports, REJECTs. */
function makeLog(): string {
  const rng = prng(20261204);
  const pick = <T>(xs: T[]) => xs[Math.floor(rng() * xs.length)];
  const lines = [HEADER];
  for (let k = 0; k < 12000; k++) {
    const v6 = k % 9 === 0;
    const src = v6
      ? `2001:db8::${(k % 97).toString(16)}`
      : pick([`198.51.100.${k % 61}`, `10.0.${k % 5}.${k % 200}`, `203.0.113.${k % 37}`]);
    const dst = v6 ? "2001:db8:1::5" : `10.1.0.${k % 13}`;
    const port = pick([22, 443, 3389, 80, 5432, 23]);
    const start = T0 + Math.floor((k / 12000) * 3 * 3600);
    const [account, region] = k % 3 ? ["111122223333", "us-east-1"] : ["444455556666", "eu-west-1"];
    const bytes = 40 + ((k * 7919) % 100000);
    const action = k % 11 === 0 ? "REJECT" : "ACCEPT";
    lines.push(
      `5 ${account} eni-${(k % 7).toString(16).padStart(8, "0")} ${src} ${dst} ${1024 + (k % 50000)} ${port} 6 ${1 + (k % 40)} ` +
        `${bytes} ${start} ${start + 30} ${action} OK ${region} ${k % 4 ? "ingress" : "egress"}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

const LOG = join(dir, "flows.log");
writeFileSync(LOG, makeLog());

const sql = duckdbRows;

/** The file's records, as FlowLens reads them. */
async function recordsOf(read: (onChunk: (c: ReturnType<typeof decodeRecord>[]) => void) => Promise<unknown>): Promise<FlowLogEntry[]> {
  const out: FlowLogEntry[] = [];
  await read((list) => out.push(...list));
  return out;
}
const chunkRecords = (push: (l: FlowLogEntry[]) => void) => (b: { columns(): Parameters<typeof decodeRecord>[0] }) => {
  const c = b.columns();
  push(Array.from({ length: c.count }, (_, i) => decodeRecord(c, i)));
};
const key = (r: FlowLogEntry) => `${r.start} ${r["interface-id"]} ${r.srcaddr} ${r.srcport} ${r.dstaddr} ${r.dstport} ${r.bytes}`;

describe("records as AWS delivers them in Parquet, read by DuckDB", () => {
  const out = join(dir, "tree");
  const tree = `${out}/AWSLogs/**/*.parquet`;

  it("writes the hourly Hive tree and athena.sql from the CLI", () => {
    const r = flowlens("records", LOG, "--format", "parquet", "--out", out);
    expect(r.err).toContain("12000 records in");
    expect(r.code).toBe(0);
    const ddl = readFileSync(join(out, "athena.sql"), "utf8");
    expect(ddl).toContain("'projection.aws-account-id.values' = '111122223333,444455556666'");
    expect(ddl).toContain("'projection.aws-region.values' = 'eu-west-1,us-east-1'");
    expect(ddl).toContain("`encryption_status` int");
    expect(flowlens("records", LOG, "--format", "parquet").err).toContain("--format parquet writes a folder: give it with --out DIR");
  });

  it("has AWS's column types and GZIP, and partitions that agree with every record", async () => {
    const types = await sql(
      `select name, type from parquet_schema('${tree}')
       where name in ('srcport','bytes','start','account_id','log_status') group by all order by name`,
    );
    expect(types).toEqual([
      { name: "account_id", type: "BYTE_ARRAY" },
      { name: "bytes", type: "INT64" },
      { name: "log_status", type: "BYTE_ARRAY" },
      { name: "srcport", type: "INT32" },
      { name: "start", type: "INT64" },
    ]);
    expect(await sql(`select distinct compression from parquet_metadata('${tree}')`)).toEqual([{ compression: "GZIP" }]);
    const [p] = await sql(`select count(*)::int n, count(distinct filename)::int files,
      count(*) filter (where "aws-account-id"::varchar <> account_id or "aws-region" <> region or "aws-service" <> 'vpcflowlogs'
        or year::int <> year(to_timestamp(start)) or month::int <> month(to_timestamp(start))
        or day::int <> day(to_timestamp(start)) or hour::int <> hour(to_timestamp(start)))::int wrong
      from read_parquet('${tree}', hive_partitioning = true, filename = true)`);
    // Three hours (and a fourth's first minutes at most) for each account and region.
    expect(p).toMatchObject({ n: 12000, wrong: 0 });
    expect(p.files).toBeGreaterThanOrEqual(6);
  });

  it("gives Athena's queries the numbers of FlowLens's analyses over the same records", async () => {
    const records = await recordsOf((push) =>
      importFlowLogColumns("flows.log", nodeFileStream(LOG), "file:flows.log", { onChunk: chunkRecords(push) }),
    );
    const ls = await storedLogstore(records);
    const analysis = async (name: string) =>
      (await runAnalysis(ls, "flowlens-demo", "vpc-flowlog", name, parseQuery(""), "", {}, { top: 10 })).rows as Record<string, unknown>[];
    const t = `read_parquet('${tree}', hive_partitioning = true)`;
    // TopTalkers: sources by bytes.
    const talkers = await sql(
      `select srcaddr address, sum(bytes)::bigint bytes, sum(packets)::bigint packets, count(*)::int records
       from ${t} group by 1 order by bytes desc limit 10`,
    );
    expect(
      (await analysis("top-talkers"))
        .filter((r) => r.kind === "source")
        .map(({ address, bytes, packets, records }) => ({ address, bytes, packets, records })),
    ).toEqual(talkers.map((r) => ({ ...r, bytes: Number(r.bytes), packets: Number(r.packets) })));
    // RejectedTraffic: rejected sources by records.
    const rejected = await sql(
      `select srcaddr as "value", count(*)::int records, sum(bytes)::bigint bytes
       from ${t} where action = 'REJECT' group by 1 order by records desc, bytes desc limit 10`,
    );
    expect(
      (await analysis("rejected")).filter((r) => r.kind === "source").map(({ value, records, bytes }) => ({ value, records, bytes })),
    ).toEqual(rejected.map((r) => ({ ...r, bytes: Number(r.bytes) })));
    // AdminPortTraffic and SshRdpTraffic: inbound from outside the private ranges to management ports.
    const outside = `flow_direction = 'ingress' and not (srcaddr like '10.%' or srcaddr like '192.168.%' or srcaddr like 'fd%')`;
    const admin = await sql(
      `select srcaddr, dstport, action, count(*)::int records, sum(bytes)::bigint bytes from ${t}
       where ${outside} and dstport in (22, 23, 3389) group by all order by records desc, bytes desc limit 10`,
    );
    const ours = (await analysis("admin-ports-from-outside")).map(({ srcaddr, dstport, action, records, bytes }) => ({
      srcaddr,
      dstport,
      action,
      records,
      bytes,
    }));
    expect(admin).toHaveLength(10);
    expect(ours).toEqual(admin.map((r) => ({ ...r, bytes: Number(r.bytes) })));
    const [sshRdp] = await sql(`select count(*)::int n from ${t} where ${outside} and dstport in (22, 3389)`);
    expect(sshRdp.n).toBeGreaterThan(0);
    // IPv4Traffic / IPv6Traffic and TotalBytesTransferred.
    const versions = await sql(
      `select case when srcaddr like '%:%' then 'IPv6' else 'IPv4' end as "version", sum(bytes)::bigint bytes
       from ${t} group by 1 order by bytes desc`,
    );
    expect((await analysis("ip-versions")).map(({ version, bytes }) => ({ version, bytes }))).toEqual(
      versions.map((r) => ({ ...r, bytes: Number(r.bytes) })),
    );
    const [total] = await sql(`select sum(bytes)::bigint bytes from ${t}`);
    expect(Number(total.bytes)).toBe(records.reduce((s, r) => s + (r.bytes ?? 0), 0));
  });

  it("reads back DuckDB's AWS-typed Parquet (GZIP) to the same records", async () => {
    const copy = join(dir, "duckdb-written.log.parquet");
    await sql(`copy (select * exclude ("aws-account-id", "aws-service", "aws-region", year, month, day, hour)
      from read_parquet('${tree}', hive_partitioning = true) order by start)
      to '${copy}' (format parquet, compression gzip, row_group_size 5000)`);
    const source = (await nodeParquetSource(copy))!;
    const back = await recordsOf((push) => importParquetColumns("d.parquet", source, "file:flows.log", { onChunk: chunkRecords(push) }));
    await source.close();
    // Dropped on the viewer, the same file becomes a logstore's records (the import service tells Parquet by its magic).
    const { plane, ws } = await freshWorkspace();
    await plane.cp.createProject({ name: "lab", description: "" });
    await plane.cp.createLogstore({ project: "lab", name: "parquet", retentionDays: 30 });
    const dropped = await ws.importFile(new File([readFileSync(copy)], "duckdb-written.log.parquet"), {
      jobId: "pq",
      logTarget: { project: "lab", logstore: "parquet" },
    });
    expect(dropped).toMatchObject({ status: "done", kind: "log", stored: [{ records: 12000 }] });
    const rejects = await ws.openSearch("lab", "parquet", "action: REJECT and region: eu-west-1", {});
    expect(rejects).toMatchObject({ ok: true, total: back.filter((r) => r.action === "REJECT" && r.region === "eu-west-1").length });
    const original = await recordsOf((push) =>
      importFlowLogColumns("flows.log", nodeFileStream(LOG), "file:flows.log", { onChunk: chunkRecords(push) }),
    );
    // Parquet has every column: the v3 ids a text file left out come back as none, as written.
    const same = (r: FlowLogEntry) => ({ ...r, "vpc-id": r["vpc-id"] || "", "subnet-id": r["subnet-id"] || "" });
    expect(back.map(same).sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual(
      original.map(same).sort((a, b) => (key(a) < key(b) ? -1 : 1)),
    );
  });

  it("reports each bad row by number and keeps the others, and round-trips every field of version 10", async () => {
    const bad = join(dir, "bad.parquet");
    await sql(`copy (select * from (values
        (5, 'eni-1', '10.0.0.1', '10.0.0.2', 40000, 443, 6, 3::bigint, 180::bigint, 1700000000::bigint, 1700000060::bigint, 'ACCEPT', 'OK'),
        (5, 'eni-1', '10.0.0.1', '10.0.0.2', 70000, 443, 6, 3, 180, 1700000000, 1700000060, 'ACCEPT', 'OK'),
        (5, 'eni-1', '10.0.0.1', '10.0.0.2', 40000, 443, 6, 3, 180, 1700000000, 1700000060, 'DROP', 'OK'),
        (5, 'eni-1', 'x.y', '10.0.0.2', 40000, 443, 6, 3, 180, 1700000000, 1700000060, 'ACCEPT', 'OK'),
        (5, 'eni-1', '10.0.0.1', '10.0.0.2', 40000, 443, 6, 3, 180, 1700000090, 1700000060, 'ACCEPT', 'OK'),
        (5, 'eni-1', null, null, null, null, null, -1, -1, 1700000000, 1700000060, null, 'NODATA'),
        (5, 'eni-1', '10.0.0.1', '10.0.0.2', 40000, 443, 6, -1, 180, 1700000000, 1700000060, 'ACCEPT', 'OK'))
      t(version, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, "end", action, log_status))
      to '${bad}' (format parquet, compression gzip)`);
    const source = (await nodeParquetSource(bad))!;
    const kept: FlowLogEntry[] = [];
    const report = await importParquetColumns("bad.parquet", source, "file:bad", { onChunk: chunkRecords((l) => kept.push(...l)) });
    await source.close();
    expect(report.errors.map((e) => e.reason)).toEqual([
      "row 2: srcport is 70000, past its largest value 65535",
      'row 3: action is "DROP", not ACCEPT or REJECT',
      'row 4: srcaddr is "x.y", not an IPv4 or IPv6 address',
      "row 5: start 1700000090 is after end 1700000060",
      "row 7: packets is -1, below 0",
    ]);
    expect(kept.map((r) => [r["log-status"], r.srcport, r.packets, r["account-id"], r["vpc-id"]])).toEqual([
      ["OK", 40000, 3, "", ""],
      ["NODATA", null, null, "", ""],
    ]);
    // Every field of the version-10 fixture through Parquet and back.
    const v10 = readFileSync(new URL("../files/logs/aws-v10-all-fields.log", import.meta.url), "utf8");
    const stream = () => new Blob([v10]).stream();
    const text = await recordsOf((push) => importFlowLogColumns("v10", stream(), "file:v10", { onChunk: chunkRecords(push) }));
    const tree = join(dir, "v10");
    const x = new HiveExport(folderSink(tree));
    await importFlowLogColumns("v10", stream(), "file:v10", { onChunk: (b) => x.addChunk(b.columns()) });
    const [file] = (await x.finish()).files;
    const back = (await nodeParquetSource(join(tree, file)))!;
    const read = await recordsOf((push) => importParquetColumns("v10", back, "file:v10", { onChunk: chunkRecords(push) }));
    await back.close();
    expect(read).toEqual(text);
  });

  it("keeps memory bounded: row groups written as they fill, files closed when too many are open", async () => {
    const small = join(dir, "small");
    const x = new HiveExport(folderSink(small), { rowGroupRows: 1000, heldRows: 2500, openFiles: 2 });
    await importFlowLogColumns("flows.log", nodeFileStream(LOG), "file:flows.log", { onChunk: (b) => x.addChunk(b.columns()) });
    const report = await x.finish();
    expect(report.records).toBe(12000);
    const [m] = await sql(`select count(distinct file_name)::int files, count(distinct (file_name, row_group_id))::int as "groups",
        max(row_group_num_rows)::int biggest
      from parquet_metadata('${small}/AWSLogs/**/*.parquet')`);
    expect(m.files).toBe(report.files.length);
    expect(m.biggest).toBeLessThanOrEqual(1000);
    expect(m.groups).toBeGreaterThanOrEqual(12);
    const [n] = await sql(`select count(*)::int n from read_parquet('${small}/AWSLogs/**/*.parquet', hive_partitioning = true)`);
    expect(n.n).toBe(12000);
  });
});
