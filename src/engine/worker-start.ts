// A browser module worker that is sent nothing until it has said it is listening, and that is
// ended and started again when it never says so (the wait doubled each time): what the caller
// posted meanwhile is held and goes to the one that answers, so a slow machine only waits longer,
// and no message is lost or sent twice. Why: in Firefox ESR's e2e runs a worker now and then stopped
// for good with every call waiting and no error event (docs/history.md, "CI at stop 27"); the
// cause measured was a worker starting another (now the page starts both), and a worker that is
// not there is now told apart from one that is slow.

/** The key of the message that hands the engine's worker the port it serves the viewer's worker on. */
export const ENGINE_PORT = "flowlens:engine-port";

/** What a worker posts once its module has run and comlink listens (announceReady). */
export const WORKER_READY = "flowlens:worker-ready";

/** Called by a worker's module as its last statement, after expose(). */
export function announceReady(): void {
  (self as unknown as { postMessage(m: unknown): void }).postMessage(WORKER_READY);
}

/** The first wait for the worker's word; then 2x, 4x… up to `tries` workers in all. */
const FIRST_WAIT_MS = 5_000;
const TRIES = 5;

type Listener = EventListenerOrEventListenerObject;

export interface StartingWorker {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: string, listener: Listener, options?: AddEventListenerOptions | boolean): void;
  removeEventListener(type: string, listener: Listener, options?: EventListenerOptions | boolean): void;
  terminate(): void;
}

/**
 * Starts `url` as a module worker behind an endpoint comlink can wrap. `onError` hears the worker's
 * error events, and a worker that never said it was ready after the last try.
 */
export function startWorker(
  url: URL,
  onError: (why: string) => void,
  create: (url: URL) => Worker = (u) => new Worker(u, { type: "module" }),
): StartingWorker {
  const listeners: [string, Listener, AddEventListenerOptions | boolean | undefined][] = [];
  const held: [unknown, Transferable[] | undefined][] = [];
  let worker: Worker;
  let ready = false;
  let ended = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onReady = (e: MessageEvent) => {
    if (e.data !== WORKER_READY || ready) return;
    ready = true;
    clearTimeout(timer);
    for (const [m, t] of held.splice(0)) worker.postMessage(m, t ?? []);
  };
  const start = (attempt: number) => {
    worker = create(url);
    worker.addEventListener("message", onReady as EventListener);
    worker.addEventListener("error", (e) => onError((e as ErrorEvent).message || "error"));
    for (const [type, l, o] of listeners) worker.addEventListener(type, l, o);
    timer = setTimeout(
      () => {
        if (ready || ended) return;
        worker.terminate();
        // Said where a developer looks (the console), since the user only sees a slower first answer.
        console.warn(`${url.pathname} said nothing in ${FIRST_WAIT_MS * 2 ** attempt} ms: ended and started again`);
        if (attempt + 1 < TRIES) start(attempt + 1);
        else onError(`${url.pathname} did not start (${TRIES} tries)`);
      },
      FIRST_WAIT_MS * 2 ** attempt,
    );
  };
  start(0);
  return {
    postMessage(message, transfer) {
      if (ready) worker.postMessage(message, transfer ?? []);
      else held.push([message, transfer]);
    },
    addEventListener(type, listener, options) {
      listeners.push([type, listener, options]);
      worker.addEventListener(type, listener, options);
    },
    removeEventListener(type, listener, options) {
      const k = listeners.findIndex(([t, l]) => t === type && l === listener);
      if (k >= 0) listeners.splice(k, 1);
      worker.removeEventListener(type, listener, options);
    },
    terminate() {
      ended = true;
      clearTimeout(timer);
      worker.terminate();
    },
  };
}
