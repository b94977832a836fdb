// The viewer's what if and rules in use (SPEC §8, query/whatif.ts), over a logstore's records in a
// time range: a draft of groups' and ACLs' rules replayed beside the network as it is (the
// changed records, the first of them in full, and the counts per change), each rule's use, and
// which rule decides a record or a packet, step by step. A draft is checked as the control
// plane checks rules; nothing is stored until the user applies it (the control plane's update).
import type { Inventory, Rule } from "../model/inventory";
import type { Problem } from "../model/problems";
import type { FlowLogEntry } from "../model/records";
import { type Explained, explainDecision, type Question } from "../model/rule-steps";
import { checkRules } from "../model/rules";
import type { ReplaySource } from "../query/replay-records";
import { TimelineTally } from "../query/timeline";
import { type ChangeCount, type RuleUse, ruleUse, whatIf } from "../query/whatif";
import type { ControlPlane } from "../storage/control-plane";
import type { LogstoreAccess } from "../storage/logstore";
import { decodeRecord, STATUSES } from "../storage/record-columns";
import type { ChunkSummary } from "../storage/schema";
import type { TimeRange } from "../storage/time-range";
import { type ResultSet, ROW_BITS } from "./result-set";

/** A group's or an ACL's rules as the draft has them. */
export interface DraftEdit {
  kind: "securityGroups" | "networkAcls";
  id: string;
  rules: Rule[];
}

export type ChangedRecord = FlowLogEntry & { before: string; after: string; "before-rule": string | null; "after-rule": string | null };

export type WhatIfAnswer =
  | {
      ok: true;
      replayed: number;
      unknownEni: number;
      changed: number;
      changes: ChangeCount[];
      records: ChangedRecord[];
      /** The changed records as a result (in replay order) the Records table and every export read: "" when none changed. */
      resultId: string;
    }
  | { ok: false; problems: Problem[] };

/** The first changed records the answer carries in full (the counts cover them all). */
const SHOWN = 500;

/** The network with the draft's rules in place of its groups' and ACLs', or the draft's problems. */
export function withDraft(inv: Inventory, draft: DraftEdit[]): Inventory | Problem[] {
  const after = structuredClone(inv);
  const problems: Problem[] = [];
  for (const d of draft) {
    const owner = (d.kind === "securityGroups" ? after.securityGroups : after.networkAcls).find((x) => x.id === d.id);
    if (!owner) {
      problems.push({ code: "draft.unknown", field: `${d.kind}[${d.id}]`, text: { key: "draft_unknown", values: [d.id] } });
      continue;
    }
    problems.push(...checkRules(d.rules, owner.dialect, `${d.kind}[${d.id}].rules`));
    owner.rules = d.rules;
  }
  return problems.length ? problems : after;
}

export function createWhatIfService(cp: ControlPlane, ls: () => Promise<LogstoreAccess>, register: (set: ResultSet) => string) {
  const source = async (project: string, logstore: string, range: TimeRange): Promise<ReplaySource & { summaries: ChunkSummary[] }> => {
    const access = await ls();
    const chunks = await access.summaries(project, logstore, range);
    return { chunks: chunks.length, columns: (k) => access.columns(chunks[k]), range, summaries: chunks };
  };
  return {
    async whatIf(project: string, logstore: string, range: TimeRange, draft: DraftEdit[]): Promise<WhatIfAnswer> {
      const before = await cp.inventory();
      const after = withDraft(before, draft);
      if (Array.isArray(after)) return { ok: false, problems: after };
      const records: ChangedRecord[] = [];
      const src = await source(project, logstore, range);
      const refs: number[] = [];
      const tally = new TimelineTally();
      const r = await whatIf(src, before, after, (c, i, k, b, x) => {
        refs.push((k << ROW_BITS) | i);
        tally.add(c.u32.window[i], c.f64.bytes[i], x.action === "REJECT");
        if (records.length < SHOWN)
          records.push({ ...decodeRecord(c, i), before: b.action, after: x.action, "before-rule": b.rule, "after-rule": x.rule });
      });
      const statuses = STATUSES.map((_, k) => (k === 0 ? refs.length : 0));
      const set: ResultSet = {
        total: refs.length,
        chunks: src.summaries,
        refs: Uint32Array.from(refs),
        chunksSkipped: 0,
        timeline: tally.timeline(),
        statuses,
      };
      const resultId = refs.length ? register(set) : "";
      return { ok: true, replayed: r.replayed, unknownEni: r.unknownEni, changed: r.changed, changes: r.changes, records, resultId };
    },

    async ruleUse(project: string, logstore: string, range: TimeRange): Promise<{ rules: RuleUse[]; replayed: number }> {
      const { rules, report } = await ruleUse(await source(project, logstore, range), await cp.inventory());
      return { rules, replayed: report.replayed };
    },

    /** Which rule decides a packet (or a record: its ENI, direction, protocol, peer and port), step by step. */
    async explain(q: Question): Promise<Explained | { error: string }> {
      return explainDecision(await cp.inventory(), q);
    },
  };
}

export type WhatIfService = ReturnType<typeof createWhatIfService>;
