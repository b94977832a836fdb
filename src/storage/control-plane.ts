// The control plane over IndexedDB (docs/history.md #3): inventory, projects and logstores, flow
// logs, settings. Every change is one readwrite transaction that reads what it needs,
// checks the state it would leave, and writes only if nothing is wrong — so a refused or
// failed change leaves the store exactly as it was, whatever other tabs do meanwhile.

import {
  checkFlowLogEdit,
  checkNewFlowLog,
  completeFlowLog,
  type FlowLog,
  type FlowLogEdit,
  type FlowLogInput,
  flowLogWarning,
  hasResource,
} from "../model/flow-log";
import { type ID_PREFIX, newId } from "../model/ids";
import type { Inventory, InventoryKind, Logstore, Project } from "../model/inventory";
import { INVENTORY_KINDS } from "../model/inventory";
import { checkInventory } from "../model/inventory-check";
import { type InventoryDocument, readDocument, toDocument } from "../model/inventory-document";
import { ControlPlaneError, problem, refuse } from "../model/problems";
import { type Text, text } from "../model/text";
import { dependents } from "./inventory-dependents";
import { logstoreProblems, projectProblems } from "./project-problems";
import { createSavedSearches } from "./saved-searches";
import type { FlowLensDb } from "./schema";
import { INVENTORY_STORES } from "./schema";
import { createSettings, flowLogQuotaIn } from "./settings";
import { type AnyTx, inTransaction, readNetwork, type Store, type Tx } from "./transactions";

type Entity<K extends InventoryKind> = Inventory[K][number];
const ALL: Store[] = [...INVENTORY_STORES, "projects", "logstores", "flowLogs", "settings", "recordChunks", "chunkSummaries", "imports"];

const ID_KIND: Partial<Record<InventoryKind, keyof typeof ID_PREFIX>> = {
  vpcs: "vpc",
  vswitches: "vswitch",
  instances: "instance",
  enis: "eni",
  securityGroups: "securityGroup",
  networkAcls: "networkAcl",
  ccns: "ccn",
};

export interface FlowLogRow extends FlowLog {
  warning: { text: Text; instances: string[] } | null;
}

