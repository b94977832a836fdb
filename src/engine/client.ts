// The caller's side of the engine worker: a comlink proxy whose pending calls are
// rejected if the worker dies (comlink itself would wait forever).
import { type Endpoint, type Remote, wrap } from "comlink";
import type { EngineApi } from "./api";

export interface EngineClient<T = EngineApi> {
  api: Remote<T>;
  /** Rejects pending and future calls with this error; the worker is gone. */
  dead: Promise<never>;
  terminate(): void;
}

/** Wraps an endpoint; `onDeath` registers a callback for the worker's error or exit. */
export function connectEngine<T = EngineApi>(
  endpoint: Endpoint,
  onDeath: (die: (why: string) => void) => void,
  terminate: () => void,
): EngineClient<T> {
  const raw = wrap<T>(endpoint);
  let die!: (why: string) => void;
  const dead = new Promise<never>((_, reject) => (die = (why) => reject(new Error(`engine worker stopped: ${why}`))));
  dead.catch(() => {});
  onDeath(die);
  const guard = <T>(p: Promise<T>) => Promise.race([p, dead]);
  const api = new Proxy(raw, {
    get(target, prop) {
      const member = (target as unknown as Record<string | symbol, unknown>)[prop];
      if (typeof member !== "function" || prop === "then") return member;
      return (...args: unknown[]) => guard((member as (...a: unknown[]) => Promise<unknown>)(...args));
    },
  }) as Remote<T>;
  return { api, dead, terminate };
}

/** In the browser: the module worker built as worker.js beside the page's script. */
export function startBrowserEngine<T = EngineApi>(url = new URL("./worker.js", import.meta.url)): EngineClient<T> {
  const worker = new Worker(url, { type: "module" });
  return connectEngine<T>(
    worker as unknown as Endpoint,
    (die) => {
      worker.addEventListener("error", (e) => die((e as ErrorEvent).message || "error"));
    },
    () => worker.terminate(),
  );
}
