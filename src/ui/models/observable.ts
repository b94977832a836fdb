// The state holder every page model is built on: the state as one immutable value, patched,
// and the listeners told after each patch (a page redraws; a test reads the state again).

export interface Observable<S> {
  get(): S;
  set(patch: Partial<S>): void;
  subscribe(fn: () => void): () => void;
}

export function observable<S extends object>(initial: S): Observable<S> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...patch };
      for (const l of listeners) l();
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
