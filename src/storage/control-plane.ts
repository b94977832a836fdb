// The control plane over IndexedDB (issue #3): inventory, projects and logstores, flow
// logs, settings. Every change is one readwrite transaction that reads what it needs,
// checks the state it would leave, and writes only if nothing is wrong — so a refused or
// failed change leaves the store exactly as it was, whatever other tabs do meanwhile.

import type { IDBPTransaction, StoreNames } from "idb";
import { SCAN_THRESHOLD } from "../model/analysis-defaults";
import { isAddressOrBlock } from "../model/cidr";
import {
  checkFlowLogEdit,
  checkNewFlowLog,
  completeFlowLog,
  DEFAULT_QUOTA_PER_REGION,
  type FlowLog,
  type FlowLogEdit,
  type FlowLogInput,
  flowLogWarning,
} from "../model/flow-log";
import { type ID_PREFIX, newId } from "../model/ids";
import type { Inventory, InventoryKind, Logstore, Project } from "../model/inventory";
import { emptyInventory, INVENTORY_KINDS } from "../model/inventory";
import { checkInventory } from "../model/inventory-check";
import { type InventoryDocument, readDocument, toDocument } from "../model/inventory-document";
import { ControlPlaneError, type Problem, problem, refuse } from "../model/problems";
import type { FlowLensDb, FlowLensSchema } from "./schema";
import { INVENTORY_STORES } from "./schema";

type Store = StoreNames<FlowLensSchema>;
type Entity<K extends InventoryKind> = Inventory[K][number];
type Tx = IDBPTransaction<FlowLensSchema, Store[], "readwrite">;
type AnyTx = IDBPTransaction<FlowLensSchema, Store[], IDBTransactionMode>;
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

/** What still refers to an entity (so that deleting it is refused, naming them). */
function dependents(inv: Inventory, flowLogs: FlowLog[], kind: InventoryKind, id: string): string[] {
  const out: string[] = [];
  const add = (what: string, ids: string[]) => {
    for (const x of ids) out.push(`${what} ${x}`);
  };
  if (kind === "regions")
    add(
      "VPC",
      inv.vpcs.filter((v) => v.regionId === id).map((v) => v.id),
    );
  if (kind === "accounts")
    add(
      "VPC",
      inv.vpcs.filter((v) => v.accountId === id).map((v) => v.id),
    );
  if (kind === "vpcs") {
    add(
      "VSwitch",
      inv.vswitches.filter((s) => s.vpcId === id).map((s) => s.id),
    );
    add(
      "security group",
      inv.securityGroups.filter((g) => g.vpcId === id).map((g) => g.id),
    );
    add(
      "network ACL",
      inv.networkAcls.filter((a) => a.vpcId === id).map((a) => a.id),
    );
    add(
      "CCN",
      inv.ccns.filter((c) => c.vpcIds.includes(id)).map((c) => c.id),
    );
  }
  if (kind === "vswitches") {
    add(
      "ENI",
      inv.enis.filter((e) => e.vswitchId === id).map((e) => e.id),
    );
    add(
      "instance",
      inv.instances.filter((n) => n.vswitchId === id).map((n) => n.id),
    );
  }
  if (kind === "instances")
    add(
      "ENI",
      inv.enis.filter((e) => e.instanceId === id).map((e) => e.id),
    );
  if (kind === "securityGroups")
    add(
      "ENI",
      inv.enis.filter((e) => e.securityGroupIds.includes(id)).map((e) => e.id),
    );
  if (kind === "networkAcls")
    add(
      "VSwitch",
      inv.vswitches.filter((s) => s.aclId === id).map((s) => s.id),
    );
  add(
    "flow log",
    flowLogs.filter((f) => f.resourceId === id).map((f) => f.id),
  );
  return out;
}

export interface FlowLogRow extends FlowLog {
  warning: { en: string; zh: string; instances: string[] } | null;
}

