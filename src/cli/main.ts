// flowlens — the command line over the same engine worker the extension uses.
//   flowlens flows <capture...> [--window 60|300|600] [--jsonl|--csv] [--engine wasm|twin]
//                  [--memory-budget BYTES] [--quiet]
import { once } from "node:events";
import { proxy } from "comlink";
import type { WindowBatch } from "../engine/driver";
import { startNodeEngine } from "../engine/node-client";
import { CliInputError } from "./cli-input";
import { ByteLines, writeFlowLines } from "./flow-bytes";
import { type FlowFormat, flowHeader } from "./flow-output";
import { INVENTORY_USAGE, runInventory } from "./inventory-commands";
import { RECORDS_USAGE, runRecords } from "./records-command";
import { describeReport } from "./report-text";
import { runSearch, SEARCH_USAGE } from "./search-command";

const USAGE = `usage: flowlens flows <capture...> [--window SECONDS] [--jsonl|--csv] [--engine wasm|twin] [--memory-budget BYTES] [--quiet]
  Prints one line per interface x window x five-tuple of the pcap/pcapng files (gzip too).
  Diagnostics go to stderr.`;

class UsageError extends Error {}

interface FlowsArgs {
  files: string[];
  window: number;
  format: FlowFormat;
  engine: "wasm" | "twin" | "auto";
  budget?: number;
  quiet: boolean;
}

function parseFlows(argv: string[]): FlowsArgs {
  const a: FlowsArgs = { files: [], window: 600, format: "text", engine: "auto", quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === "--jsonl") a.format = "jsonl";
    else if (arg === "--csv") a.format = "csv";
    else if (arg === "--quiet") a.quiet = true;
    else if (arg === "--window") {
      a.window = Number(value());
      if (!Number.isInteger(a.window) || a.window < 1 || a.window > 3600)
        throw new UsageError(`--window takes whole seconds from 1 to 3600 (the clouds use 60, 300, 600)`);
    } else if (arg === "--engine") {
      const e = value();
      if (e !== "wasm" && e !== "twin") throw new UsageError(`--engine takes wasm or twin, not ${e}`);
      a.engine = e;
    } else if (arg === "--memory-budget") {
      a.budget = Number(value());
      if (!(a.budget >= 4096)) throw new UsageError(`--memory-budget takes a number of bytes, at least 4096`);
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else a.files.push(arg);
  }
  if (!a.files.length) throw new UsageError("no capture file given");
  return a;
}

async function write(line: string | Uint8Array): Promise<void> {
  if (!process.stdout.write(line)) await once(process.stdout, "drain");
}

async function flows(args: FlowsArgs): Promise<number> {
  const engine = startNodeEngine(new URL("./worker-node.mjs", import.meta.url));
  try {
    const header = flowHeader(args.format);
    if (header) await write(`${header}\n`);
    const lines = new ByteLines(async (bytes) => {
      if (!process.stdout.write(bytes)) await once(process.stdout, "drain");
    });
    const onFlows = async (batch: WindowBatch) => {
      await writeFlowLines(lines, batch.records, batch.count, batch.window, args.format);
      await lines.spill();
      if (batch.skipped.packets && !args.quiet)
        process.stderr.write(
          `window ${batch.window}: flow table full, ${batch.skipped.packets} packets of about ` +
            `${batch.skipped.flows} more flows not recorded (SKIPDATA)\n`,
        );
    };
    const result = await engine.api.importCaptures(
      args.files.map((path) => ({ path })),
      {
        windowSeconds: args.window,
        engine: args.engine,
        memoryBudget: args.budget,
      },
      proxy(onFlows),
    );
    if (!args.quiet) for (const r of result.files) process.stderr.write(`${describeReport(r)}\n`);
    if (result.ok && result.note) process.stderr.write(`flowlens: ${result.note}\n`);
    if (!result.ok) {
      process.stderr.write(`flowlens: ${result.error.message}\n`);
      return 1;
    }
    return 0;
  } finally {
    engine.terminate();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "flows") return await flows(parseFlows(rest));
    if (command === "inventory")
      return await runInventory(
        rest,
        (t) => process.stdout.write(t),
        (t) => process.stderr.write(t),
      );
    if (command === "records") return await runRecords(rest, write, (t) => process.stderr.write(t));
    if (command === "search") return await runSearch(rest, write, (t) => process.stderr.write(t));
    if (command === undefined || command === "help" || command === "--help") {
      process.stdout.write(`${USAGE}\n${INVENTORY_USAGE}\n${RECORDS_USAGE}\n${SEARCH_USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command ${command}`);
  } catch (e) {
    if (e instanceof CliInputError) {
      process.stderr.write(`flowlens: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`flowlens: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`flowlens: ${(e as Error).message}\n`);
    return 1;
  }
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
