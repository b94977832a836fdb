// The FlowLens database: its schema, its migrations, and an open that never hangs. Only
// files in src/storage/ touch IndexedDB.
//
// Versions (each migration runs in order inside the upgrade transaction):
//   1  inventory stores keyed by id; projects (name); logstores ([project, name]);
//      flowLogs (id); settings (key)
//   2  index vswitches.byVpc, enis.byVswitch, flowLogs.byRegion; recordChunks
//      ([project, logstore, chunk]) for the logstore; security groups and network ACLs
//      gain a rule dialect and default policies (backfilled: flowlens, drop in, accept
//      out for groups, accept both ways for ACLs)
//   3  the logstore: imports (id), chunkSummaries ([project, logstore, chunk]) beside
//      recordChunks, both indexed by import; chunks of an import stay invisible until its
//      import record says committed

import { type IDBPDatabase, type IDBPTransaction, openDB, type StoreNames } from "idb";
import type { FlowLog } from "../model/flow-log";
import { FlowLensError } from "../model/flowlens-error";
import type { Account, Ccn, Eni, Instance, Logstore, NetworkAcl, Project, Region, SecurityGroup, Vpc, VSwitch } from "../model/inventory";
import { type Text, text } from "../model/text";

/** What browsing needs to know of a chunk without reading its columns. */
export interface ChunkSummary {
  project: string;
  logstore: string;
  chunk: number;
  importId: string;
  count: number;
  windowMin: number;
  windowMax: number;
  startMin: number;
  endMax: number;
  /** The chunk's ENIs when few (at most SUMMARY_ENIS), else null: a long list skips nothing and makes every search read it. */
  enis: string[] | null;
  accept: number;
  reject: number;
  nodata: number;
  skipdata: number;
  /** AWS's later fields the chunk has columns for (model/aws-fields.ts); absent where none (and in chunks stored before them). */
  extraFields?: string[];
}

/** An import into a logstore: its chunks count only once it is committed. */
export interface ImportRecord {
  id: string;
  project: string;
  logstore: string;
  status: "writing" | "committed";
  startedAt: number;
  heartbeat: number;
  records: number;
  chunks: number;
  /** When it was committed (ms): retention counts from here, as logs age from ingestion. */
  committedAt?: number;
  /** What was imported (file names), for the popup's list of recent imports. */
  source?: string;
  /**
   * The file's content hash (a capture's from the engine, FileReport.contentHash; a flow-log file's from its
   * twin): the same file again is asked about before it is stored twice.
   */
  contentHash?: string;
  /** A capture's import: the file, to read its packets again (the Records page's "Packets"). */
  capture?: CaptureOrigin;
  /** A capture's import: its records by status, and the traffic no covered ENI saw (the popup's warning). */
  outcome?: ImportOutcome;
}

export interface CaptureOrigin {
  name: string;
  /** The file's size as given (compressed, for a .gz). */
  size: number;
  /** Chromium: the file's handle (File System Access), so the file can be read again without asking for it. */
  handle?: FileSystemFileHandle;
}

export interface ImportOutcome {
  ok: number;
  nodata: number;
  skipdata: number;
  unattributedPackets: number;
  unattributedBytes: number;
}

export const DB_NAME = "flowlens";
export const DB_VERSION = 3;

export interface FlowLensSchema {
  regions: { key: string; value: Region };
  accounts: { key: string; value: Account };
  vpcs: { key: string; value: Vpc };
  vswitches: { key: string; value: VSwitch; indexes: { byVpc: string } };
  instances: { key: string; value: Instance };
  enis: { key: string; value: Eni; indexes: { byVswitch: string } };
  securityGroups: { key: string; value: SecurityGroup };
  networkAcls: { key: string; value: NetworkAcl };
  ccns: { key: string; value: Ccn };
  projects: { key: string; value: Project };
  logstores: { key: [string, string]; value: Logstore };
  flowLogs: { key: string; value: FlowLog; indexes: { byRegion: string } };
  settings: { key: string; value: { key: string; value: unknown } };
  /** Records of a logstore in columnar chunks (docs/history.md #4 fills them). */
  recordChunks: {
    key: [string, string, number];
    value: { project: string; logstore: string; chunk: number; [field: string]: unknown };
    indexes: { byLogstore: [string, string]; byImport: string };
  };
  chunkSummaries: { key: [string, string, number]; value: ChunkSummary; indexes: { byLogstore: [string, string]; byImport: string } };
  imports: { key: string; value: ImportRecord };
}