export function createControlPlane(db: FlowLensDb, clock: () => Date = () => new Date()) {
  async function readAll(tx: AnyTx) {
    const inv = emptyInventory();
    for (const kind of INVENTORY_KINDS) (inv[kind] as unknown[]) = await tx.objectStore(kind).getAll();
    const flowLogs = (await tx.objectStore("flowLogs").getAll()) as FlowLog[];
    return { inv, flowLogs };
  }

  /** Runs `change` in one readwrite transaction; a thrown refusal aborts it, writing nothing. */
  async function change<T>(stores: Store[], fn: (tx: Tx) => Promise<T>): Promise<T> {
    const tx = db.transaction(stores, "readwrite");
    try {
      const result = await fn(tx);
      await tx.done;
      return result;
    } catch (e) {
      try {
        tx.abort();
      } catch {
        /* already finished */
      }
      await tx.done.catch(() => {});
      throw e;
    }
  }

  /** Writes `inv` in place of the network, unless a flow log's resource would go. */
  async function writeInventory(tx: Tx, inv: Inventory): Promise<void> {
    const { flowLogs } = await readAll(tx);
    const orphans = flowLogs.filter(
      (f) =>
        !(
          inv[{ NetworkInterface: "enis", VSwitch: "vswitches", VPC: "vpcs", CCN: "ccns" }[f.resourceType] as InventoryKind] as {
            id: string;
          }[]
        ).some((e) => e.id === f.resourceId),
    );
    if (orphans.length)
      refuse(
        problem(
          "inventory.flow-log-resource-missing",
          "flowLogs",
          `the new inventory lacks the resources of flow logs ${orphans.map((f) => `${f.id} (${f.resourceId})`).join(", ")}`,
          `新的网络清单缺少以下流日志的资源：${orphans.map((f) => f.id).join("、")}`,
        ),
      );
    for (const kind of INVENTORY_KINDS) {
      await tx.objectStore(kind).clear();
      for (const e of inv[kind]) await tx.objectStore(kind).put(e as never);
    }
  }

  function checked(inv: Inventory): void {
    const problems = checkInventory(inv, "id");
    if (problems.length) throw new ControlPlaneError(problems);
  }

  async function quota(tx: AnyTx): Promise<number> {
    const q = await tx.objectStore("settings").get("flowLogQuotaPerRegion");
    return typeof q?.value === "number" ? q.value : DEFAULT_QUOTA_PER_REGION;
  }

  return {
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

    async flowLogQuota(): Promise<number> {
      return quota(db.transaction(["settings"], "readonly") as unknown as AnyTx);
    },

    async setFlowLogQuota(n: number): Promise<void> {
      if (!Number.isInteger(n) || n < 1)
        refuse(
          problem(
            "settings.bad-quota",
            "flowLogQuotaPerRegion",
            `the quota must be a whole number of at least 1, not ${n}`,
            `配额必须是不小于 1 的整数，而不是 ${n}`,
          ),
        );
      await db.put("settings", { key: "flowLogQuotaPerRegion", value: n });
    },

    /** Whether a capture's network extension is applied without asking (issue #12; off by default). */
    async autoExtend(): Promise<boolean> {
      return (await db.get("settings", "autoExtend"))?.value === true;
    },

    async setAutoExtend(on: boolean): Promise<void> {
      await db.put("settings", { key: "autoExtend", value: on === true });
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
          quotaPerRegion: await quota(tx),
        };
        const problems = checkNewFlowLog(input, ctx);
        if (problems.length) throw new ControlPlaneError(problems);
        const f = completeFlowLog(input, newId("flowLog"), clock());
        await tx.objectStore("flowLogs").put(f);
        return f;
      });
    },

    /** The list view (SPEC §2, the seeds' columns), newest first, each with its warning. */
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

    /** Deletes a flow log in either state; its records stay in the logstore (SPEC §2). */
    async deleteFlowLog(id: string): Promise<void> {
      await change(["flowLogs"], async (tx) => {
        if (!(await tx.objectStore("flowLogs").get(id)))
          refuse(problem("not-found", "id", `flow log ${id} does not exist`, `流日志 ${id} 不存在`));
        await tx.objectStore("flowLogs").delete(id);
      });
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
        if (!Number.isInteger(n) || n < 2)
          problems.push(
            problem(
              "settings.bad-threshold",
              field,
              `a scan threshold is a whole number of at least 2, not ${n}`,
              `扫描阈值必须是不小于 2 的整数，而不是 ${n}`,
            ),
          );
      s.threatList.forEach((entry, i) => {
        if (!isAddressOrBlock(entry))
          problems.push(
            problem(
              "settings.bad-threat-entry",
              `threatList[${i}]`,
              `threat list line ${i + 1}: ${entry} is not an IP address or CIDR block`,
              `威胁列表第 ${i + 1} 行：${entry} 不是 IP 地址或 CIDR 网段`,
            ),
          );
      });
      if (problems.length) throw new ControlPlaneError(problems);
      await db.put("settings", { key: "analysis", value: s });
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
     * failed write — none (issue #10: it once took a transaction per part).
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
          quotaPerRegion: await quota(tx),
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

export interface AnalysisSettings {
  threatList: string[];
  scanDestinations: number;
  scanPorts: number;
}

/** What is wrong with a new project's name (the log services' rule). */
function projectProblems(p: Project): Problem[] {
  return /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(p.name ?? "")
    ? []
    : [
        problem(
          "project.bad-name",
          "name",
          "a project name has 3-63 lowercase letters, digits and -, not starting or ending with -",
          "Project 名称为 3-63 个小写字母、数字或中划线，且不能以中划线开头或结尾",
        ),
      ];
}

/** What is wrong with a new logstore's name and retention. */
function logstoreProblems(l: Logstore): Problem[] {
  const out: Problem[] = [];
  if (!/^[a-z0-9_][a-z0-9_-]{1,61}[a-z0-9_]$/.test(l.name ?? ""))
    out.push(
      problem(
        "logstore.bad-name",
        "name",
        "a logstore name has 3-63 lowercase letters, digits, _ and -",
        "Logstore 名称为 3-63 个小写字母、数字、下划线或中划线",
      ),
    );
  if (!Number.isInteger(l.retentionDays) || l.retentionDays < 1 || l.retentionDays > 3650)
    out.push(
      problem(
        "logstore.bad-retention",
        "retentionDays",
        `retention ${l.retentionDays} must be 1 to 3650 days`,
        `保存时间 ${l.retentionDays} 必须为 1-3650 天`,
      ),
    );
  return out;
}
