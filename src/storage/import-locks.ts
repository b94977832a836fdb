// Which imports are really being written (docs/history.md #10): an import holds a Web Lock named
// after it for as long as it writes. The browser releases a lock the moment the worker
// or tab that held it goes, so an import still marked "writing" whose lock nobody holds
// was abandoned — known at once, not only once its heartbeat is a minute old. Where
// there is no Lock Manager (Node, the CLI), nothing is known and the heartbeat decides.

const PREFIX = "flowlens-import:";

export interface ImportLocks {
  /** Holds the import's lock (once granted) until the returned function is called. */
  hold(importId: string): Promise<() => void>;
  /** The ids whose locks are held now (by any tab or worker), or null when unknown. */
  held(): Promise<Set<string> | null>;
}

interface LockManagerLike {
  request(name: string, callback: () => Promise<void>): Promise<void>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

export function webImportLocks(
  locks: LockManagerLike | undefined = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks,
): ImportLocks {
  if (!locks) return { hold: async () => () => {}, held: async () => null };
  return {
    async hold(importId) {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      await new Promise<void>((granted) => {
        locks
          .request(PREFIX + importId, () => {
            granted();
            return released;
          })
          .catch(() => granted());
      });
      return release;
    },
    async held() {
      const state = await locks.query();
      return new Set(
        (state.held ?? [])
          .map((l) => l.name ?? "")
          .filter((n) => n.startsWith(PREFIX))
          .map((n) => n.slice(PREFIX.length)),
      );
    },
  };
}

/** An in-process stand-in for tests: locks held by this object only, released on demand. */
export function memoryImportLocks(): ImportLocks & { dropAll(): void } {
  const held = new Set<string>();
  return {
    async hold(importId) {
      held.add(importId);
      return () => {
        held.delete(importId);
      };
    },
    async held() {
      return new Set(held);
    },
    dropAll() {
      held.clear();
    }, // as a closed tab drops its locks
  };
}
