// The control plane's settings (storage/control-plane.ts): the flow-log quota per region,
// whether a capture's network extension is applied without asking, and the analyses'
// threat list and scan thresholds. Each is one key of the settings store.
import { SCAN_THRESHOLD } from "../model/analysis-defaults";
import { isAddressOrBlock } from "../model/cidr";
import { DEFAULT_QUOTA_PER_REGION } from "../model/flow-log";
import { ControlPlaneError, type Problem, problem, refuse } from "../model/problems";
import { text } from "../model/text";
import type { FlowLensDb } from "./schema";
import type { AnyTx } from "./transactions";

export interface AnalysisSettings {
  threatList: string[];
  scanDestinations: number;
  scanPorts: number;
}

/** The flow logs a region may hold, as read in `tx` (a change checks it in its own transaction). */
export async function flowLogQuotaIn(tx: AnyTx): Promise<number> {
  const q = await tx.objectStore("settings").get("flowLogQuotaPerRegion");
  return typeof q?.value === "number" ? q.value : DEFAULT_QUOTA_PER_REGION;
}

export function createSettings(db: FlowLensDb) {
  return {
    async flowLogQuota(): Promise<number> {
      return flowLogQuotaIn(db.transaction(["settings"], "readonly") as unknown as AnyTx);
    },

    async setFlowLogQuota(n: number): Promise<void> {
      if (!Number.isInteger(n) || n < 1) refuse(problem("settings.bad-quota", "flowLogQuotaPerRegion", text("settings_bad_quota", n)));
      await db.put("settings", { key: "flowLogQuotaPerRegion", value: n });
    },

    /** Whether a capture's network extension is applied without asking (docs/history.md #12; off by default). */
    async autoExtend(): Promise<boolean> {
      return (await db.get("settings", "autoExtend"))?.value === true;
    },

    async setAutoExtend(on: boolean): Promise<void> {
      await db.put("settings", { key: "autoExtend", value: on === true });
    },

    /** The analysis settings the Report page keeps (threat list, scan thresholds). */
    async analysisSettings(): Promise<AnalysisSettings> {
      return (
        ((await db.get("settings", "analysis"))?.value as AnalysisSettings | undefined) ?? {
          threatList: [],
          scanDestinations: SCAN_THRESHOLD,
          scanPorts: SCAN_THRESHOLD,
        }
      );
    },
    async setAnalysisSettings(s: AnalysisSettings): Promise<void> {
      const problems: Problem[] = [];
      for (const [field, n] of [
        ["scanDestinations", s.scanDestinations],
        ["scanPorts", s.scanPorts],
      ] as const)
        if (!Number.isInteger(n) || n < 2) problems.push(problem("settings.bad-threshold", field, text("settings_bad_threshold", n)));
      s.threatList.forEach((entry, i) => {
        if (!isAddressOrBlock(entry))
          problems.push(problem("settings.bad-threat-entry", `threatList[${i}]`, text("settings_bad_threat_entry", i + 1, entry)));
      });
      if (problems.length) throw new ControlPlaneError(problems);
      await db.put("settings", { key: "analysis", value: s });
    },
  };
}
