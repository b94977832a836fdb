// What every page works with: the control plane (IndexedDB in the page: small, and the
// popup needs it without a worker), the worker (engine and logstores), and a revision
// number that changes whenever something was written, so pages re-read.
import type { Remote } from "comlink";
import { createContext } from "preact";
import { useContext, useEffect, useState } from "preact/hooks";
import type { ControlPlane } from "../../storage/control-plane";
import type { ViewerWorkerApi } from "../../workspace/api";

export interface App {
  cp: ControlPlane;
  worker: Remote<ViewerWorkerApi>;
  revision: number;
  changed(): void;
  /** Goes to a page (`#records?…`). */
  go(hash: string): void;
}

export const AppContext = createContext<App | null>(null);

export function useApp(): App {
  const app = useContext(AppContext);
  if (!app) throw new Error("useApp outside the viewer");
  return app;
}

/** Loads with `load` whenever the revision or `deps` change; the error is kept to show where it happened. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: string | null; loading: boolean } {
  const { revision } = useApp();
  const [state, setState] = useState<{ data: T | undefined; error: string | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (e) => live && setState({ data: undefined, error: (e as Error).message ?? String(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [revision, ...deps]);
  return state;
}

/** Hands a text to the user as a download (nothing leaves the machine: a blob URL). */
export function download(name: string, text: string, type = "text/plain"): void {
  downloadBlob(new Blob([text], { type }), name);
}

export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
