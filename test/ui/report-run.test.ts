// The Report page's model without a DOM: the bars first, then each analysis as it lands,
// a failed analysis kept as its message, and an older run's late answers dropped.
import { describe, expect, it } from "vitest";
import { readRecordsQuery } from "../../src/ui/models/records-url";
import { createReportRun, type ReportWorker } from "../../src/ui/models/report-run";

const histogram = { bucket: 60, start: 0, records: [1], bytes: [2], rejectRecords: [0], rejectBytes: [0], partialLast: false };

function worker(slow?: Promise<void>) {
  const seen: string[] = [];
  const w: ReportWorker = {
    openSearch: async (_p, _l, q) => {
      seen.push(`open ${q}`);
      if (q === "old" && slow) await slow;
      return { ok: true, id: q, total: q === "old" ? 1 : 2, chunksRead: 1, chunksSkipped: 0, ms: 0, histogram, statuses: [1, 0, 0] };
    },
    analysis: async (_p, _l, name, q) => {
      seen.push(`${name} ${q}`);
      if (name === "bad") throw new Error("the analysis failed");
      return { ok: true, result: { rows: [{ n: q.length, search: q }], approximate: false } as never };
    },
    cancelSearch: async () => {
      seen.push("cancel");
    },
  };
  return { w, seen };
}

describe("the Report model", () => {
  it("draws the bars, then each analysis, keeping a failure as its message", async () => {
    const { w, seen } = worker();
    const run = createReportRun(w);
    let updates = 0;
    run.subscribe(() => updates++);
    await run.load(readRecordsQuery({ store: "lab/flows", q: "action: REJECT" }), ["top-ports", "bad"], {});
    expect(run.state().chart).toEqual({ histogram, total: 2 });
    expect(run.state().results["top-ports"]).toMatchObject({ rows: [{ search: "action: REJECT" }] });
    expect(run.state().results.bad).toBe("the analysis failed");
    expect(seen).toEqual(["open action: REJECT", "top-ports action: REJECT", "bad action: REJECT"]);
    expect(updates).toBe(4);
    // The same query again runs nothing; stop() cancels in the worker.
    await run.load(readRecordsQuery({ store: "lab/flows", q: "action: REJECT" }), ["top-ports", "bad"], {});
    expect(seen).toHaveLength(3);
    run.stop();
    expect(seen.at(-1)).toBe("cancel");
  });

  it("drops an older run's late answers", async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => {
      release = r;
    });
    const { w } = worker(slow);
    const run = createReportRun(w);
    const old = run.load(readRecordsQuery({ store: "a/b", q: "old" }), ["top-ports"], {});
    await run.load(readRecordsQuery({ store: "a/b", q: "new" }), ["top-ports"], {});
    release();
    await old;
    expect(run.state().chart?.total).toBe(2);
    expect(run.state().results["top-ports"]).toMatchObject({ rows: [{ search: "new" }] });
  });
});
