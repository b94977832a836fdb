// What the viewer asks of its worker beyond the engine: imports into the logstores,
// browsing and search over them, analyses, export. Everything crossing is plain data.

import type { EngineErrorData } from "../engine/api";
import type { FileReport } from "../engine/driver";
import type { LogImportReport } from "../formats/log-import";
import type { RecordFormat } from "../formats/record-writers";
import type { CaptureInterface } from "../io/pcapng-interfaces";
import type { FlowLogInput } from "../model/flow-log";
import type { Vpc } from "../model/inventory";
import type { ExtensionEdits, NetworkExtension } from "../model/network-extension";
import type { FlowLogEntry } from "../model/records";
import type { Explained, Question } from "../model/rule-steps";
import type { AnalysisOptions, AnalysisResult } from "../query/analyses";
import type { Histogram } from "../query/timeline";
import type { RuleUse } from "../query/whatif";
import type { TimeRange, WindowSummary } from "../storage/logstore";
import type { TreeExportOptions } from "./s3-tree-export";
import type { SqlAnswer } from "./sql-service";
import type { DraftEdit, WhatIfAnswer } from "./whatif-service";

export interface FileProgress {
  file: string;
  kind: "capture" | "log";
  bytesRead: number;
  bytesTotal: number | null;
  /** Captures: packets and flows; logs: lines. */
  packets: number;
  flows: number;
  lines: number;
  elapsedMs: number;
}

/** What an extension of the network adds (model/network-extension.ts), as the confirmation lists it. */
export interface ExtensionSummary {
  addresses: number;
  vpcs: Vpc[];
  vswitches: number;
  enis: number;
  securityGroups: number;
  flowLogs: FlowLogInput[];
  overQuota: NetworkExtension["overQuota"];
}

/** Records stored in a logstore; a capture's also by status (OK records carry traffic; NODATA and SKIPDATA rows do not). */
/** Where and when a capture of the same content was stored before. */
export interface EarlierImport {
  source: string;
  committedAt: number;
  stores: string[];
  records: number;
}

export interface StoredCount {
  project: string;
  logstore: string;
  records: number;
  ok?: number;
  nodata?: number;
  skipdata?: number;
}

/** A capture's traffic that no covered ENI saw (both ends public, or private ends left off the network). */
export interface UnattributedTraffic {
  pairs: number;
  packets: number;
  bytes: number;
  top: { srcaddr: string; dstaddr: string; packets: number; bytes: number }[];
}

export type FileImportResult =
  | {
      status: "done";
      kind: "capture";
      file: string;
      engine: string;
      engineNote?: string;
      report: FileReport;
      flows: number;
      stored: StoredCount[];
      unattributed: UnattributedTraffic;
      excluded: { dhcp: number; metadata: number };
      /** The network's extension, applied without asking (the setting): `undo` removes it as one change. */
      extended?: ExtensionSummary & { undo: string };
    }
  | { status: "done"; kind: "log"; file: string; report: LogImportReport; stored: StoredCount[] }
  /**
   * Private endpoints of the capture that no covered ENI holds: accept the network's
   * extension (the records then come with it), or store without it. Nothing is stored yet.
   */
  | {
      status: "proposal";
      kind: "capture";
      file: string;
      token: string;
      flows: number;
      extension: ExtensionSummary;
      interfaces: CaptureInterface[];
    }
  /**
   * The same content was imported before (its content hash): keep one copy, or store it again.
   * Nothing is stored yet (a flow-log file's records are written but held uncommitted). `flows`: a capture's, or a file's records.
   */
  | { status: "duplicate"; kind: "capture" | "log"; file: string; token: string; flows: number; earlier: EarlierImport }
  /** Not stored again: the one copy kept is the earlier import's. */
  | { status: "skipped"; kind: "capture" | "log"; file: string; earlier: EarlierImport }
  | { status: "error"; kind: "capture" | "log" | "unknown"; file: string; error: EngineErrorData }
  | { status: "cancelled"; kind: "capture" | "log"; file: string };

export interface LogTarget {
  project: string;
  logstore: string;
  /** The flow log's format as the user typed it (CloudWatch events, text without a header line); empty or absent: AWS's default. */
  logFormat?: string;
}

export type SearchOpened =
  | {
      ok: true;
      id: string;
      total: number;
      chunksRead: number;
      chunksSkipped: number;
      ms: number;
      /** Records and bytes over time (null for no match). */
      histogram: Histogram | null;
      /** Matches per log-status code (OK, NODATA, SKIPDATA). */
      statuses: number[];
    }
  | { ok: false; error: { message: string; position: number; expected: string } }
  /** A newer search, or cancelSearch(), stopped this one between two chunks. */
  | { ok: false; cancelled: true };

