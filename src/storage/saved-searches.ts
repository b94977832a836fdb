// Saved searches, named and per logstore, and the recent ones, as the log consoles keep
// them ("saved search" in SLS, "saved queries" in CloudWatch Logs Insights): two keys of
// the settings store, so a search is kept with the control plane it belongs to.
import { problem, refuse } from "../model/problems";
import { text } from "../model/text";
import type { FlowLensDb } from "./schema";

export interface SavedSearch {
  name: string;
  /** `project/logstore`. */
  store: string;
  q: string;
  savedAt: number;
}

export interface RecentSearch {
  store: string;
  q: string;
  at: number;
}

/** How many recent searches are kept. */
export const RECENT_KEPT = 10;

export function createSavedSearches(db: FlowLensDb, now: () => number = Date.now) {
  const read = async <T>(key: string): Promise<T[]> => ((await db.get("settings", key))?.value as T[] | undefined) ?? [];
  return {
    /** The logstore's saved searches (every logstore's when none is named), by name. */
    async savedSearches(store?: string): Promise<SavedSearch[]> {
      return (await read<SavedSearch>("savedSearches"))
        .filter((s) => !store || s.store === store)
        .sort((a, b) => a.name.localeCompare(b.name));
    },

    /** Saves a search under a name; a name the logstore already uses is refused unless `replace`. */
    async saveSearch(s: Omit<SavedSearch, "savedAt">, replace = false): Promise<void> {
      const name = typeof s.name === "string" ? s.name.trim() : "";
      if (!name || name.length > 64) refuse(problem("search.bad-name", "name", text("search_bad_name", name.length)));
      if (!/^[^/]+\/[^/]+$/.test(s.store)) refuse(problem("search.bad-store", "store", text("search_bad_store", s.store)));
      const tx = db.transaction(["settings"], "readwrite");
      const store = tx.objectStore("settings");
      const all = ((await store.get("savedSearches"))?.value as SavedSearch[] | undefined) ?? [];
      const same = all.findIndex((x) => x.store === s.store && x.name === name);
      if (same >= 0 && !replace) refuse(problem("search.exists", "name", text("search_exists", name, s.store)));
      const next = all.filter((_, i) => i !== same);
      next.push({ name, store: s.store, q: s.q, savedAt: now() });
      await store.put({ key: "savedSearches", value: next });
      await tx.done;
    },

    async deleteSavedSearch(store: string, name: string): Promise<void> {
      const all = await read<SavedSearch>("savedSearches");
      await db.put("settings", { key: "savedSearches", value: all.filter((x) => !(x.store === store && x.name === name)) });
    },

    /** The last searches run, newest first; the same search run again moves to the front. */
    async recentSearches(store?: string): Promise<RecentSearch[]> {
      return (await read<RecentSearch>("recentSearches")).filter((s) => !store || s.store === store);
    },

    async rememberSearch(store: string, q: string): Promise<void> {
      if (!q.trim()) return;
      const tx = db.transaction(["settings"], "readwrite");
      const settings = tx.objectStore("settings");
      const all = ((await settings.get("recentSearches"))?.value as RecentSearch[] | undefined) ?? [];
      const next = [{ store, q, at: now() }, ...all.filter((x) => !(x.store === store && x.q === q))].slice(0, RECENT_KEPT);
      await settings.put({ key: "recentSearches", value: next });
      await tx.done;
    },
  };
}
