// The Records page's model without a DOM: the URL is its state (every action navigates,
// `load` runs what the URL says), pivots append to the search, sorting cycles, the
// language's refusal keeps its position, and a stale search never overwrites a newer one.
import { describe, expect, it } from "vitest";
import { createRecordsSearch, type RecordsWorker } from "../../src/ui/models/records-search";
import { pivotQuery, readRecordsQuery, recordsHash, searchValue, viewToOpen } from "../../src/ui/models/records-url";
import type { SearchOpened } from "../../src/workspace/api";

function fakeWorker(answer: (q: string) => SearchOpened | Promise<SearchOpened>) {
  const calls: string[] = [];
  const worker: RecordsWorker = {
    openSearch: async (p, l, q, range, o) => {
      calls.push(`open ${p}/${l} ${q} ${range.from ?? ""}-${range.to ?? ""}${o?.okOnly ? " ok" : ""}`);
      return answer(q);
    },
    cancelSearch: async () => {
      calls.push("cancel");
    },
    rows: async (_id, offset, limit) => Array.from({ length: limit }, (_, k) => ({ start: offset + k }) as never),
    sortSearch: async (id, column, descending) => {
      calls.push(`sort ${id} ${column} ${descending}`);
      return true;
    },
    openResult: async (id) => {
      calls.push(`result ${id}`);
      return found(id, 2);
    },
    sqlSearch: async (p, l, q) => {
      calls.push(`sql ${p}/${l} ${q}`);
      return q.includes("oops")
        ? { ok: false, error: { message: "Parser Error: syntax error", position: q.indexOf("oops") } }
        : { ok: true, columns: [{ name: "n", type: "Int64" }], rows: [[3]], truncated: false, records: 3, ms: 1 };
    },
  };
  return { worker, calls };
}

const found = (id: string, total: number): SearchOpened => ({
  ok: true,
  id,
  total,
  chunksRead: 1,
  chunksSkipped: 0,
  ms: 1,
  histogram: null,
  statuses: [total, 0, 0],
});

/** The model with a URL that loops back into it, as the viewer's hashchange does. */
function wired(worker: RecordsWorker) {
  const urls: string[] = [];
  let pending: Promise<void> = Promise.resolve();
  const model = createRecordsSearch({
    worker,
    navigate: (hash) => {
      urls.push(hash);
      pending = model.load(readRecordsQuery(Object.fromEntries(new URLSearchParams(hash.split("?")[1] ?? ""))));
    },
  });
  return { model, urls, settled: () => pending };
}

describe("the Records URL", () => {
  it("round-trips search, range, sort and the empty-record toggle", () => {
    const q = {
      store: "lab/flows",
      q: 'srcaddr: "fd77::1"',
      from: 1700000000,
      to: 1700003599,
      sort: { column: "bytes", descending: true },
      okOnly: true,
    };
    const hash = recordsHash(q);
    expect(hash).toBe("#records?store=lab%2Fflows&q=srcaddr%3A+%22fd77%3A%3A1%22&from=1700000000&to=1700003599&sort=-bytes&ok=1");
    expect(readRecordsQuery(Object.fromEntries(new URLSearchParams(hash.split("?")[1])))).toEqual(q);
  });
  it("reads an older link's capture window as a range", () => {
    expect(readRecordsQuery({ store: "a/b", window: "1700000040" })).toMatchObject({ from: 1700000040, to: 1700000099 });
  });
  it("quotes what is not one plain word, and appends pivots", () => {
    expect([searchValue("10.0.0.1"), searchValue("fd77::1"), searchValue("a b")]).toEqual(["10.0.0.1", '"fd77::1"', '"a b"']);
    expect(pivotQuery("", "dstport", "443", false)).toBe("dstport: 443");
    expect(pivotQuery("*", "action", "REJECT", true)).toBe("not action: REJECT");
    expect(pivotQuery("action: REJECT", "srcaddr", "fd77::2", false)).toBe('action: REJECT and srcaddr: "fd77::2"');
    expect(pivotQuery("dstport: 22 or dstport: 3389", "action", "ACCEPT", true)).toBe(
      "(dstport: 22 or dstport: 3389) and not action: ACCEPT",
    );
  });
});