import type { LogstoreStats } from "../storage/logstore-stats";
import type { PacketApi } from "./record-packets";

export interface WorkspaceApi extends PacketApi {
  importFile(
    file: Blob,
    /** `handle`: the file's (Chromium's File System Access), kept so that a record's packets can be read again. */
    options: { jobId: string; logTarget?: LogTarget; handle?: FileSystemFileHandle },
    onProgress?: (p: FileProgress) => void,
  ): Promise<FileImportResult>;
  /** Applies the network's extension (with the user's edits) and stores the capture's records with it. */
  acceptProposal(token: string, edits?: ExtensionEdits): Promise<FileImportResult>;
  /** Stores the capture's records under the network as it is, without the extension. */
  dropProposal(token: string): Promise<FileImportResult>;
  /** Removes an extension applied without asking (its flow logs and what it added); the records stored stay. */
  undoExtension(token: string): Promise<{ ok: true } | { ok: false; message: string; error?: EngineErrorData }>;
  /** A duplicate: store it again (then perhaps an extension is offered), or keep the one copy. */
  resolveDuplicate(token: string, storeAgain: boolean): Promise<FileImportResult>;
  cancelImport(jobId: string): Promise<boolean>;
  stats(): Promise<LogstoreStats[]>;
  /** The viewer's language: what the worker writes for the user (a proposed network's names) is in it. */
  setLanguage(language: string): Promise<void>;
  windows(project: string, logstore: string, range: TimeRange): Promise<WindowSummary[]>;
  /**
   * `okOnly` leaves NODATA and SKIPDATA records out (they are still counted in `statuses`);
   * `also` searches more logstores with it, each row then naming its logstore; `countOnly`
   * answers the count, histogram and statuses alone (no rows to page: its id is "").
   */
  openSearch(
    project: string,
    logstore: string,
    query: string,
    range: TimeRange,
    options?: { okOnly?: boolean; countOnly?: boolean; also?: { project: string; logstore: string }[] },
  ): Promise<SearchOpened>;
  /** Stops the running search (if any) before its next chunk. */
  cancelSearch(): Promise<void>;
  /** A result the worker holds (the records a what-if draft changes) opened as a search's is. */
  openResult(id: string): Promise<SearchOpened>;
  rows(id: string, offset: number, limit: number): Promise<FlowLogEntry[]>;
  /** Orders an open result by a column over all its matches (null: back to newest first); false for an unknown column. */
  sortSearch(id: string, column: string | null, descending: boolean): Promise<boolean>;
  closeSearch(id: string): Promise<void>;
  exportSearch(id: string, format: RecordFormat): Promise<{ text: string; records: number }>;
  /**
   * The result as AWS delivers flow logs to S3: Parquet (Hive prefixes, hourly partitions) with
   * athena.sql, or gzipped text (the plain prefix); in a zip, or into the folder given.
   */
  exportSearchTree(id: string, options: TreeExportOptions): Promise<{ zip?: Blob; records: number; files: number }>;
  analysis(
    project: string,
    logstore: string,
    name: string,
    query: string,
    range: TimeRange,
    options?: AnalysisOptions,
  ): Promise<{ ok: true; result: AnalysisResult } | { ok: false; error: { message: string; position: number } }>;
  analysisNames(): Promise<Record<string, string>>;
  /** A draft of groups' and ACLs' rules replayed over the records of a range (SPEC §8): what it changes. */
  whatIf(project: string, logstore: string, range: TimeRange, draft: DraftEdit[]): Promise<WhatIfAnswer>;
  /** Every rule's use over the records of a range: records, packets, bytes, first and last, unused, shadowed. */
  ruleUse(project: string, logstore: string, range: TimeRange): Promise<{ rules: RuleUse[]; replayed: number }>;
  /** Which rule decides a packet at an ENI, step by step. */
  explain(q: Question): Promise<Explained | { error: string }>;
  /** SQL after the search (`search | SELECT …`) over a logstore's records in a range, by DuckDB in the worker. */
  sqlSearch(project: string, logstore: string, query: string, range: TimeRange): Promise<SqlAnswer>;
}

export type ViewerWorkerApi = import("../engine/api").EngineApi &
  WorkspaceApi & {
    /** The capture engine's worker, started by the page, reached through this port (before any other call). */
    useEngine(port: MessagePort): Promise<void>;
    /** The page saw the engine's worker fail: its pending calls are rejected with `why`. */
    engineStopped(why: string): Promise<void>;
  };
