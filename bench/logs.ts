// npm run bench -- --logs: flow-log files, whole processes side by side (docs/history.md #10, #11).
//   generate: an AWS v2 log of 1 M lines (~95 MB), and one of 10 M lines, gzip-compressed
//   flowlens search: `action: REJECT and dstport: 22` over each, wall time and peak RSS
//   DuckDB:   read_csv(delim ' ') and the same filter, one thread (@duckdb/node-api)
//   flowlens records: the 10 M-line file written again as AWS text (streams to /dev/null)
// Peak RSS comes from GNU time (/usr/bin/time, Debian's `time`) when it is installed.
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { createGzip } from "node:zlib";
import { benchCapturePhases } from "./capture-phases";
import { fmt } from "./figures";

const DATA = process.env.FLOWLENS_BENCH_DIR ?? "bench-data";
const QUERY = "action: REJECT and dstport: 22";
const CLI = new URL("../../bin/flowlens.mjs", import.meta.url).pathname;

/** Writes `lines` AWS v2 lines (seeded, so every run reads the same file), gzip if asked. */
export async function generateLog(path: string, lines: number, gzip: boolean): Promise<void> {
  const file = createWriteStream(path);
  const out = gzip ? createGzip({ level: 1 }) : null;
  out?.pipe(file);
  const sink = out ?? file;
  let seed = 12345;
  // The high bits of the LCG: its low bits repeat with short periods.
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return Math.floor((seed / 2 ** 32) * n);
  };
  const ports = [22, 80, 443, 3389, 53, 8080];
  const start = 1_700_000_000;
  let buf: string[] = [];
  for (let i = 0; i < lines; i++) {
    const t = start + Math.floor(i / (lines / 3600));
    const dport = rand(4) ? ports[rand(ports.length)] : 1024 + rand(60000);
    buf.push(
      `2 123456789010 eni-${rand(512).toString(16).padStart(8, "0")} ` +
        `10.${rand(4)}.${rand(256)}.${rand(256)} 172.31.${rand(256)}.${rand(256)} ${1024 + rand(60000)} ` +
        `${dport} ${rand(10) ? 6 : 17} ${1 + rand(50)} ${60 + rand(90000)} ${t} ${t + rand(60)} ` +
        `${rand(10) ? "ACCEPT" : "REJECT"} OK\n`,
    );
    if (buf.length === 10000) {
      if (!sink.write(buf.join(""))) await new Promise<void>((r) => sink.once("drain", () => r()));
      buf = [];
    }
  }
  sink.write(buf.join(""));
  await new Promise<void>((resolve) => {
    file.on("finish", () => resolve());
    sink.end();
  });
}

interface Run {
  seconds: number;
  rssMiB: number | null;
  out: string;
  err: string;
}

const hasTime = existsSync("/usr/bin/time");

/** A whole process: wall time, and peak RSS where GNU time can tell it. */
export function run(cmd: string, args: string[]): Run {
  const t0 = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync("/usr/bin/time", ["-f", "%M", cmd, ...args], { encoding: "utf8", maxBuffer: 64 << 20 })
    : spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const lines = r.stderr.trim().split("\n");
  const rssMiB = hasTime ? Number(lines.pop()) / 1024 : null;
  return { seconds, rssMiB, out: r.stdout, err: lines.join("\n") };
}

const DUCKDB =
  `
import { DuckDBInstance } from "@duckdb/node-api";
const db = await DuckDBInstance.create(":memory:", { threads: "1" });
const c = await db.connect();
const cols = "{'version':'VARCHAR','account':'VARCHAR','eni':'VARCHAR','srcaddr':'VARCHAR','dstaddr':'VARCHAR'," +
  "'srcport':'INTEGER','dstport':'INTEGER','protocol':'INTEGER','packets':'BIGINT','bytes':'BIGINT'," +
  "'start':'BIGINT','end':'BIGINT','action':'VARCHAR','status':'VARCHAR'}";
const r = await c.runAndReadAll(\`SELECT count(*) FROM read_csv('\${process.argv.at(-1)}', delim=' ', header=false, columns=\${cols}) ` +
  `WHERE action = 'REJECT' AND dstport = 22\`);
console.log(String(r.getRows()[0][0]));
`;

function duckdb(path: string): Run | null {
  try {
    import.meta.resolve("@duckdb/node-api");
  } catch {
    return null;
  }
  return run(process.execPath, ["--input-type=module", "-e", DUCKDB, path]);
}

