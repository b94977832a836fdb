// npm run bench -- --parquet: AWS's Parquet delivery, whole processes side by side (docs/history.md #15).
//   export: the 10 M-line AWS log (bench-data/aws-10m.log.gz, made by --logs' generator) written as the
//           Hive tree by `flowlens records --format parquet` (GZIP), beside DuckDB's
//           COPY … TO (FORMAT parquet, COMPRESSION gzip, PARTITION_BY hour), one thread
//   import: a 1 M-row AWS-typed Parquet file (DuckDB writes it from the 1 M-line log) searched by
//           `flowlens search`, beside DuckDB's read_parquet and the same filter, one thread
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fmt } from "./figures";
import { LOG_COLUMNS as COLUMNS, duckdbSql as duckdb, generateLog, run, show } from "./logs";

const DATA = process.env.FLOWLENS_BENCH_DIR ?? "bench-data";
const CLI = new URL("../../bin/flowlens.mjs", import.meta.url).pathname;

export async function benchParquet(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const small = join(DATA, "aws-1m.log"),
    big = join(DATA, "aws-10m.log.gz");
  if (!existsSync(small)) await generateLog(small, 1_000_000, false);
  if (!existsSync(big)) await generateLog(big, 10_000_000, true);
  const read = (path: string) => `read_csv('${path}', delim=' ', header=false, columns=${COLUMNS})`;

  const ours = join(DATA, "parquet-flowlens"),
    theirs = join(DATA, "parquet-duckdb");
  rmSync(ours, { recursive: true, force: true });
  rmSync(theirs, { recursive: true, force: true });
  const fl = run(process.execPath, [CLI, "records", big, "--format", "parquet", "--out", ours, "--region", "us-east-1"]);
  const files = /(\d+) records in (\d+) Parquet files/.exec(fl.err);
  const records = Number(files?.[1] ?? 0);
  console.log(
    `flowlens records ${big} --format parquet (Hive tree, GZIP): ${show(fl)}; ${records} records in ${files?.[2]} files, ` +
      `${fmt(records / fl.seconds / 1e6)} M records/s`,
  );
  const dd = duckdb(
    `COPY (SELECT *, strftime(to_timestamp("start"), '%Y%m%d%H') AS hour FROM ${read(big)}) ` +
      `TO '${theirs}' (FORMAT parquet, COMPRESSION gzip, PARTITION_BY (hour))`,
  );
  console.log(
    `duckdb COPY … PARTITION_BY hour, 1 thread, same file: ${show(dd)}; flowlens / duckdb: ${fmt(fl.seconds / dd.seconds)}x time`,
  );
  const [[n]] = JSON.parse(duckdb(`SELECT count(*) FROM read_parquet('${ours}/AWSLogs/**/*.parquet', hive_partitioning = true)`).out);
  console.log(`duckdb reads FlowLens's tree back: ${n} records`);

  const one = join(DATA, "aws-1m.parquet");
  if (!existsSync(one)) duckdb(`COPY (SELECT * FROM ${read(small)}) TO '${one}' (FORMAT parquet, COMPRESSION gzip, ROW_GROUP_SIZE 122880)`);
  const query = "action: REJECT and dstport: 22";
  const search = run(process.execPath, [CLI, "search", one, "--query", query, "--limit", "10"]);
  const found = /^(\d+) of (\d+) records match/m.exec(search.err);
  console.log(
    `flowlens search ${one} (${fmt(statSync(one).size / 1e6, 1)} MB, 1 M rows) '${query}': ${show(search)}; ` +
      `${found?.[1]} of ${found?.[2]} match, ${fmt(Number(found?.[2] ?? 0) / search.seconds / 1e6)} M rows/s`,
  );
  const dq = duckdb(`SELECT count(*) FROM read_parquet('${one}') WHERE action = 'REJECT' AND dstport = 22`);
  const matched = JSON.parse(dq.out)[0][0];
  console.log(
    `duckdb read_parquet + filter, 1 thread: ${show(dq)}; ${matched} match; flowlens / duckdb: ${fmt(search.seconds / dq.seconds)}x`,
  );
}
