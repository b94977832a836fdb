// The caller's side of the engine worker: a comlink proxy whose pending calls are
// rejected if the worker dies (comlink itself would wait forever).
import { type Endpoint, type Remote, wrap } from "comlink";
import type { EngineApi } from "./api";
import { ENGINE_PORT, startWorker } from "./worker-start";

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

/**
 * In the browser: the module worker built as worker.js beside the page's script, sent nothing until
 * it says it listens, and started again if it never does (worker-start.ts).
 */
export function startBrowserEngine<T = EngineApi>(url = new URL("./worker.js", import.meta.url)): EngineClient<T> {
  let die: (why: string) => void = () => {};
  const worker = startWorker(url, (why) => die(why));
  return connectEngine<T>(
    worker as unknown as Endpoint,
    (d) => {
      die = d;
    },
    () => worker.terminate(),
  );
}

/**
 * The capture engine in a worker of its own, started here (the page) and served on the port
 * returned, for another worker to wrap: a worker that starts one itself could be blocked for good
 * in Firefox ESR (viewer-worker.ts). `onDeath` hears the engine worker's error.
 */
export function startEnginePort(url: URL, onDeath: (why: string) => void): MessagePort {
  const worker = startWorker(url, onDeath);
  const channel = new MessageChannel();
  worker.postMessage({ [ENGINE_PORT]: channel.port1 }, [channel.port1]);
  return channel.port2;
}