export type FlowLensDb = IDBPDatabase<FlowLensSchema>;
type UpgradeTx = IDBPTransaction<FlowLensSchema, StoreNames<FlowLensSchema>[], "versionchange">;

export const INVENTORY_STORES = [
  "regions",
  "accounts",
  "vpcs",
  "vswitches",
  "instances",
  "enis",
  "securityGroups",
  "networkAcls",
  "ccns",
] as const;

/** migrations[v] takes a database at version v to v + 1. */
const migrations: ((db: IDBPDatabase<FlowLensSchema>, tx: UpgradeTx) => Promise<void> | void)[] = [
  (db) => {
    for (const s of INVENTORY_STORES) db.createObjectStore(s, { keyPath: "id" });
    db.createObjectStore("projects", { keyPath: "name" });
    db.createObjectStore("logstores", { keyPath: ["project", "name"] });
    db.createObjectStore("flowLogs", { keyPath: "id" });
    db.createObjectStore("settings", { keyPath: "key" });
  },
  async (db, tx) => {
    tx.objectStore("vswitches").createIndex("byVpc", "vpcId");
    tx.objectStore("enis").createIndex("byVswitch", "vswitchId");
    tx.objectStore("flowLogs").createIndex("byRegion", "regionId");
    db.createObjectStore("recordChunks", { keyPath: ["project", "logstore", "chunk"] }).createIndex("byLogstore", ["project", "logstore"]);
    for (const [store, inbound, outbound] of [
      ["securityGroups", "drop", "accept"],
      ["networkAcls", "accept", "accept"],
    ] as const) {
      let cursor = await tx.objectStore(store).openCursor();
      while (cursor) {
        const g = cursor.value as SecurityGroup & NetworkAcl;
        await cursor.update({
          ...g,
          dialect: g.dialect ?? "flowlens",
          defaultInbound: g.defaultInbound ?? inbound,
          defaultOutbound: g.defaultOutbound ?? outbound,
          rules: g.rules ?? [],
        });
        cursor = await cursor.continue();
      }
    }
  },
  (db, tx) => {
    tx.objectStore("recordChunks").createIndex("byImport", "importId");
    const summaries = db.createObjectStore("chunkSummaries", { keyPath: ["project", "logstore", "chunk"] });
    summaries.createIndex("byLogstore", ["project", "logstore"]);
    summaries.createIndex("byImport", "importId");
    db.createObjectStore("imports", { keyPath: "id" });
  },
];

export class StorageError extends FlowLensError {
  constructor(code: string, message: Text) {
    super(code, message);
    this.name = "StorageError";
  }
}

export interface OpenOptions {
  name?: string;
  /** Up to this version (tests open older schemas); default DB_VERSION. */
  version?: number;
  timeoutMs?: number;
  /** Called when another tab needs this connection closed for an upgrade (it is closed). */
  onVersionChange?: () => void;
  /** Called when the browser ends the connection abnormally (storage cleared, quota). */
  onTerminated?: () => void;
}

/**
 * Opens (creating or migrating) the database. Never hangs: an upgrade blocked by another
 * tab that keeps an old connection open, or any other stall, fails after `timeoutMs`.
 */
export async function openFlowLensDb(o: OpenOptions = {}): Promise<FlowLensDb> {
  const name = o.name ?? DB_NAME;
  const version = o.version ?? DB_VERSION;
  const timeoutMs = o.timeoutMs ?? 10_000;
  let blocked = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const opening = openDB<FlowLensSchema>(name, version, {
    async upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) await migrations[v](db, tx);
    },
    blocked() {
      blocked = true;
    },
    blocking() {
      db?.close();
      o.onVersionChange?.();
    },
    terminated() {
      o.onTerminated?.();
    },
  });
  let db: FlowLensDb | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          blocked
            ? new StorageError("storage.blocked", text("storage_blocked", name, version))
            : new StorageError("storage.timeout", text("storage_timeout", name, timeoutMs)),
        ),
      timeoutMs,
    );
  });
  try {
    db = await Promise.race([opening, timeout]);
    return db;
  } finally {
    clearTimeout(timer);
    // If the timeout won, close the connection should it open later.
    opening.then(
      (late) => {
        if (late !== db) late.close();
      },
      () => {},
    );
  }
}

export function migrationCount(): number {
  return migrations.length;
}
