// npm run bench -- --sql-worker: SQL after the search as the viewer's worker runs it — its workspace
// service over a logstore (fake-indexeddb in Node), DuckDB's WASM build with its blocking bindings —
// over the 10 M-line AWS log stored whole (bench-data/aws-10m.log.gz, made by --sql): the top
// talkers cold (DuckDB instantiated by the query) and warm, beside the hand-written analysis; then
// every column of growing ranges handed over (`SELECT *`), to find what fits DuckDB-WASM's 32-bit memory.
import "fake-indexeddb/auto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngineService } from "../src/engine/service";
import { createLineScanner } from "../src/formats/line-scanner";
import { createControlPlane } from "../src/storage/control-plane";
import { openFlowLensDb } from "../src/storage/schema";
import { createWorkspaceService } from "../src/workspace/service";
import { nodeDuckDb } from "../test/support/duckdb-wasm-node";
import { fmt } from "./figures";
import { generateLog } from "./logs";

const DATA = process.env.FLOWLENS_BENCH_DIR ?? "bench-data";
const SQL = "* | SELECT srcaddr, sum(bytes) AS bytes, count(*) AS records GROUP BY srcaddr ORDER BY bytes DESC LIMIT 10";
const START = 1_700_000_000;
const mib = () => fmt(process.memoryUsage().rss / 2 ** 20, 0);

export async function benchSqlWorker(): Promise<void> {
  const file = join(DATA, "aws-10m.log.gz");
  if (!existsSync(file)) await generateLog(file, 10_000_000, true);
  const wasm = (name: string) => WebAssembly.compile(readFileSync(new URL(`./${name}`, import.meta.url)));
  const db = await openFlowLensDb({ name: `bench-sql-${process.pid}` });
  const cp = createControlPlane(db);
  await cp.createProject({ name: "lab", description: "" });
  await cp.createLogstore({ project: "lab", name: "flows", retentionDays: 3650 });
  const engine = createEngineService({ loadModule: () => wasm("engine.wasm") });
  const ws = createWorkspaceService(db, engine, Date.now, {
    duckDb: nodeDuckDb,
    lineScanner: await createLineScanner(await wasm("lines.wasm")),
  });
  let t = performance.now();
  const stored = await ws.importFile(new File([readFileSync(file)], "aws-10m.log.gz"), {
    jobId: "bench",
    logTarget: { project: "lab", logstore: "flows" },
  });
  const records = "stored" in stored ? stored.stored.reduce((n, s) => n + s.records, 0) : 0;
  console.log(`worker's path: ${file} stored, ${records} records in ${fmt((performance.now() - t) / 1000)} s; RSS ${mib()} MiB`);
  for (const run of ["cold (DuckDB instantiated by it)", "warm"]) {
    t = performance.now();
    const r = await ws.sqlSearch("lab", "flows", SQL, {});
    if (!r.ok) throw new Error(r.error.message);
    console.log(`worker's path: '${SQL}' ${run}: ${fmt((performance.now() - t) / 1000)} s over ${r.records} records; RSS ${mib()} MiB`);
  }
  t = performance.now();
  const a = await ws.analysis("lab", "flows", "top-talkers", "*", {});
  if (!a.ok) throw new Error(a.error.message);
  console.log(`worker's path: the hand-written top-talkers analysis: ${fmt((performance.now() - t) / 1000)} s`);
  // Every column (46) of the first N records of the hour: what DuckDB-WASM holds, and where it stops.
  for (const share of [0.1, 0.25, 0.5, 1]) {
    t = performance.now();
    const to = START + Math.round(3600 * share) - 1;
    const q = "* | SELECT count(*) AS n, (SELECT sum(memory_usage_bytes) FROM duckdb_memory()) AS bytes FROM (SELECT * FROM records)";
    const r = await ws.sqlSearch("lab", "flows", q, { from: START, to });
    const seconds = fmt((performance.now() - t) / 1000);
    if (!r.ok) {
      console.log(`worker's path: every column of ${fmt(share * 100, 0)}% of the records: refused after ${seconds} s: ${r.error.message}`);
      break;
    }
    const [n, bytes] = r.rows[0] as number[];
    console.log(
      `worker's path: every column of ${n} records in DuckDB-WASM: ${fmt(bytes / 2 ** 20, 0)} MiB by duckdb_memory() ` +
        `(${fmt(bytes / n, 0)} bytes a record), ${seconds} s`,
    );
  }
}
