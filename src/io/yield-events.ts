// Long jobs in a worker (an import, a search) let other events in now and then: reads can
// be synchronous (Node files) or resolve from memory (Blobs, cached chunks), and resolved
// promises alone never yield to a waiting message — a cancel() would wait for the whole job.

/** How often a long job lets other events in. */
export const YIELD_MS = 50;

export const yieldToEvents = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));

/** A function to await often: it yields once YIELD_MS have passed since it last did. */
export function eventYielder(now: () => number = Date.now): () => Promise<void> | void {
  let last = now();
  return () => {
    if (now() - last < YIELD_MS) return;
    return yieldToEvents().then(() => {
      last = now();
    });
  };
}
