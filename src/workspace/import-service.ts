// The viewer worker's imports (workspace/service.ts): captures and flow-log files into the
// logstores, the questions an import may wait on (a network extension to accept, a file
// imported before), each job watched for progress and cancellable.
import type { EngineApi } from "../engine/api";
import type { Progress } from "../engine/ingest";
import { parseLogFormat } from "../formats/json/cloudwatch-events";
import { blobSource, isParquetHead } from "../formats/parquet/parquet-import";
import { sliceStream } from "../io/blob-slices";
import { type CaptureInterface, pcapngInterfaces } from "../io/pcapng-interfaces";
import { headLooksLikeCapture } from "../io/sniff";
import { errorData, FlowLensError, withText } from "../model/flowlens-error";
import type { InterfaceMapping } from "../model/interface-mapping";
import type { NetworkExtension } from "../model/network-extension";
import { type Text, text } from "../model/text";
import type { ControlPlane } from "../storage/control-plane";
import { type HeldImport, importLogFile, type LogFileReport } from "../storage/log-file-import";
import type { LogstoreAccess } from "../storage/logstore";
import type { FlowLensDb } from "../storage/schema";
import type { EarlierImport, ExtensionSummary, FileImportResult, FileProgress, LogTarget, WorkspaceApi } from "./api";
import { applyProposal, type CaptureFlows, captureFlows, proposeFor, storeCaptureRecords } from "./capture-import";
import { type JobWatch, watchJob } from "./job-watch";
import type { WorkspaceOptions } from "./service";

/** The extension as the confirmation lists it: no copy of the whole network crosses to the page. */
const summarize = (x: NetworkExtension): ExtensionSummary => ({
  addresses: x.addresses,
  vpcs: x.added.vpcs,
  vswitches: x.added.vswitches,
  enis: x.added.enis,
  securityGroups: x.added.securityGroups,
  flowLogs: x.flowLogs,
  overQuota: x.overQuota,
});

const fileName = (b: Blob) => (b as File).name ?? "file";
const errorOf = (e: unknown, file = "") => errorData(e, "error", { file });

export type ImportApi = Pick<
  WorkspaceApi,
  "importFile" | "acceptProposal" | "dropProposal" | "resolveDuplicate" | "undoExtension" | "cancelImport"
>;

/**
 * What the imports share with the rest of the workspace: the database, the control plane, the logstores, and
 * the watched jobs (each chunk written is progress).
 */
export interface ImportContext {
  db: FlowLensDb;
  engine: EngineApi;
  cp: ControlPlane;
  ls: () => Promise<LogstoreAccess>;
  watching: Set<JobWatch>;
  now: () => number;
  settings: WorkspaceOptions;
  /** Renders what the worker writes for the user (a proposed network's names) in the viewer's language. */
  say?: () => (t: Text) => string;
}

