// flowlens — the command line over the same engine worker the extension uses.
//   flowlens flows <capture...> [--window 60|300|600] [--jsonl|--csv] [--engine wasm|twin]
//                  [--memory-budget BYTES] [--quiet]
import { once } from "node:events";
import { proxy } from "comlink";
import type { WindowBatch } from "../engine/driver";
import { startNodeEngine } from "../engine/node-client";
import { parseCommand } from "./cli-args";
import { CliInputError } from "./cli-input";
import { ByteLines, writeFlowLines } from "./flow-bytes";
import { type FlowFormat, flowHeader } from "./flow-output";
import { INVENTORY_USAGE, runInventory } from "./inventory-commands";
import { RECORDS_USAGE, runRecords } from "./records-command";
import { describeReport } from "./report-text";
import { RULES_USAGE, runRules, runVerify, runWhatif, VERIFY_USAGE, WHATIF_USAGE } from "./rules-commands";
import { runSearch, SEARCH_USAGE } from "./search-command";

const USAGE = `usage: flowlens flows <capture...> [--window SECONDS] [--jsonl|--csv] [--engine wasm|twin] [--memory-budget BYTES] [--quiet]
  Prints one line per interface x window x five-tuple of the pcap/pcapng files (gzip too).
  Diagnostics go to stderr.`;

const ALL_USAGE = [USAGE, INVENTORY_USAGE, RECORDS_USAGE, SEARCH_USAGE, WHATIF_USAGE, RULES_USAGE, VERIFY_USAGE].join("\n");

interface FlowsArgs {
  files: string[];
  window: number;
  format: FlowFormat;
  engine: "wasm" | "twin" | "auto";
  budget?: number;
  quiet: boolean;
}

const FLOWS_OPTIONS = {
  window: { type: "string" },
  jsonl: { type: "boolean" },
  csv: { type: "boolean" },
  engine: { type: "string" },
  "memory-budget": { type: "string" },
  quiet: { type: "boolean" },
} as const;

function parseFlows(argv: string[]): FlowsArgs | null {
  const p = parseCommand(argv, FLOWS_OPTIONS, USAGE);
  if (!p) return null;
  const v = p.values;
  const refuse = (why: string): never => {
    throw new CliInputError(why, USAGE);
  };
  const a: FlowsArgs = {
    files: p.positionals,
    window: 600,
    format: v.jsonl ? "jsonl" : v.csv ? "csv" : "text",
    engine: "auto",
    quiet: !!v.quiet,
  };
  if (v.window !== undefined) {
    a.window = Number(v.window);
    if (!Number.isInteger(a.window) || a.window < 1 || a.window > 3600)
      refuse("--window takes whole seconds from 1 to 3600 (the clouds use 60, 300, 600)");
  }
  if (v.engine !== undefined) {
    if (v.engine !== "wasm" && v.engine !== "twin") refuse(`--engine takes wasm or twin, not ${v.engine}`);
    a.engine = v.engine as "wasm" | "twin";
  }
  if (v["memory-budget"] !== undefined) {
    a.budget = Number(v["memory-budget"]);
    if (!(a.budget >= 4096)) refuse("--memory-budget takes a number of bytes, at least 4096");
  }
  if (!a.files.length) refuse("no capture file given");
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
    if (command === "flows") {
      const args = parseFlows(rest);
      return args ? await flows(args) : 0;
    }
    if (command === "inventory")
      return await runInventory(
        rest,
        (t) => process.stdout.write(t),
        (t) => process.stderr.write(t),
      );
    if (command === "records") return await runRecords(rest, write, (t) => process.stderr.write(t));
    if (command === "search") return await runSearch(rest, write, (t) => process.stderr.write(t));
    if (command === "whatif") return await runWhatif(rest, write, (t) => process.stderr.write(t));
    if (command === "rules") return await runRules(rest, write, (t) => process.stderr.write(t));
    if (command === "verify") return await runVerify(rest, write);
    if (command === undefined || command === "help" || command === "--help") {
      process.stdout.write(`${ALL_USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    throw new CliInputError(`unknown command ${command}`, ALL_USAGE);
  } catch (e) {
    if (e instanceof CliInputError) {
      process.stderr.write(`flowlens: ${e.message}\n${e.usage ? `${e.usage}\n` : ""}`);
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
