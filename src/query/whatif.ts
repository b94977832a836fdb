// What if and rules in use over replayed records (SPEC §8, replay-records.ts), as the CLI and the
// viewer report them: the records whose action a draft changes, with the rule before and after
// and a count per change in words; and per rule of the network the records, packets and bytes it
// decided, when, unused and shadowed ones named.
import type { Inventory } from "../model/inventory";
import type { Verdict } from "../model/replay";
import { listRules } from "../model/rule-report";
import type { ChunkColumns } from "../storage/record-columns";
import { type ReplayReport, type ReplaySource, replayInOrder } from "./replay-records";

/** Records that went from one action to the other, by the rule before and after. */
export interface ChangeCount {
  to: "ACCEPT" | "REJECT";
  /** The rule that decided before, and the one that decides after (null: none, an answer let through). */
  from: string | null;
  by: string | null;
  records: number;
}

export interface WhatIfReport extends ReplayReport {
  changed: number;
  changes: ChangeCount[];
}

/** Replays against both networks; `onChange` gets each record whose action changes (awaited). */
export async function whatIf(
  src: ReplaySource,
  before: Inventory,
  after: Inventory,
  onChange: (c: ChunkColumns, row: number, chunk: number, before: Verdict, after: Verdict) => Promise<void> | void,
): Promise<WhatIfReport> {
  const counts = new Map<string, ChangeCount>();
  const report = await replayInOrder(src, [before, after], (c, i, k, [b, x]) => {
    if (!b || !x || b.action === x.action) return;
    const key = `${x.action}|${b.rule}|${x.rule}`;
    let n = counts.get(key);
    if (!n) counts.set(key, (n = { to: x.action, from: b.rule, by: x.rule, records: 0 }));
    n.records++;
    return onChange(c, i, k, b, x);
  });
  const changes = [...counts.values()].sort((p, q) => q.records - p.records);
  return { ...report, changed: changes.reduce((s, c) => s + c.records, 0), changes };
}

export interface RuleUse {
  "rule-id": string;
  group: string;
  kind: "security-group" | "network-acl";
  direction: "in" | "out";
  policy: "accept" | "drop";
  records: number;
  packets: number;
  bytes: number;
  first: number | null;
  last: number | null;
  unused: boolean;
  "shadowed-by": string | null;
}

/** Every rule of the network (defaults too) with what it decided over the replayed records. */
export async function ruleUse(src: ReplaySource, inv: Inventory): Promise<{ rules: RuleUse[]; report: ReplayReport }> {
  const use = new Map<string, { records: number; packets: number; bytes: number; first: number; last: number }>();
  const count = (rule: string | null, c: ChunkColumns, i: number) => {
    if (!rule) return;
    let u = use.get(rule);
    if (!u) use.set(rule, (u = { records: 0, packets: 0, bytes: 0, first: c.u32.start[i], last: c.u32.end[i] }));
    u.records++;
    u.packets += Math.max(0, c.f64.packets[i]);
    u.bytes += Math.max(0, c.f64.bytes[i]);
    u.first = Math.min(u.first, c.u32.start[i]);
    u.last = Math.max(u.last, c.u32.end[i]);
  };
  // Both the groups' rule and the ACL's decide an accepted record; a rejected one, the one that refused it (and any before it).
  const report = await replayInOrder(src, [inv], (c, i, _k, [v]) => {
    count(v?.groupRule ?? null, c, i);
    count(v?.aclRule ?? null, c, i);
  });
  const rules = listRules(inv).map((r): RuleUse => {
    const u = use.get(r.id);
    return {
      "rule-id": r.id,
      group: r.owner,
      kind: r.kind,
      direction: r.direction,
      policy: r.policy,
      records: u?.records ?? 0,
      packets: u?.packets ?? 0,
      bytes: u?.bytes ?? 0,
      first: u?.first ?? null,
      last: u?.last ?? null,
      unused: !u,
      "shadowed-by": r.shadowedBy,
    };
  });
  return { rules, report };
}

const NUMBER = (n: number) => n.toLocaleString("en-US");

/** A change in words a reviewer reads (English: the CLI's; the viewer says it in its language from the same counts). */
export function changeInWords(c: ChangeCount): string {
  return c.to === "REJECT"
    ? `${c.by ?? "the draft"} blocks ${NUMBER(c.records)} records accepted today${c.from ? ` (by ${c.from})` : ""}`
    : `${c.by ?? "the draft"} accepts ${NUMBER(c.records)} records rejected today${c.from ? ` by ${c.from}` : ""}`;
}
