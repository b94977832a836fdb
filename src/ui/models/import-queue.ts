// The files the user dropped or picked, imported one after another by the worker; each
// keeps its progress and outcome for the Import page (drops land on any page).
import { proxy, type Remote } from "comlink";
import type { ExtensionEdits } from "../../model/network-extension";
import type { FileImportResult, FileProgress, LogTarget, ViewerWorkerApi } from "../../workspace/api";
import type { PickedFile } from "../file-handles";

export interface ImportJob {
  id: string;
  file: File;
  /** Chromium: the file's handle, kept with the import so its packets can be read again. */
  handle?: FileSystemFileHandle;
  state: "queued" | "running" | "done" | "proposal" | "error" | "cancelled";
  progress: FileProgress | null;
  result: FileImportResult | null;
  startedAt: number;
  finishedAt: number | null;
}

export interface ImportQueue {
  jobs(): ImportJob[];
  add(files: (File | PickedFile)[]): void;
  cancel(id: string): Promise<void>;
  accept(id: string, edits?: ExtensionEdits): Promise<void>;
  dismiss(id: string): Promise<void>;
  /** A capture imported before: keep the one copy, or store it again. */
  resolveDuplicate(id: string, storeAgain: boolean): Promise<void>;
  setLogTarget(t: LogTarget | undefined): void;
  /** Drops the finished jobs (done, failed, cancelled) from the list; running and waiting ones stay. */
  clearFinished(): void;
  logTarget(): LogTarget | undefined;
  subscribe(fn: () => void): () => void;
}

export function createImportQueue(worker: Remote<ViewerWorkerApi>, onStored: () => void): ImportQueue {
  let list: ImportJob[] = [];
  let target: LogTarget | undefined;
  let running = false;
  let n = 0;
  const listeners = new Set<() => void>();
  const notify = () => {
    list = [...list];
    for (const l of listeners) l();
  };
  const update = (id: string, patch: Partial<ImportJob>) => {
    list = list.map((j) => (j.id === id ? { ...j, ...patch } : j));
    notify();
  };
  const stateOf = (r: FileImportResult): ImportJob["state"] =>
    r.status === "done" || r.status === "skipped"
      ? "done"
      : r.status === "proposal" || r.status === "duplicate"
        ? "proposal"
        : r.status === "cancelled"
          ? "cancelled"
          : "error";

  /** The user's answer to a job waiting on them (an extension, a duplicate): the job runs again until the worker's result. */
  async function answer(id: string, waiting: "proposal" | "duplicate", call: (token: string) => Promise<FileImportResult>): Promise<void> {
    const job = list.find((j) => j.id === id);
    if (job?.result?.status !== waiting) return;
    const token = job.result.token;
    update(id, { state: "running" });
    const result = await call(token);
    update(id, { state: stateOf(result), result, finishedAt: Date.now() });
    if (result.status === "done") onStored();
  }

  async function pump() {
    if (running) return;
    running = true;
    try {
      for (let job = list.find((j) => j.state === "queued"); job; job = list.find((j) => j.state === "queued")) {
        const id = job.id;
        update(id, { state: "running", startedAt: Date.now() });
        let result: FileImportResult;
        try {
          result = await worker.importFile(
            job.file,
            { jobId: id, logTarget: target, ...(job.handle ? { handle: job.handle } : {}) },
            proxy((p: FileProgress) => update(id, { progress: p })),
          );
        } catch (e) {
          result = {
            status: "error",
            kind: "unknown",
            file: job.file.name,
            error: { code: "worker", message: `${job.file.name}: ${(e as Error).message}`, detail: { file: job.file.name, offset: 0 } },
          };
        }
        update(id, { state: stateOf(result), result, finishedAt: Date.now() });
        if (result.status === "done") onStored();
      }
    } finally {
      running = false;
    }
  }

  return {
    jobs: () => list,
    add(files) {
      for (const f of files) {
        const { file, handle } = f instanceof File ? { file: f, handle: undefined } : f;
        list.push({
          id: `job-${Date.now().toString(36)}-${++n}`,
          file,
          ...(handle ? { handle } : {}),
          state: "queued",
          progress: null,
          result: null,
          startedAt: Date.now(),
          finishedAt: null,
        });
      }
      notify();
      void pump();
    },
    async cancel(id) {
      const job = list.find((j) => j.id === id);
      if (job?.state === "queued")
        update(id, { state: "cancelled", result: { status: "cancelled", kind: "capture", file: job.file.name }, finishedAt: Date.now() });
      else if (job?.state === "running") await worker.cancelImport(id);
    },
    accept: (id, edits) => answer(id, "proposal", (token) => worker.acceptProposal(token, edits)),
    // Stored as the network is: what it covers (perhaps nothing), the rest unattributed.
    dismiss: (id) => answer(id, "proposal", (token) => worker.dropProposal(token)),
    resolveDuplicate: (id, storeAgain) => answer(id, "duplicate", (token) => worker.resolveDuplicate(token, storeAgain)),
    clearFinished() {
      list = list.filter((j) => j.state === "queued" || j.state === "running" || j.state === "proposal");
      notify();
    },
    setLogTarget(t) {
      target = t;
      notify();
    },
    logTarget: () => target,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
