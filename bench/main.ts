// npm run bench — the capture engine's figures (docs/history.md #2). Each measurement runs in a
// child process so that its peak memory (maxRSS) is its own.
//   generate: 2,000,000 packets, 100,000 flows, 600 s, ~650 bytes a packet (capture-gen.ts)
//   file:     the WASM engine and the TypeScript twin reading that file
//   stream:   a 20 GB stream made of the file repeated, each copy a new pcapng section
//             whose if_tsoffset moves it 600 s on (memory must stay flat)
//   nfpcapd:  Debian's nfdump on the same file, for reference, when it is installed
//   parquet:  AWS's Parquet delivery written (10 M records) and read (1 M rows), beside DuckDB (parquet.ts)
//   cloud-json: a CloudWatch page of 1 M events searched, beside DuckDB's read_json (cloud-json.ts)
//   replay:   what if over 10 M stored records against a draft of the rules (replay.ts)
//   sql:      search | SELECT over 1 M and 10 M log lines, beside DuckDB reading the file and the analysis (sql.ts)
//   sql-worker: the same over 10 M stored records the worker's way (DuckDB-WASM), cold and warm, and its memory (sql-worker.ts)
//   packets:  a flow's packets listed and saved as pcap, beside tcpdump with a BPF filter (packets.ts)
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CaptureDriver, flowsForBudget } from "../src/engine/driver";
import { type CaptureSource, ingest } from "../src/engine/ingest";
import { openFileSource } from "../src/engine/node-source";
import { createTwinCore } from "../src/engine/twin/core";
import { createWasmCore } from "../src/engine/wasm/core";
import { generateCapture, sectionHead } from "./capture-gen";
import { benchCloudJson } from "./cloud-json";
import { benchExtensionImport } from "./extension-import";
import { fmt } from "./figures";
import { benchCaptureRecords, benchLogs } from "./logs";
import { benchPackets, measurePackets } from "./packets";
import { benchParquet } from "./parquet";
import { benchBrowserStore, benchRecords } from "./records";
import { benchReplay } from "./replay";
import { benchSearch } from "./search";
import { benchSql } from "./sql";
import { benchSqlWorker } from "./sql-worker";

const DATA = process.env.FLOWLENS_BENCH_DIR ?? "bench-data";
const FILE = join(DATA, "bench-2m.pcapng");
const PACKETS = Number(process.env.FLOWLENS_BENCH_PACKETS ?? 2_000_000);
const STREAM_BYTES = Number(process.env.FLOWLENS_BENCH_STREAM ?? 20e9);

interface Figures {
  engine: string;
  what: string;
  bytes: number;
  packets: number;
  flows: number;
  seconds: number;
  maxRssMiB: number;
}

/**
 * The capture file repeated until `total` bytes have streamed: each copy is a new pcapng
 * section whose interface has an if_tsoffset 600 s later, so nothing is rewritten.
 */
async function repeatedSource(total: number): Promise<CaptureSource> {
  const file = await open(FILE, "r");
  const size = (await file.stat()).size;
  const bodyOffset = sectionHead().length;
  let produced = 0;
  let rep = 0;
  let pos = -1; // -1: the next read is the section header of copy `rep`
  return {
    name: `${FILE} x ${Math.ceil(total / size)}`,
    size: null,
    open: () => {
      throw new Error("no stream path");
    },
    async readInto(into) {
      if (pos < 0) {
        if (produced >= total) return 0;
        const head = sectionHead(BigInt(rep * 600));
        into.set(head);
        pos = bodyOffset;
        produced += head.length;
        return head.length;
      }
      const { bytesRead } = await file.read(into, 0, Math.min(into.length, size - pos), pos);
      pos += bytesRead;
      produced += bytesRead;
      if (pos >= size) {
        pos = -1;
        rep++;
      }
      return bytesRead;
    },
    close: () => file.close(),
  };
}

