// The Flow logs page's model: the list and what the Create dialog checks against (inventory,
// projects, logstores, the quota), the dialog open (create, edit, confirm delete), and the
// console's actions — enable, disable, edit, delete, the quota — each telling the viewer that
// something changed. Built with the control plane it calls, so tests drive it without a DOM.
import type { FlowLogContext } from "../../model/flow-log";
import { ControlPlaneError } from "../../model/problems";
import type { ControlPlane, FlowLogRow } from "../../storage/control-plane";
import { observable } from "./observable";

export type FlowLogsPlane = Pick<
  ControlPlane,
  | "flowLogs"
  | "inventory"
  | "projects"
  | "logstores"
  | "flowLogQuota"
  | "setFlowLogStatus"
  | "deleteFlowLog"
  | "editFlowLog"
  | "setFlowLogQuota"
>;

export type FlowLogsDialog = { kind: "create" } | { kind: "edit"; flowLog: FlowLogRow } | { kind: "delete"; flowLog: FlowLogRow };

export interface FlowLogsState {
  data: { flowLogs: FlowLogRow[]; context: FlowLogContext } | null;
  /** The list could not be read, or an action failed (the page says it in its language). */
  error: unknown;
  dialog: FlowLogsDialog | null;
  /** The edit the control plane refused, with its problems by field. */
  editProblems: ControlPlaneError | null;
}

export interface FlowLogsModel {
  state(): FlowLogsState;
  subscribe(fn: () => void): () => void;
  load(): Promise<void>;
  open(dialog: FlowLogsDialog | null): void;
  setStatus(id: string, status: "Active" | "Inactive"): Promise<void>;
  /** Deletes the flow log the delete dialog asks about (its records stay). */
  confirmDelete(): Promise<void>;
  saveEdit(id: string, edit: { name: string; description: string }): Promise<void>;
  setQuota(n: number): Promise<void>;
}

export function createFlowLogsModel(deps: { cp: FlowLogsPlane; changed: () => void }): FlowLogsModel {
  const { cp } = deps;
  const o = observable<FlowLogsState>({ data: null, error: null, dialog: null, editProblems: null });
  async function act(fn: () => Promise<unknown>): Promise<boolean> {
    o.set({ error: null });
    try {
      await fn();
      deps.changed();
      return true;
    } catch (e) {
      o.set({ error: e });
      return false;
    }
  }
  return {
    state: o.get,
    subscribe: o.subscribe,
    async load() {
      try {
        const [flowLogs, inventory, projects, logstores, quotaPerRegion] = await Promise.all([
          cp.flowLogs(),
          cp.inventory(),
          cp.projects(),
          cp.logstores(),
          cp.flowLogQuota(),
        ]);
        o.set({ data: { flowLogs, context: { inventory, projects, logstores, flowLogs, quotaPerRegion } } });
      } catch (e) {
        o.set({ error: e });
      }
    },
    open: (dialog) => o.set({ dialog, editProblems: null }),
    setStatus: async (id, status) => void (await act(() => cp.setFlowLogStatus(id, status))),
    async confirmDelete() {
      const d = o.get().dialog;
      if (d?.kind !== "delete") return;
      o.set({ dialog: null });
      await act(() => cp.deleteFlowLog(d.flowLog.id));
    },
    async saveEdit(id, edit) {
      try {
        await cp.editFlowLog(id, edit);
        o.set({ dialog: null, editProblems: null });
        deps.changed();
      } catch (e) {
        if (e instanceof ControlPlaneError) o.set({ editProblems: e });
        else o.set({ error: e });
      }
    },
    setQuota: async (n) => void (await act(() => cp.setFlowLogQuota(n))),
  };
}