export function createControlPlane(db: FlowLensDb, clock: () => Date = () => new Date()) {
  const readAll = readNetwork;
  const change = <T>(stores: Store[], fn: (tx: Tx) => Promise<T>) => inTransaction(db, stores, fn);

  /** Writes `inv` in place of the network, unless a flow log's resource would go. */
  async function writeInventory(tx: Tx, inv: Inventory): Promise<void> {
    const { flowLogs } = await readAll(tx);
    const orphans = flowLogs.filter((f) => !hasResource(inv, f));
    if (orphans.length)
      refuse(
        problem(
          "inventory.flow-log-resource-missing",
          "flowLogs",
          text(
            "inventory_flow_log_resource_missing",
            orphans.map((f) => text("named_with_detail", f.id, f.resourceId)),
          ),
        ),
      );
    // Every put issued before any is awaited: one awaited put after another took 7.2 s for the
    // 28 885 ENIs of a 400-host capture's network in Chromium (a round trip each); together 2.5 s.
    for (const kind of INVENTORY_KINDS) {
      const store = tx.objectStore(kind);
      await store.clear();
      await Promise.all(inv[kind].map((e) => store.put(e as never)));
    }
  }

  function checked(inv: Inventory): void {
    const problems = checkInventory(inv, "id");
    if (problems.length) throw new ControlPlaneError(problems);
  }

  return {
    ...createSettings(db),
    ...createSavedSearches(db),

    async inventory(): Promise<Inventory> {
      return (await readAll(db.transaction(ALL, "readonly") as unknown as AnyTx)).inv;
    },

    async list<K extends InventoryKind>(kind: K): Promise<Entity<K>[]> {
      return (await db.getAll(kind)) as Entity<K>[];
    },

    async get<K extends InventoryKind>(kind: K, id: string): Promise<Entity<K> | undefined> {
      return (await db.get(kind, id)) as Entity<K> | undefined;
    },

    /** Creates an entity; an id in the kind's own form is generated when none is given. */
    async create<K extends InventoryKind>(kind: K, data: Omit<Entity<K>, "id"> & { id?: string }): Promise<Entity<K>> {
      const idKind = ID_KIND[kind];
      const entity = { ...data, id: data.id ?? (idKind ? newId(idKind) : undefined) } as Entity<K>;
      return change(ALL, async (tx) => {
        const { inv } = await readAll(tx);
        if (inv[kind].some((e) => e.id === entity.id)) refuse(problem("id.duplicate", "id", text("id_exists", entity.id)));
        (inv[kind] as Entity<K>[]).push(entity);
        checked(inv);
        await tx.objectStore(kind).put(entity as never);
        return entity;
      });
    },

    /** Changes fields of an entity (not its id), under the same rules as creating it. */
    async update<K extends InventoryKind>(kind: K, id: string, patch: Partial<Entity<K>>): Promise<Entity<K>> {
      return change(ALL, async (tx) => {
        const { inv } = await readAll(tx);
        const list = inv[kind] as Entity<K>[];
        const i = list.findIndex((e) => e.id === id);
        if (i < 0) refuse(problem("not-found", "id", text("not_found", id)));
        if ("id" in patch && patch.id !== id) refuse(problem("id.immutable", "id", text("id_immutable")));
        list[i] = { ...list[i], ...patch };
        checked(inv);
        await tx.objectStore(kind).put(list[i] as never);
        return list[i];
      });
    },

    /** Deletes an entity that nothing refers to; otherwise refuses, listing what blocks it. */
    async remove(kind: InventoryKind, id: string): Promise<void> {
      await change(ALL, async (tx) => {
        const { inv, flowLogs } = await readAll(tx);
        if (!(inv[kind] as { id: string }[]).some((e) => e.id === id)) refuse(problem("not-found", "id", text("not_found", id)));
        const blockers = dependents(inv, flowLogs, kind, id);
        if (blockers.length)
          refuse(
            problem(
              `${kind
                .replace(/e?s$/, "")
                .replace(/([A-Z])/g, "-$1")
                .toLowerCase()}.in-use`,
              "id",
              text("entity_in_use", id, blockers),
            ),
          );
        await tx.objectStore(kind).delete(id);
      });
    },

    async projects(): Promise<Project[]> {
      return db.getAll("projects");
    },
    async logstores(project?: string): Promise<Logstore[]> {
      const all = await db.getAll("logstores");
      return project === undefined ? all : all.filter((l) => l.project === project);
    },

    async createProject(p: Project): Promise<Project> {
      const problems = projectProblems(p);
      if (problems.length) throw new ControlPlaneError(problems);
      return change(["projects"], async (tx) => {
        if (await tx.objectStore("projects").get(p.name)) refuse(problem("project.exists", "name", text("project_exists", p.name)));
        const project = { name: p.name, description: p.description ?? "" };
        await tx.objectStore("projects").put(project);
        return project;
      });
    },

    async deleteProject(name: string): Promise<void> {
      await change(["projects", "logstores"], async (tx) => {
        if (!(await tx.objectStore("projects").get(name))) refuse(problem("not-found", "name", text("project_not_found", name)));
        const stores = (await tx.objectStore("logstores").getAll()).filter((l) => l.project === name);
        if (stores.length)
          refuse(
            problem(
              "project.in-use",
              "name",
              text(
                "project_in_use",
                name,
                stores.map((l) => l.name),
              ),
            ),
          );
        await tx.objectStore("projects").delete(name);
      });
    },

    async createLogstore(l: Logstore): Promise<Logstore> {
      const problems = logstoreProblems(l);
      if (problems.length) throw new ControlPlaneError(problems);
      return change(["projects", "logstores"], async (tx) => {
        if (!(await tx.objectStore("projects").get(l.project)))
          refuse(problem("logstore.project-missing", "project", text("logstore_project_missing", l.project)));
        if (await tx.objectStore("logstores").get([l.project, l.name]))
          refuse(problem("logstore.exists", "name", text("logstore_exists", l.name, l.project)));
        const store = { project: l.project, name: l.name, retentionDays: l.retentionDays };
        await tx.objectStore("logstores").put(store);
        return store;
      });
    },

    /**
     * Deletes a logstore. One that holds records needs { deleteRecords: true }, and then its
     * records go in the same transaction; one that a flow log writes to cannot go.
     */
    async deleteLogstore(project: string, name: string, o: { deleteRecords?: boolean } = {}): Promise<void> {
      await change(["logstores", "recordChunks", "chunkSummaries", "imports", "flowLogs"], async (tx) => {
        if (!(await tx.objectStore("logstores").get([project, name])))
          refuse(problem("not-found", "name", text("logstore_not_found", project, name)));
        const writers = (await tx.objectStore("flowLogs").getAll()).filter((f) => f.project === project && f.logstore === name);
        if (writers.length)
          refuse(
            problem(
              "logstore.in-use",
              "name",
              text(
                "logstore_in_use",
                project,
                name,
                writers.map((f) => f.id),
              ),
            ),
          );
        const chunks = await tx.objectStore("recordChunks").index("byLogstore").getAllKeys([project, name]);
        if (chunks.length && !o.deleteRecords)
          refuse(problem("logstore.has-records", "name", text("logstore_has_records", project, name, chunks.length)));
        for (const k of chunks) {
          await tx.objectStore("recordChunks").delete(k);
          await tx.objectStore("chunkSummaries").delete(k);
        }
        for (const i of await tx.objectStore("imports").getAll())
          if (i.project === project && i.logstore === name) await tx.objectStore("imports").delete(i.id);
        await tx.objectStore("logstores").delete([project, name]);
      });
    },

    /**
     * Undoes a network change as one (an extension applied without asking): its flow logs
     * and what it added, by id, removed in one transaction — refused, writing nothing, if
     * what is left would not hold (something added since depends on it).
     */
    async removeNetworkChange(c: {
      ids: Partial<Record<InventoryKind, string[]>> & { vpcIpv6Cidrs?: { vpcId: string; cidr: string }[] };
      flowLogIds: string[];
    }): Promise<void> {
      await change(ALL, async (tx) => {
        for (const id of c.flowLogIds) await tx.objectStore("flowLogs").delete(id);
        const { inv } = await readAll(tx);
        for (const { vpcId, cidr } of c.ids.vpcIpv6Cidrs ?? [])
          inv.vpcs = inv.vpcs.map((v) => (v.id === vpcId ? { ...v, ipv6Cidrs: v.ipv6Cidrs.filter((x) => x !== cidr) } : v));
        for (const kind of INVENTORY_KINDS) {
          const gone = new Set(c.ids[kind] ?? []);
          if (gone.size) (inv[kind] as { id: string }[]) = (inv[kind] as { id: string }[]).filter((e) => !gone.has(e.id));
        }
        checked(inv);
        await writeInventory(tx, inv);
      });
    },

    async createFlowLog(input: FlowLogInput): Promise<FlowLog> {
      return change(ALL, async (tx) => {
        const { inv, flowLogs } = await readAll(tx);
        const ctx = {
          inventory: inv,
          flowLogs,
          projects: await tx.objectStore("projects").getAll(),
          logstores: await tx.objectStore("logstores").getAll(),
          quotaPerRegion: await flowLogQuotaIn(tx),
        };
        const problems = checkNewFlowLog(input, ctx);
        if (problems.length) throw new ControlPlaneError(problems);
        const f = completeFlowLog(input, newId("flowLog"), clock());
        await tx.objectStore("flowLogs").put(f);
        return f;
      });
    },

    /** The list view (docs/rules.md §2, the seeds' columns), newest first, each with its warning. */
    async flowLogs(): Promise<FlowLogRow[]> {
      const { inv, flowLogs } = await readAll(db.transaction(ALL, "readonly") as unknown as AnyTx);
      return flowLogs
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
        .map((f) => ({ ...f, warning: flowLogWarning(inv, f) }));
    },

    async editFlowLog(id: string, edit: FlowLogEdit): Promise<FlowLog> {
      const problems = checkFlowLogEdit(edit as Record<string, unknown>);
      if (problems.length) throw new ControlPlaneError(problems);
      return change(["flowLogs"], async (tx) => {
        const f = await tx.objectStore("flowLogs").get(id);
        if (!f) refuse(problem("not-found", "id", text("flowlog_not_found", id)));
        const next = { ...f, ...edit };
        await tx.objectStore("flowLogs").put(next);
        return next;
      });
    },

    async setFlowLogStatus(id: string, status: "Active" | "Inactive"): Promise<FlowLog> {
      return change(["flowLogs"], async (tx) => {
        const f = await tx.objectStore("flowLogs").get(id);
        if (!f) refuse(problem("not-found", "id", text("flowlog_not_found", id)));
        if (f.status === status)
          refuse(
            problem(
              status === "Active" ? "flowlog.already-active" : "flowlog.already-inactive",
              "status",
              text("flowlog_same_status", id, status),
            ),
          );
        const next = { ...f, status };
        await tx.objectStore("flowLogs").put(next);
        return next;
      });
    },

    /** Deletes a flow log in either state; its records stay in the logstore (docs/rules.md §2). */
    async deleteFlowLog(id: string): Promise<void> {
      await change(["flowLogs"], async (tx) => {
        if (!(await tx.objectStore("flowLogs").get(id))) refuse(problem("not-found", "id", text("flowlog_not_found", id)));
        await tx.objectStore("flowLogs").delete(id);
      });
    },

    async exportDocument(): Promise<InventoryDocument> {
      return toDocument(await this.inventory());
    },

    /** Imports a document in place of the current network: every problem, or all of it. */
    async importDocument(doc: unknown): Promise<void> {
      const { problems, inventory } = readDocument(doc);
      if (!inventory) throw new ControlPlaneError(problems);
      await this.replaceInventory(inventory);
    },

    /** Replaces the whole network with `inv` after checking it: all or nothing. */
    async replaceInventory(inv: Inventory): Promise<void> {
      checked(inv);
      await change(ALL, (tx) => writeInventory(tx, inv));
    },

    /**
     * A network change and what goes with it (an accepted proposal: the network, its project
     * and logstore, its flow logs) in one transaction: all of it, or — on any refusal or
     * failed write — none (docs/history.md #10: it once took a transaction per part).
     */
    async applyNetworkChange(c: {
      inventory: Inventory;
      project?: Project;
      logstore?: Logstore;
      flowLogs: FlowLogInput[];
    }): Promise<FlowLog[]> {
      checked(c.inventory);
      const named = [...(c.project ? projectProblems(c.project) : []), ...(c.logstore ? logstoreProblems(c.logstore) : [])];
      if (named.length) throw new ControlPlaneError(named);
      return change(ALL, async (tx) => {
        await writeInventory(tx, c.inventory);
        if (c.project && !(await tx.objectStore("projects").get(c.project.name))) await tx.objectStore("projects").put(c.project);
        if (c.logstore && !(await tx.objectStore("logstores").get([c.logstore.project, c.logstore.name])))
          await tx.objectStore("logstores").put(c.logstore);
        const ctx = {
          inventory: c.inventory,
          flowLogs: (await tx.objectStore("flowLogs").getAll()) as FlowLog[],
          projects: await tx.objectStore("projects").getAll(),
          logstores: await tx.objectStore("logstores").getAll(),
          quotaPerRegion: await flowLogQuotaIn(tx),
        };
        const made: FlowLog[] = [];
        for (const input of c.flowLogs) {
          const problems = checkNewFlowLog(input, ctx);
          if (problems.length) throw new ControlPlaneError(problems);
          const f = completeFlowLog(input, newId("flowLog"), clock());
          await tx.objectStore("flowLogs").put(f);
          ctx.flowLogs.push(f);
          made.push(f);
        }
        return made;
      });
    },
  };
}

export type ControlPlane = ReturnType<typeof createControlPlane>;
export type { AnalysisSettings } from "./settings";
