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
import { dependents } from "./inventory-dependents";
import { logstoreProblems, projectProblems } from "./project-problems";
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
  warning: { en: string; zh: string; instances: string[] } | null;
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
          `the new inventory lacks the resources of flow logs ${orphans.map((f) => `${f.id} (${f.resourceId})`).join(", ")}`,
          `新的网络清单缺少以下流日志的资源：${orphans.map((f) => f.id).join("、")}`,
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
        if (inv[kind].some((e) => e.id === entity.id))
          refuse(problem("id.duplicate", "id", `${entity.id} already exists`, `${entity.id} 已存在`));
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
        if (i < 0) refuse(problem("not-found", "id", `${id} does not exist`, `${id} 不存在`));
        if ("id" in patch && patch.id !== id) refuse(problem("id.immutable", "id", "an id cannot change", "ID 不能修改"));
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
        if (!(inv[kind] as { id: string }[]).some((e) => e.id === id))
          refuse(problem("not-found", "id", `${id} does not exist`, `${id} 不存在`));
        const blockers = dependents(inv, flowLogs, kind, id);
        if (blockers.length)
          refuse(
            problem(
              `${kind
                .replace(/e?s$/, "")
                .replace(/([A-Z])/g, "-$1")
                .toLowerCase()}.in-use`,
              "id",
              `${id} cannot be deleted while these refer to it: ${blockers.join(", ")}`,
              `${id} 仍被以下资源引用，不能删除：${blockers.join("、")}`,
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
        if (await tx.objectStore("projects").get(p.name))
          refuse(problem("project.exists", "name", `project ${p.name} already exists`, `Project ${p.name} 已存在`));
        const project = { name: p.name, description: p.description ?? "" };
        await tx.objectStore("projects").put(project);
        return project;
      });
    },

    async deleteProject(name: string): Promise<void> {
      await change(["projects", "logstores"], async (tx) => {
        if (!(await tx.objectStore("projects").get(name)))
          refuse(problem("not-found", "name", `project ${name} does not exist`, `Project ${name} 不存在`));
        const stores = (await tx.objectStore("logstores").getAll()).filter((l) => l.project === name);
        if (stores.length)
          refuse(
            problem(
              "project.in-use",
              "name",
              `project ${name} still has logstores: ${stores.map((l) => l.name).join(", ")}`,
              `Project ${name} 仍有 Logstore：${stores.map((l) => l.name).join("、")}`,
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
          refuse(problem("logstore.project-missing", "project", `project ${l.project} does not exist`, `Project ${l.project} 不存在`));
        if (await tx.objectStore("logstores").get([l.project, l.name]))
          refuse(
            problem(
              "logstore.exists",
              "name",
              `logstore ${l.name} already exists in ${l.project}`,
              `Logstore ${l.name} 已存在于 ${l.project}`,
            ),
          );
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
          refuse(problem("not-found", "name", `logstore ${project}/${name} does not exist`, `Logstore ${project}/${name} 不存在`));
        const writers = (await tx.objectStore("flowLogs").getAll()).filter((f) => f.project === project && f.logstore === name);
        if (writers.length)
          refuse(
            problem(
              "logstore.in-use",
              "name",
              `flow logs write to ${project}/${name}: ${writers.map((f) => f.id).join(", ")}`,
              `以下流日志写入 ${project}/${name}：${writers.map((f) => f.id).join("、")}`,
            ),
          );
        const chunks = await tx.objectStore("recordChunks").index("byLogstore").getAllKeys([project, name]);
        if (chunks.length && !o.deleteRecords)
          refuse(
            problem(
              "logstore.has-records",
              "name",
              `logstore ${project}/${name} holds records (${chunks.length} chunks); confirm with deleteRecords to delete them too`,
              `Logstore ${project}/${name} 中有日志记录（${chunks.length} 块），请确认同时删除记录`,
            ),
          );
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
        if (!f) refuse(problem("not-found", "id", `flow log ${id} does not exist`, `流日志 ${id} 不存在`));
        const next = { ...f, ...edit };
        await tx.objectStore("flowLogs").put(next);
        return next;
      });
    },

    async setFlowLogStatus(id: string, status: "Active" | "Inactive"): Promise<FlowLog> {
      return change(["flowLogs"], async (tx) => {
        const f = await tx.objectStore("flowLogs").get(id);
        if (!f) refuse(problem("not-found", "id", `flow log ${id} does not exist`, `流日志 ${id} 不存在`));
        if (f.status === status)
          refuse(
            problem(
              status === "Active" ? "flowlog.already-active" : "flowlog.already-inactive",
              "status",
              `flow log ${id} is already ${status}`,
              `流日志 ${id} 已是 ${status} 状态`,
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
        if (!(await tx.objectStore("flowLogs").get(id)))
          refuse(problem("not-found", "id", `flow log ${id} does not exist`, `流日志 ${id} 不存在`));
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
