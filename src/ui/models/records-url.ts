// The Records page's state as it lives in the URL (`#records?store=…&q=…&from=…&to=…&sort=-bytes&ok=1`),
// so that reload, back and forward and a copied link restore a search, as the log
// consoles' query pages do. Times are Unix seconds.
export interface RecordsQuery {
  store: string;
  q: string;
  from?: number;
  to?: number;
  /** A column's order over the whole result; none: newest first. */
  sort?: { column: string; descending: boolean };
  /** Leave NODATA and SKIPDATA records out. */
  okOnly: boolean;
  /** A result the worker holds (the records a what-if draft changes) shown in place of a search. */
  result?: string;
}

const seconds = (v: string | undefined) => (v && /^\d{1,10}$/.test(v) ? Number(v) : undefined);

export function readRecordsQuery(params: Record<string, string>): RecordsQuery {
  const sort = params.sort ? { column: params.sort.replace(/^-/, ""), descending: params.sort.startsWith("-") } : undefined;
  // `window` (a capture window's start) is what older links and the Report's rows carry.
  const window = seconds(params.window);
  return {
    store: params.store ?? "",
    q: params.q ?? "",
    from: seconds(params.from) ?? window,
    to: seconds(params.to) ?? (window !== undefined ? window + Number(params.span ?? 60) - 1 : undefined),
    ...(sort?.column ? { sort } : {}),
    okOnly: params.ok === "1",
    ...(params.result ? { result: params.result } : {}),
  };
}

/** The logstore and time range the user last looked at, on Records or Report: the other page opens on them. */
let lastView: Pick<RecordsQuery, "store" | "from" | "to"> = { store: "" };
export const rememberView = (q: RecordsQuery): void => {
  lastView = { store: q.store, from: q.from, to: q.to };
};
export const viewToOpen = (): Pick<RecordsQuery, "store" | "from" | "to"> => lastView;

/** The Report's URL: the same logstore, search and range as the Records page's (no sort, no toggle). */
export function reportHash(q: Pick<RecordsQuery, "store" | "q" | "from" | "to">): string {
  return recordsHash({ ...q, okOnly: false }).replace(/^#records/, "#report");
}

export function recordsHash(q: RecordsQuery): string {
  const p = new URLSearchParams();
  if (q.store) p.set("store", q.store);
  if (q.q) p.set("q", q.q);
  if (q.from !== undefined) p.set("from", String(q.from));
  if (q.to !== undefined) p.set("to", String(q.to));
  if (q.sort) p.set("sort", `${q.sort.descending ? "-" : ""}${q.sort.column}`);
  if (q.okOnly) p.set("ok", "1");
  if (q.result) p.set("result", q.result);
  const s = p.toString();
  return `#records${s ? `?${s}` : ""}`;
}

export const sameQuery = (a: RecordsQuery, b: RecordsQuery): boolean => recordsHash(a) === recordsHash(b);

/** A value as the search language takes it: bare when it is one plain word, quoted otherwise (an IPv6 address, a space). */
export function searchValue(v: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(v) ? v : `"${v.replace(/(["\\])/g, "\\$1")}"`;
}

/** The search with `field: value` (or `not field: value`) appended, as a console's Filter and Exclude do. */
export function pivotQuery(q: string, field: string, value: string, exclude: boolean): string {
  const term = `${exclude ? "not " : ""}${field}: ${searchValue(value)}`;
  const base = q.trim();
  if (!base || base === "*") return term;
  return /\bor\b/i.test(base) ? `(${base}) and ${term}` : `${base} and ${term}`;
}

/** One local time as the viewer prints it (`2026-11-22 05:00[:00]`), in Unix seconds; null if it is not one. */
function localTime(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  return Number.isNaN(d.getTime()) || d.getMonth() !== Number(m[2]) - 1 ? null : Math.floor(d.getTime() / 1000);
}

/**
 * A time range typed as one text, `FROM – TO` (or `FROM to TO`, or the Chinese word for "to"
 * between; a bare date is its midnight): the range in seconds, `TO` included to its last
 * second when given without seconds; null when the text is not a range; empty is everything.
 */
export function parseRange(text: string): { from?: number; to?: number } | null {
  const t = text.trim();
  if (!t) return {};
  const parts = t.split(/\s+(?:–|-|—|to|\u81f3)\s+/);
  if (parts.length !== 2) return null;
  const from = localTime(parts[0]);
  const to = localTime(parts[1]);
  if (from === null || to === null || to < from) return null;
  const toSeconds = /:\d{2}:\d{2}$/.test(parts[1].trim()) ? 0 : /\d{2}:\d{2}$/.test(parts[1].trim()) ? 59 : 86399;
  return { from, to: to + toSeconds };
}