export function createImportService({ db, engine, cp, ls, watching, now, settings, say }: ImportContext): ImportApi {
  const jobs = new Map<string, AbortController>();
  /** Captures waiting on the user (an extension to accept, a duplicate to resolve), with the interfaces their file names. */
  const proposals = new Map<string, { file: string; capture: CaptureFlows; interfaces: CaptureInterface[] }>();
  /** Flow-log files written whole and held uncommitted while the user says whether to store them twice. */
  const heldLogs = new Map<string, { file: string; target: LogTarget; report: LogFileReport; held: HeldImport }>();
  /** Extensions applied without asking, by undo token: what undoing one removes. */
  const undos = new Map<string, { ids: NetworkExtension["addedIds"]; flowLogIds: string[] }>();
  let nextId = 1;

  async function finishCapture(file: string, capture: CaptureFlows, mapping: InterfaceMapping[] = []): Promise<FileImportResult> {
    const r = capture.result;
    if (!r.ok) throw new Error("unreachable");
    const s = await storeCaptureRecords(cp, await ls(), capture, file, mapping);
    return {
      status: "done",
      kind: "capture",
      file,
      engine: r.engine,
      ...(r.note ? { engineNote: r.note } : {}),
      report: r.files[0],
      flows: r.flows,
      stored: s.stored,
      unattributed: s.unattributed,
      excluded: s.excluded,
    };
  }

  async function importCapture(
    file: Blob,
    handle: FileSystemFileHandle | undefined,
    head: Uint8Array,
    jobId: string,
    abort: AbortSignal,
    started: number,
    onProgress?: (p: FileProgress) => void,
  ): Promise<FileImportResult> {
    const name = fileName(file);
    const cancelled = { status: "cancelled", kind: "capture", file: name } as const;
    const capture = await captureFlows(
      engine,
      [file],
      { jobId, progressMs: 100 },
      (p: Progress) => {
        // A cancel may have come before the engine knew the job: ask again until it stops.
        if (abort.aborted) void engine.cancel(jobId);
        onProgress?.({
          file: name,
          kind: "capture",
          bytesRead: p.bytesRead,
          bytesTotal: p.bytesTotal,
          packets: p.packets,
          flows: p.flows,
          lines: 0,
          elapsedMs: now() - started,
        });
      },
      settings.wrapCallback,
    );
    capture.origin = { name, size: file.size, ...(handle ? { handle } : {}) };
    const r = capture.result;
    if (abort.aborted || (!r.ok && r.error.code === "cancelled")) return cancelled;
    if (!r.ok) return { status: "error", kind: "capture", file: name, error: withText(r.error) };
    const interfaces = pcapngInterfaces(head);
    const earlier = await earlierImport(r.files[0]?.contentHash);
    if (earlier) {
      const token = `duplicate-${nextId++}`;
      proposals.set(token, { file: name, capture, interfaces });
      return { status: "duplicate", kind: "capture", file: name, token, flows: capture.flows.count, earlier };
    }
    return offerOrStore(name, capture, interfaces);
  }

  /** Offers the network's extension when the capture needs one, else stores its records. */
  async function offerOrStore(name: string, capture: CaptureFlows, interfaces: CaptureInterface[]): Promise<FileImportResult> {
    const extension = await proposeFor(cp, capture.flows, {}, say?.());
    if (!extension) return finishCapture(name, capture);
    if (!extension.overQuota.length && (await cp.autoExtend())) {
      // Applied without asking: the summary says what was added, and it can be undone as one change.
      const made = await applyProposal(cp, extension);
      const undo = `undo-${nextId++}`;
      undos.set(undo, { ids: extension.addedIds, flowLogIds: made.map((f) => f.id) });
      const done = await finishCapture(name, capture);
      return done.status === "done" && done.kind === "capture" ? { ...done, extended: { ...summarize(extension), undo } } : done;
    }
    const token = `proposal-${nextId++}`;
    proposals.set(token, { file: name, capture, interfaces });
    return {
      status: "proposal",
      kind: "capture",
      file: name,
      token,
      flows: capture.flows.count,
      extension: summarize(extension),
      interfaces,
    };
  }

  /** The committed imports of a capture with this content hash, as one: the latest time, every logstore. */
  async function earlierImport(hash: string | undefined): Promise<EarlierImport | null> {
    if (!hash) return null;
    const same = (await db.getAll("imports")).filter((i) => i.status === "committed" && i.contentHash === hash);
    if (!same.length) return null;
    return {
      source: same[0].source ?? same[0].id,
      committedAt: Math.max(...same.map((i) => i.committedAt ?? i.startedAt)),
      stores: [...new Set(same.map((i) => `${i.project}/${i.logstore}`))],
      records: same.reduce((n, i) => n + i.records, 0),
    };
  }

  const logDone = (file: string, target: LogTarget, { held: _, ...report }: LogFileReport, stored: number): FileImportResult => ({
    status: "done",
    kind: "log",
    file,
    report,
    stored: [{ ...target, records: stored }],
  });

  /** A held flow-log file: committed (stored twice), or dropped (the earlier import is the one copy). */
  async function resolveHeldLog(token: string, storeAgain: boolean): Promise<FileImportResult> {
    const h = heldLogs.get(token)!;
    heldLogs.delete(token);
    try {
      // The earlier copy may have gone (retention, a removed logstore) while the user was asked: this one is kept instead.
      const earlier = storeAgain ? null : await earlierImport(h.report.contentHash);
      if (!earlier) return logDone(h.file, h.target, h.report, await h.held.commit());
      await h.held.abort();
      return { status: "skipped", kind: "log", file: h.file, earlier };
    } catch (e) {
      return { status: "error", kind: "log", file: h.file, error: errorOf(e, h.file) };
    }
  }

  async function importLog(
    file: Blob,
    abort: AbortController,
    target: LogTarget | undefined,
    started: number,
    onProgress?: (p: FileProgress) => void,
  ): Promise<FileImportResult> {
    const name = fileName(file);
    if (!target)
      return {
        status: "error",
        kind: "log",
        file: name,
        error: new FlowLensError("no-logstore", text("no_logstore", name), { file: name }).data(),
      };
    const logFormat = target.logFormat?.trim() ? parseLogFormat(target.logFormat) : undefined;
    if (logFormat && "error" in logFormat)
      return {
        status: "error",
        kind: "log",
        file: name,
        error: new FlowLensError("log-format", text("log_format_bad", name, logFormat.error), { file: name }).data(),
      };
    let bytesRead = 0,
      last = 0,
      earlier: EarlierImport | null = null;
    const counted = sliceStream(file).pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, c) {
          if (abort.signal.aborted) throw new DOMException("cancelled", "AbortError");
          bytesRead += chunk.length;
          c.enqueue(chunk);
        },
      }),
    );
    try {
      const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
      const report = await importLogFile(await ls(), target.project, target.logstore, name, counted, {
        parquet: isParquetHead(head) ? blobSource(file) : undefined,
        logFormat,
        signal: abort.signal,
        scanner: settings.lineScanner,
        onLine: (lines) => {
          if (now() - last > 100) {
            last = now();
            onProgress?.({
              file: name,
              kind: "log",
              bytesRead,
              bytesTotal: file.size,
              packets: 0,
              flows: 0,
              lines,
              elapsedMs: now() - started,
            });
          }
        },
        hold: async (hash) => (earlier = await earlierImport(hash)) !== null,
      });
      if (report.held && earlier) {
        const token = `duplicate-${nextId++}`;
        heldLogs.set(token, { file: name, target, report, held: report.held });
        return { status: "duplicate", kind: "log", file: name, token, flows: report.records, earlier };
      }
      return logDone(name, target, report, report.stored);
    } catch (e) {
      if (abort.signal.aborted) return { status: "cancelled", kind: "log", file: name };
      return { status: "error", kind: "log", file: name, error: errorOf(e, name) };
    }
  }

  return {
    async importFile(file, options, onProgress) {
      const started = now();
      const stall = settings.stallMs;
      const name = fileName(file);
      const abort = new AbortController();
      jobs.set(options.jobId, abort);
      let head: Uint8Array;
      try {
        head = new Uint8Array(await file.slice(0, 65536).arrayBuffer());
      } catch (e) {
        jobs.delete(options.jobId);
        return {
          status: "error",
          kind: "unknown",
          file: name,
          error: new FlowLensError("unreadable", text("unreadable", name, (e as Error).message), { file: name }).data(),
        };
      }
      const kind = (await headLooksLikeCapture(head)) ? "capture" : "log";
      let last: FileProgress | null = null;
      const watch = watchJob(
        abort.signal,
        () => {
          abort.abort();
          void engine.cancel(options.jobId);
        },
        { stallMs: stall, now },
      );
      watching.add(watch);
      const seen = (p: FileProgress) => {
        last = p;
        watch.progress();
        onProgress?.(p);
      };
      const work = (async (): Promise<FileImportResult> => {
        try {
          return kind === "capture"
            ? await importCapture(file, options.handle, head, options.jobId, abort.signal, started, seen)
            : await importLog(file, abort, options.logTarget, started, seen);
        } catch (e) {
          return { status: "error", kind: "unknown", file: name, error: errorOf(e, name) };
        }
      })();
      try {
        const first = await Promise.race([work, watch.gaveUp]);
        if ("status" in first) return first;
        if (first.kind === "cancelled") return { status: "cancelled", kind, file: name };
        const at = last as FileProgress | null;
        return {
          status: "error",
          kind,
          file: name,
          error: new FlowLensError("stalled", text("stalled", name, Math.round(first.idleMs / 1000), at?.bytesRead ?? 0, file.size), {
            file: name,
            offset: at?.bytesRead ?? 0,
          }).data(),
        };
      } finally {
        watch.stop();
        watching.delete(watch);
        jobs.delete(options.jobId);
      }
    },

    async acceptProposal(token, edits = {}) {
      const p = proposals.get(token);
      if (!p) throw new Error(`no pending proposal ${token}`);
      try {
        // Made again against the network as it is now: another import accepted meanwhile may
        // have added some of it, and writing the old one would undo that.
        const extension = await proposeFor(cp, p.capture.flows, edits, say?.());
        if (extension) await applyProposal(cp, extension, edits);
        proposals.delete(token);
        return await finishCapture(p.file, p.capture, edits.interfaces);
      } catch (e) {
        return { status: "error", kind: "capture", file: p.file, error: errorOf(e, p.file) };
      }
    },
    async dropProposal(token) {
      const p = proposals.get(token);
      if (!p) throw new Error(`no pending proposal ${token}`);
      proposals.delete(token);
      try {
        return await finishCapture(p.file, p.capture);
      } catch (e) {
        return { status: "error", kind: "capture", file: p.file, error: errorOf(e, p.file) };
      }
    },

    async resolveDuplicate(token, storeAgain) {
      if (heldLogs.has(token)) return resolveHeldLog(token, storeAgain);
      const p = proposals.get(token);
      if (!p) throw new Error(`no pending duplicate ${token}`);
      proposals.delete(token);
      try {
        if (storeAgain) return await offerOrStore(p.file, p.capture, p.interfaces);
        const r = p.capture.result;
        const earlier = await earlierImport(r.ok ? r.files[0]?.contentHash : undefined);
        return earlier
          ? { status: "skipped", kind: "capture", file: p.file, earlier }
          : await offerOrStore(p.file, p.capture, p.interfaces);
      } catch (e) {
        return { status: "error", kind: "capture", file: p.file, error: errorOf(e, p.file) };
      }
    },

    async undoExtension(token) {
      const u = undos.get(token);
      if (!u)
        return {
          ok: false,
          message: "this change can no longer be undone here (the viewer was reloaded): remove it on the Inventory and Flow logs pages",
        };
      try {
        await cp.removeNetworkChange(u);
        undos.delete(token);
        return { ok: true };
      } catch (e) {
        return { ok: false, message: errorOf(e).message, error: errorOf(e) };
      }
    },

    async cancelImport(jobId) {
      const job = jobs.get(jobId);
      job?.abort();
      await engine.cancel(jobId);
      return job !== undefined;
    },
  };
}
