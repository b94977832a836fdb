// What if, rules in use, and which rule decides (SPEC §8), from the command line:
//   flowlens whatif INPUT… --inventory BEFORE.json --against AFTER.json [--format jsonl]
//   flowlens rules INPUT… --inventory INV.json [--format jsonl]
//   flowlens verify --inventory INV.json --eni ID --direction in|out --protocol P --peer ADDR [--port N] [--answer]
// Inputs (captures or flow-log files) become records as `flowlens search` reads them (a
// capture's decided by the first network), then are replayed in time order (query/replay-records.ts).
import type { Inventory } from "../model/inventory";
import { explainDecision } from "../model/rule-steps";
import { changeInWords, ruleUse, whatIf } from "../query/whatif";
import { decodeRecord } from "../storage/record-columns";
import { readInventory } from "./capture-records";
import { parseCommand } from "./cli-args";
import { CliInputError, logFormatOption } from "./cli-input";
import { load } from "./load-inputs";
import { createSpillLogstore } from "./spill-logstore";

export const WHATIF_USAGE = `usage: flowlens whatif <capture-or-log...> --inventory BEFORE.json --against AFTER.json [--format jsonl]
                      [--log-format '\${version} \${account-id} …']
  Replays the records (a capture's built with BEFORE's rules) in time order against both networks and
  prints, as JSON lines, each record whose action changes: its fields, before, after, before-rule and
  after-rule; a summary per changed rule on stderr.`;
export const RULES_USAGE = `usage: flowlens rules <capture-or-log...> --inventory INV.json [--format jsonl] [--log-format '…']
  One JSON line per rule of every security group and ACL (each one's defaults too): rule-id, group,
  kind, direction, policy, records, packets, bytes, first, last, unused, shadowed-by.`;
export const VERIFY_USAGE = `usage: flowlens verify --inventory INV.json --eni ID --direction in|out --protocol tcp|udp|icmp|N
                      --peer ADDR [--port N] [--answer]
  The evaluation of one packet at the ENI, step by step: each rule considered, the one that matched,
  the verdict. --answer: the packet answers a connection the groups accepted.`;

const INPUT_OPTIONS = {
  inventory: { type: "string" },
  format: { type: "string" },
  "log-format": { type: "string" },
} as const;

function inputs(argv: string[], usage: string, more: Record<string, { type: "string" | "boolean" }> = {}) {
  const p = parseCommand(argv, { ...INPUT_OPTIONS, ...more }, usage);
  if (!p) return null;
  const v = p.values as Record<string, string | boolean | undefined>;
  const refuse = (why: string): never => {
    throw new CliInputError(why, usage);
  };
  if (v.format !== undefined && v.format !== "jsonl") refuse(`--format takes jsonl, not ${v.format}`);
  if (!v.inventory) refuse("--inventory names the network whose rules decide");
  return { files: p.positionals, v, refuse, logFormat: logFormatOption(v["log-format"] as string | undefined, usage) };
}

async function network(path: string): Promise<Inventory> {
  return (await readInventory(path))!;
}

const NUMBER = (n: number) => n.toLocaleString("en-US");

export async function runWhatif(argv: string[], out: (s: string) => Promise<void> | void, err: (s: string) => void): Promise<number> {
  const a = inputs(argv, WHATIF_USAGE, { against: { type: "string" } });
  if (!a) return 0;
  if (!a.v.against) a.refuse("--against names the network to replay against (the edited rules)");
  if (!a.files.length) a.refuse("no capture or flow-log file given");
  const before = await network(a.v.inventory as string),
    after = await network(a.v.against as string);
  const store = createSpillLogstore();
  try {
    await load({ files: a.files, inventory: a.v.inventory as string, logFormat: a.logFormat }, store, err);
    const summaries = await store.summaries("cli", "search", {});
    const started = performance.now();
    let lines: string[] = [];
    const report = await whatIf(
      { chunks: summaries.length, columns: (k) => store.columns(summaries[k]) },
      before,
      after,
      (c, i, _k, b, x) => {
        lines.push(
          JSON.stringify({ ...decodeRecord(c, i), before: b.action, after: x.action, "before-rule": b.rule, "after-rule": x.rule }),
        );
        // Written as they come (stdout's backpressure holds the replay back): the changed records are never all held.
        if (lines.length >= 4096) {
          const part = lines;
          lines = [];
          return out(`${part.join("\n")}\n`);
        }
      },
    );
    if (lines.length) await out(`${lines.join("\n")}\n`);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const unknown = report.unknownEni ? `; ${NUMBER(report.unknownEni)} of ENIs in neither network left as they are` : "";
    err(`${NUMBER(report.replayed)} records replayed in ${seconds} s; ${NUMBER(report.changed)} change action${unknown}\n`);
    for (const c of report.changes) err(`  ${changeInWords(c)}\n`);
    return 0;
  } finally {
    store.close();
  }
}

export async function runRules(argv: string[], out: (s: string) => Promise<void> | void, err: (s: string) => void): Promise<number> {
  const a = inputs(argv, RULES_USAGE);
  if (!a) return 0;
  if (!a.files.length) a.refuse("no capture or flow-log file given");
  const inv = await network(a.v.inventory as string);
  const store = createSpillLogstore();
  try {
    await load({ files: a.files, inventory: a.v.inventory as string, logFormat: a.logFormat }, store, err);
    const summaries = await store.summaries("cli", "search", {});
    const { rules, report } = await ruleUse({ chunks: summaries.length, columns: (k) => store.columns(summaries[k]) }, inv);
    await out(`${rules.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const unused = rules.filter((r) => r.unused).length;
    const shadowed = rules.filter((r) => r["shadowed-by"]).length;
    err(`${NUMBER(report.replayed)} records replayed; ${rules.length} rules, ${unused} unused, ${shadowed} shadowed\n`);
    return 0;
  } finally {
    store.close();
  }
}

export async function runVerify(argv: string[], out: (s: string) => Promise<void> | void): Promise<number> {
  const a = inputs(argv, VERIFY_USAGE, {
    eni: { type: "string" },
    direction: { type: "string" },
    protocol: { type: "string" },
    peer: { type: "string" },
    port: { type: "string" },
    answer: { type: "boolean" },
  });
  if (!a) return 0;
  const v = a.v;
  for (const need of ["eni", "direction", "protocol", "peer"]) if (v[need] === undefined) a.refuse(`--${need} is needed`);
  const inv = await network(v.inventory as string);
  const steps = explainDecision(inv, {
    eni: v.eni as string,
    direction: v.direction as string,
    protocol: v.protocol as string,
    peer: v.peer as string,
    port: v.port as string | undefined,
    answer: !!v.answer,
  });
  if ("error" in steps) throw new CliInputError(steps.error, VERIFY_USAGE);
  await out(`${v.format === "jsonl" ? JSON.stringify(steps) : steps.lines.join("\n")}\n`);
  return 0;
}