/** One measurement, in this (child) process, through the product's own ingest path. */
async function measure(engine: "wasm" | "twin", what: "file" | "stream"): Promise<Figures> {
  const core =
    engine === "wasm"
      ? await createWasmCore(await WebAssembly.compile(readFileSync(new URL("./engine.wasm", import.meta.url))))
      : createTwinCore();
  let flows = 0;
  const driver = new CaptureDriver(core, { windowSeconds: 600, flowsPerWindow: flowsForBudget(64 << 20) }, (b) => (flows += b.count));
  const source = what === "file" ? await openFileSource(FILE) : await repeatedSource(STREAM_BYTES);
  const t0 = process.hrtime.bigint();
  const [report] = await ingest(driver, [source]);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    engine,
    what,
    bytes: report.bytes,
    packets: report.packetsAggregated,
    flows,
    seconds,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

function child(engine: string, what: string): Figures {
  const r = spawnSync(process.execPath, [new URL(import.meta.url).pathname, "--measure", engine, what], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`${engine} ${what} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

function nfpcapd(): { seconds: number } | null {
  try {
    execFileSync("which", ["nfpcapd"], { stdio: "ignore" });
  } catch {
    return null;
  }
  const out = mkdtempSync(join(tmpdir(), "nfpcapd-"));
  const t0 = process.hrtime.bigint();
  const r = spawnSync("nfpcapd", ["-r", FILE, "-w", out], { stdio: "ignore" });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  rmSync(out, { recursive: true, force: true });
  return r.status === 0 ? { seconds } : null;
}

async function main() {
  if (process.argv[2] === "--search") {
    await benchSearch(Number(process.argv[3] ?? 10_000_000));
    return;
  }
  if (process.argv[2] === "--logs") {
    await benchLogs();
    await benchParquet();
    return;
  }
  if (process.argv[2] === "--capture-records") {
    await benchCaptureRecords(Number(process.argv[3] ?? 1_000_000));
    return;
  }
  if (process.argv[2] === "--extension") {
    await benchExtensionImport();
    return;
  }
  if (process.argv[2] === "--records") {
    await benchRecords(Number(process.argv[3] ?? 200_000));
    await benchBrowserStore();
    return;
  }
  if (process.argv[2] === "--parquet") {
    await benchParquet();
    return;
  }
  if (process.argv[2] === "--cloud-json") {
    await benchCloudJson();
    return;
  }
  if (process.argv[2] === "--sql") {
    await benchSql();
    return;
  }
  if (process.argv[2] === "--sql-worker") {
    await benchSqlWorker();
    return;
  }
  if (process.argv[2] === "--replay") {
    await benchReplay(Number(process.argv[3] ?? 10_000_000));
    return;
  }
  if (process.argv[2] === "--packets") {
    await benchPackets(FILE);
    return;
  }
  if (process.argv[2] === "--measure-packets") {
    await measurePackets(process.argv[3], process.argv[4]);
    return;
  }
  if (process.argv[2] === "--measure") {
    console.log(JSON.stringify(await measure(process.argv[3] as "wasm" | "twin", process.argv[4] as "file" | "stream")));
    return;
  }
  mkdirSync(DATA, { recursive: true });
  if (!existsSync(FILE) || process.env.FLOWLENS_BENCH_REGENERATE) {
    const t0 = Date.now();
    const g = generateCapture(FILE, { packets: PACKETS, flows: 100_000, seconds: 600, startUs: 1_700_000_000e6 });
    console.log(
      `generated ${FILE}: ${PACKETS} packets, ${(g.bytes / 1e9).toFixed(3)} GB ` +
        `(${fmt(g.bytes / PACKETS, 0)} bytes a packet) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  const rows: Figures[] = [];
  for (const [engine, what] of [
    ["wasm", "file"],
    ["twin", "file"],
    ["wasm", "stream"],
    ["twin", "stream"],
  ]) {
    if (what === "stream" && engine === "twin" && process.env.FLOWLENS_BENCH_SKIP_TWIN_STREAM) continue;
    const f = child(engine, what);
    rows.push(f);
    console.log(
      `${f.engine.padEnd(4)} ${f.what.padEnd(6)} ${fmt(f.bytes / 1e9, 3)} GB  ${f.packets} packets  ` +
        `${f.flows} flows  ${fmt(f.seconds, 3)} s  ` +
        `${fmt(f.packets / f.seconds / 1e6)} M packets/s  ${fmt(f.bytes / f.seconds / 1e9)} GB/s  peak RSS ${fmt(f.maxRssMiB, 0)} MiB`,
    );
  }
  const wasm = rows.find((r) => r.engine === "wasm" && r.what === "file")!;
  const twin = rows.find((r) => r.engine === "twin" && r.what === "file")!;
  const stream = rows.find((r) => r.engine === "wasm" && r.what === "stream")!;
  const pps = wasm.packets / wasm.seconds;
  console.log(`wasm vs twin: ${fmt(pps / (twin.packets / twin.seconds))}x (target >= 3x)`);
  console.log(`wasm: ${fmt(pps / 3.8e6)} of the 3.8 M packets/s target, ${fmt(wasm.bytes / wasm.seconds / 2.5e9)} of the 2.5 GB/s target`);
  console.log(
    `peak RSS, wasm: ${fmt(wasm.maxRssMiB, 0)} MiB on ${fmt(wasm.bytes / 1e9, 1)} GB, ` +
      `${fmt(stream.maxRssMiB, 0)} MiB on ${fmt(stream.bytes / 1e9, 1)} GB`,
  );
  const nf = nfpcapd();
  if (nf)
    console.log(
      `nfpcapd -r: ${fmt(nf.seconds, 3)} s, ${fmt(PACKETS / nf.seconds / 1e6)} M packets/s; wasm is ${fmt(pps / (PACKETS / nf.seconds))}x`,
    );
  else console.log("nfpcapd: not installed (apt-get install nfdump) — no reference figure");
  await benchPackets(FILE);
  await benchLogs();
  await benchParquet();
  await benchCloudJson();
  await benchReplay();
  await benchSql();
  await benchSqlWorker();
  await benchCaptureRecords();
  await benchRecords();
  await benchBrowserStore();
  await benchExtensionImport();
  await benchSearch();
}

await main();