/** The generated log's columns as DuckDB's read_csv takes them: Athena's names, AWS's types. */
export const LOG_COLUMNS =
  "{'version':'INTEGER','account_id':'VARCHAR','interface_id':'VARCHAR','srcaddr':'VARCHAR','dstaddr':'VARCHAR'," +
  "'srcport':'INTEGER','dstport':'INTEGER','protocol':'INTEGER','packets':'BIGINT','bytes':'BIGINT'," +
  "'start':'BIGINT','end':'BIGINT','action':'VARCHAR','log_status':'VARCHAR'}";

/** DuckDB itself (@duckdb/node-api, one thread) running `sql` as a whole process: its rows as JSON in `out`. */
export const duckdbSql = (sql: string): Run =>
  run(process.execPath, [
    "--input-type=module",
    "-e",
    `import { DuckDBInstance } from "@duckdb/node-api";
const db = await DuckDBInstance.create(":memory:", { threads: "1" });
const c = await db.connect();
const r = await c.runAndReadAll(process.argv.at(-1));
console.log(JSON.stringify(r.getRowsJS(), (_, v) => (typeof v === "bigint" ? Number(v) : v)));`,
    sql,
  ]);

export const show = (r: Run) => `${fmt(r.seconds, 2)} s, peak RSS ${r.rssMiB === null ? "n/a" : `${fmt(r.rssMiB, 0)} MiB`}`;

/**
 * Captures, whole processes (docs/history.md #11): `flowlens flows` and `flowlens records` (proposed
 * network) on one generated capture, and `nfpcapd -r` on the same file when nfdump is installed.
 */
export async function benchCaptureRecords(packets = 1_000_000): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const file = join(DATA, `bench-${packets / 1e6}m.pcap`);
  if (!existsSync(file)) {
    const t0 = Date.now();
    const { generateCapture } = await import("./capture-gen");
    generateCapture(file, { packets, flows: 100_000, seconds: 600, startUs: 1_700_000_000e6 });
    console.log(
      `generated ${file}: ${packets} packets, ${fmt(statSync(file).size / 1e9, 2)} GB in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  await benchCapturePhases(file);
  const flows = run("/bin/sh", ["-c", `${process.execPath} ${CLI} flows ${file} --quiet > /dev/null`]);
  const records = run("/bin/sh", ["-c", `${process.execPath} ${CLI} records ${file} --format aws > /dev/null`]);
  console.log(`flowlens flows ${file}: ${show(flows)}`);
  console.log(
    `flowlens records ${file} (proposed network): ${show(records)}; ` +
      `${fmt(records.seconds / flows.seconds)}x flows (issue #11: within 1.5x)`,
  );
  if (existsSync("/usr/bin/nfpcapd")) {
    const out = join(DATA, "nfpcapd-out");
    mkdirSync(out, { recursive: true });
    const nf = run("nfpcapd", ["-r", file, "-w", out]);
    console.log(
      `nfpcapd -r, same file: ${show(nf)}; flowlens flows is ${fmt(nf.seconds / flows.seconds)}x nfpcapd (issue #11: at least 3x)`,
    );
  }
}

export async function benchLogs(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const small = join(DATA, "aws-1m.log"),
    big = join(DATA, "aws-10m.log.gz");
  for (const [path, lines, gz] of [
    [small, 1_000_000, false],
    [big, 10_000_000, true],
  ] as const) {
    if (existsSync(path) && !process.env.FLOWLENS_BENCH_REGENERATE) continue;
    const t0 = Date.now();
    await generateLog(path, lines, gz);
    console.log(`generated ${path}: ${lines} lines, ${fmt(statSync(path).size / 1e6, 1)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  for (const path of [small, big]) {
    const fl = run(process.execPath, [CLI, "search", path, "--query", QUERY, "--limit", "10"]);
    const matches = /^(\d+) of (\d+) records match/m.exec(fl.err);
    const found = matches ? `${matches[1]} of ${matches[2]} records match` : fl.err.split("\n").at(-1);
    console.log(`flowlens search ${path} '${QUERY}': ${show(fl)}; ${found}`);
    const dd = path.endsWith(".gz") && !process.env.FLOWLENS_BENCH_DUCKDB_GZ ? null : duckdb(path);
    if (dd)
      console.log(
        `duckdb read_csv + filter, 1 thread, same file: ${show(dd)}; ${dd.out.trim()} match; flowlens / ` +
          `duckdb: ${fmt(fl.seconds / dd.seconds)}x time, ${dd.rssMiB && fl.rssMiB ? `${fmt(fl.rssMiB / dd.rssMiB)}x memory` : ""}`,
      );
    else if (!path.endsWith(".gz")) console.log("duckdb: @duckdb/node-api is not installed — no reference figure");
  }
  const rec = run("/bin/sh", ["-c", `${process.execPath} ${CLI} records ${big} --format aws > /dev/null`]);
  console.log(`flowlens records ${big} --format aws: ${show(rec)} (the 10 M-line file streamed; memory must not grow with it)`);
}
