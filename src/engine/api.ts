// The worker's interface, as the page, the CLI and tests see it through comlink.
import type { FlowLensErrorData } from "../model/flowlens-error";
import type { EngineKind } from "./create";
import type { FileReport, WindowBatch } from "./driver";
import type { Progress } from "./ingest";
import type { PacketList, PacketRequest } from "./packet-list";

/** A File or Blob (browser), a byte stream, or a file path (Node worker only). */
export type SourceSpec = Blob | { name: string; stream: ReadableStream<Uint8Array>; size?: number } | { path: string };

export interface ImportOptions {
  /** Capture window in seconds: 60, 300 or 600 (docs/rules.md §2); default 600. */
  windowSeconds?: number;
  /** Flow-table memory budget in bytes (default 64 MiB); or set flowsPerWindow directly. */
  memoryBudget?: number;
  flowsPerWindow?: number;
  engine?: EngineKind | "auto";
  /** Names the import for cancel(). */
  jobId?: string;
  progressMs?: number;
}

/** Errors cross the worker boundary as data: comlink keeps only an Error's message. */
/** An engine error as data: the product's one error model (model/flowlens-error.ts). */
export type EngineErrorData = FlowLensErrorData;

export type ImportResult =
  | { ok: true; engine: EngineKind; note?: string; files: FileReport[]; windows: number; flows: number }
  | { ok: false; engine: EngineKind | null; error: EngineErrorData; files: FileReport[] };

export interface PacketOptions {
  /** At most this many packets are listed (default MAX_LISTED_PACKETS); all are counted. */
  limit?: number;
  engine?: EngineKind | "auto";
  jobId?: string;
}

export type PacketsResult =
  | { ok: true; engine: EngineKind; file: FileReport; packets: PacketList }
  | { ok: false; engine: EngineKind | null; error: EngineErrorData };

/** 32 MiB of entries: a record's packets past this are counted, not listed. */
export const MAX_LISTED_PACKETS = 1_000_000;

export interface EngineApi {
  /** The packets of one flow in a capture (packet-list.ts), read as a stream; the file's report has its content hash. */
  capturePackets(source: SourceSpec, request: PacketRequest, options?: PacketOptions): Promise<PacketsResult>;
  /** The listed packets, copied out of the captures they were listed from, as one pcap (pcapng if link types differ). */
  savePackets(from: { source: SourceSpec; packets: PacketList }[]): Promise<Blob>;
  importCaptures(
    sources: SourceSpec[],
    options: ImportOptions,
    onFlows: (batch: WindowBatch) => void | Promise<void>,
    onProgress?: (p: Progress) => void,
  ): Promise<ImportResult>;
  cancel(jobId: string): Promise<boolean>;
}

export const DEFAULT_WINDOW_SECONDS = 600;
export const DEFAULT_MEMORY_BUDGET = 64 * 1024 * 1024;