describe("the Records model", () => {
  it("sends a query with SQL after its | to DuckDB, and shows DuckDB's error at its place", async () => {
    const { worker, calls } = fakeWorker((q) => found(`r-${q}`, 10));
    const { model, settled } = wired(worker);
    await model.load(readRecordsQuery({ store: "lab/flows" }));
    model.search("action: REJECT | SELECT count(*) AS n");
    await settled();
    expect(calls.at(-1)).toBe("sql lab/flows action: REJECT | SELECT count(*) AS n");
    expect(model.state()).toMatchObject({ opened: null, sql: { rows: [[3]] }, queryError: null });
    model.search("* | oops");
    await settled();
    expect(model.state()).toMatchObject({ sql: null, queryError: { message: "Parser Error: syntax error", position: 4 } });
  });

  it("runs what the URL says, and every action goes through the URL", async () => {
    const { worker, calls } = fakeWorker((q) => found(`r-${q}`, 10));
    const { model, urls, settled } = wired(worker);
    await model.load(readRecordsQuery({ store: "lab/flows" }));
    expect(model.state()).toMatchObject({ running: false, opened: { total: 10 } });
    expect(model.state().pages!.rowAt(0)).toBeUndefined(); // fetched as the table scrolls
    model.pivot("dstport", "443", false);
    await settled();
    model.sortBy("bytes");
    await settled();
    model.sortBy("bytes");
    await settled();
    model.sortBy("bytes");
    await settled();
    model.setRange(100, 199);
    await settled();
    model.setOkOnly(true);
    await settled();
    expect(urls).toEqual([
      "#records?store=lab%2Fflows&q=dstport%3A+443",
      "#records?store=lab%2Fflows&q=dstport%3A+443&sort=bytes",
      "#records?store=lab%2Fflows&q=dstport%3A+443&sort=-bytes",
      "#records?store=lab%2Fflows&q=dstport%3A+443",
      "#records?store=lab%2Fflows&q=dstport%3A+443&from=100&to=199",
      "#records?store=lab%2Fflows&q=dstport%3A+443&from=100&to=199&ok=1",
    ]);
    expect(calls.filter((c) => !c.startsWith("cancel"))).toEqual([
      "open lab/flows  -",
      "open lab/flows dstport: 443 -",
      "open lab/flows dstport: 443 -",
      "sort r-dstport: 443 bytes false",
      "open lab/flows dstport: 443 -",
      "sort r-dstport: 443 bytes true",
      "open lab/flows dstport: 443 -",
      "open lab/flows dstport: 443 100-199",
      "open lab/flows dstport: 443 100-199 ok",
    ]);
    // The same URL again (a re-render) runs nothing; after something was stored it runs again.
    const before = calls.length;
    const same = readRecordsQuery({ store: "lab/flows", q: "dstport: 443", from: "100", to: "199", ok: "1" });
    await model.load(same);
    expect(calls.length).toBe(before);
    await model.load(same, true);
    expect(calls.filter((c) => !c.startsWith("cancel")).length).toBe(10);
  });

  it("keeps the language's refusal with its position", async () => {
    const { worker } = fakeWorker(() => ({
      ok: false,
      error: { message: "position 11: expected a number", position: 10, expected: "a number" },
    }));
    const { model } = wired(worker);
    await model.load(readRecordsQuery({ store: "lab/flows", q: "dstport > " }));
    expect(model.state()).toMatchObject({ opened: null, queryError: { position: 10 }, running: false });
  });

  it("lets a newer search win over an older one that answers late", async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => {
      release = r;
    });
    const { worker } = fakeWorker(async (q) => {
      if (q === "old") await slow;
      return found(q, q === "old" ? 1 : 2);
    });
    const { model } = wired(worker);
    const old = model.load(readRecordsQuery({ store: "a/b", q: "old" }));
    await model.load(readRecordsQuery({ store: "a/b", q: "new" }));
    release();
    await old;
    expect(model.state().opened).toMatchObject({ id: "new", total: 2 });
  });
});

describe("a time range typed as one text", () => {
  it("reads FROM – TO in local time, the end to its last second", async () => {
    const { parseRange } = await import("../../src/ui/models/records-url");
    const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s).getTime() / 1000;
    expect(parseRange("2026-11-22 05:00 – 2026-11-22 06:00")).toEqual({ from: at(2026, 11, 22, 5), to: at(2026, 11, 22, 6, 0, 59) });
    expect(parseRange("2026-11-22 05:00:10 to 2026-11-22 05:00:20")).toEqual({
      from: at(2026, 11, 22, 5, 0, 10),
      to: at(2026, 11, 22, 5, 0, 20),
    });
    expect(parseRange("2026-11-22 - 2026-11-23")).toEqual({ from: at(2026, 11, 22), to: at(2026, 11, 23, 23, 59, 59) });
    expect(parseRange("")).toEqual({});
    for (const bad of ["yesterday", "2026-11-22 06:00 – 2026-11-22 05:00", "2026-02-30 – 2026-03-01", "2026-11-22"])
      expect(parseRange(bad), bad).toBeNull();
  });
});

describe("the view the Records and Report pages open on", () => {
  it("keeps the last logstore and range, not a URL that names no logstore yet", async () => {
    const { model } = wired(fakeWorker(() => found("s1", 3)).worker);
    await model.load(readRecordsQuery({ store: "p/l", from: "100", to: "200" }));
    expect(viewToOpen()).toEqual({ store: "p/l", from: 100, to: 200 });
    // "#records" from the navigation, before the page has picked the logstore to show.
    await model.load(readRecordsQuery({}));
    expect(viewToOpen()).toEqual({ store: "p/l", from: 100, to: 200 });
  });
});
