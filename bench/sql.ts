// npm run bench -- --sql: SQL after the search (docs/history.md #17), whole processes side by side:
//   the 1 M-line AWS log (bench-data/aws-1m.log, made by --logs' generator): `flowlens search … | SELECT`
//   (top talkers by source) beside DuckDB reading the same file itself (read_csv, one thread) and the
//   hand-written analysis (`--analysis top-talkers`) over the same records;
//   10 M lines (bench-data/aws-10m.log.gz): the same SQL, and the analysis.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fmt } from "./figures";
import { LOG_COLUMNS as COLUMNS, duckdbSql, generateLog, run, show } from "./logs";

const DATA = process.env.FLOWLENS_BENCH_DIR ?? "bench-data";
const CLI = new URL("../../bin/flowlens.mjs", import.meta.url).pathname;
const SQL = "SELECT srcaddr, sum(bytes) AS bytes, count(*) AS records GROUP BY srcaddr ORDER BY bytes DESC LIMIT 10";

export async function benchSql(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const small = join(DATA, "aws-1m.log"),
    big = join(DATA, "aws-10m.log.gz");
  if (!existsSync(small)) await generateLog(small, 1_000_000, false);
  if (!existsSync(big)) await generateLog(big, 10_000_000, true);
  for (const file of [small, big]) {
    const q = `* | ${SQL}`;
    const fl = run(process.execPath, [CLI, "search", file, "--query", q]);
    const rows = /^(\d+) rows over (\d+) records \(DuckDB ([\d.]+) s\)/m.exec(fl.err);
    console.log(`flowlens search ${file} '${q}': ${show(fl)}; ${rows?.[1]} rows over ${rows?.[2]} records, DuckDB's part ${rows?.[3]} s`);
    const an = run(process.execPath, [CLI, "search", file, "--analysis", "top-talkers"]);
    console.log(
      `flowlens search ${file} --analysis top-talkers (the hand-written one): ${show(an)}; ` +
        `flowlens SQL / analysis: ${fmt(fl.seconds / an.seconds)}x`,
    );
    const sql = SQL.replace("GROUP BY", `FROM read_csv('${file}', delim=' ', header=false, columns=${COLUMNS}) GROUP BY`);
    const dd = duckdbSql(sql);
    console.log(
      `duckdb reading ${file} itself (read_csv + the same SQL, 1 thread): ${show(dd)}; flowlens / duckdb: ${fmt(fl.seconds / dd.seconds)}x`,
    );
  }
}
