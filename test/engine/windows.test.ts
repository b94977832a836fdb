// Capture windows (docs/rules.md §3, docs/history.md #2): alignment, emission order, tolerated disorder,
// and the flow table's fixed budget (SKIPDATA counts).
import { describe, expect, it } from "vitest";
import { estimateDistinct, flowsForBudget } from "../../src/engine/driver";
import { writePcap } from "../support/capture-writer";
import { runBoth, tuple } from "../support/engine";
import * as P from "../support/packets";

const S = 1_000_000; // one second in microseconds
const T0 = 1_700_000_400 * S; // a multiple of 60, 300 and 600 s
const pkt = (sport: number) => P.ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol: 17 }, P.udp(sport, 53));

describe("windows", () => {
  it("are aligned to multiples of the window length in Unix time and emitted oldest first", async () => {
    const file = writePcap({ linktype: 101 }, [
      { us: T0 + 59 * S, data: pkt(1) },
      { us: T0 + 60 * S, data: pkt(1) },
      { us: T0 + 61 * S, data: pkt(2) },
      { us: T0 + 250 * S, data: pkt(1) },
    ]);
    const r = await runBoth(file, { windowSeconds: 60 });
    expect(r.batches.map((b) => [b.window, b.count])).toEqual([
      [1_700_000_400, 1],
      [1_700_000_460, 2],
      [1_700_000_640, 1],
    ]);
    expect(r.flows.map((f) => [f.window, f.srcport, f.packets, f.startUs, f.endUs])).toEqual([
      [1_700_000_400, 1, 1, T0 + 59 * S, T0 + 59 * S],
      [1_700_000_460, 1, 1, T0 + 60 * S, T0 + 60 * S],
      [1_700_000_460, 2, 1, T0 + 61 * S, T0 + 61 * S],
      [1_700_000_640, 1, 1, T0 + 250 * S, T0 + 250 * S],
    ]);
  });

  it("tolerate timestamps out of order by up to one window; start and end are the earliest and latest", async () => {
    const file = writePcap({ linktype: 101 }, [
      { us: T0 + 70 * S, data: pkt(1) },
      { us: T0 + 10 * S, data: pkt(1) },
      { us: T0 + 65 * S, data: pkt(1) },
      { us: T0 + 119 * S, data: pkt(3) },
      { us: T0 + 5 * S, data: pkt(2) },
    ]);
    const r = await runBoth(file, { windowSeconds: 60 });
    expect(r.flows.map((f) => [f.window - 1_700_000_400, f.srcport, f.packets, (f.startUs - T0) / S, (f.endUs - T0) / S])).toEqual([
      [0, 1, 1, 10, 10],
      [0, 2, 1, 5, 5],
      [60, 1, 2, 65, 70],
      [60, 3, 1, 119, 119],
    ]);
    expect(r.reports[0].skipped).toEqual({});
  });

  it("count packets later than one window as late, never emitting a window twice", async () => {
    const file = writePcap({ linktype: 101 }, [
      { us: T0 + 130 * S, data: pkt(1) },
      { us: T0 + 10 * S, data: pkt(1) },
      { us: T0 + 131 * S, data: pkt(1) },
    ]);
    const r = await runBoth(file, { windowSeconds: 60 });
    expect(r.flows.map(tuple)).toEqual(["0 10.0.0.1:1 > 10.0.0.2:53 p17 n2 b56"]);
    expect(r.reports[0].skipped).toEqual({ late: 1 });
    expect(r.reports[0].samples).toEqual([
      { reason: "late", offset: 24 + 44, detail: "120 s older than the newest window; only one window of disorder is tolerated" },
    ]);
  });

  it("continue across files: rotated captures merge into the same windows", async () => {
    const a = writePcap({ linktype: 101 }, [{ us: T0 + S, data: pkt(1) }]);
    const b = writePcap({ linktype: 101 }, [{ us: T0 + 2 * S, data: pkt(1) }]);
    const r = await runBoth([a, b], { windowSeconds: 600 });
    expect(r.flows.map(tuple)).toEqual(["0 10.0.0.1:1 > 10.0.0.2:53 p17 n2 b56"]);
    expect(r.reports.map((x) => x.packetsAggregated)).toEqual([1, 1]);
  });
});

describe("the flow table's budget", () => {
  it("counts new flows beyond it per window as skipped, never losing them silently", async () => {
    const records = [];
    for (let i = 0; i < 10; i++) records.push({ us: T0 + i, data: pkt(100 + i) }, { us: T0 + i, data: pkt(100 + i) });
    records.push({ us: T0 + 61 * S, data: pkt(1) });
    const r = await runBoth(writePcap({ linktype: 101 }, records), { windowSeconds: 60, flowsPerWindow: 4 });
    expect(r.batches.map((b) => [b.count, b.skipped])).toEqual([
      [4, { packets: 12, bytes: 12 * 28, flows: 6 }],
      [1, { packets: 0, bytes: 0, flows: 0 }],
    ]);
    expect(r.flows.map((f) => [f.srcport, f.packets])).toEqual([
      [100, 2],
      [101, 2],
      [102, 2],
      [103, 2],
      [1, 1],
    ]);
    expect(r.reports[0]).toMatchObject({ packetsRead: 21, packetsAggregated: 9, skipped: { "flow-table-full": 12 } });
  });

  it("grows its index as flows arrive, keeping every flow and its order (20,000 flows)", async () => {
    const records = [];
    for (let i = 0; i < 20000; i++)
      records.push({
        us: T0 + i,
        data: P.ipv4({ src: `10.${(i >> 8) & 255}.${i & 255}.1`, dst: "10.0.0.2", protocol: 17 }, P.udp(1000 + (i % 7), 53)),
      });
    for (let i = 0; i < 20000; i += 3) records.push({ us: T0 + 30 * S + i, data: records[i].data });
    const r = await runBoth(writePcap({ linktype: 101 }, records), { windowSeconds: 60, flowsPerWindow: 50000 });
    expect(r.flows.length).toBe(20000);
    expect(r.flows.map((f) => f.srcaddr).slice(0, 3)).toEqual(["10.0.0.1", "10.0.1.1", "10.0.2.1"]);
    expect(r.flows.reduce((n, f) => n + f.packets, 0)).toBe(20000 + 6667);
    expect(r.flows[3].packets).toBe(2);
  });

  it("estimates the distinct skipped flows from the sketch (linear counting)", () => {
    expect(estimateDistinct(0)).toBe(0);
    expect(estimateDistinct(1)).toBe(1);
    expect(estimateDistinct(1000)).toBe(1008);
    expect(estimateDistinct(65536)).toBe(726817);
  });

  it("refuses windows longer than an hour (start and end are u32 microseconds into the window)", async () => {
    await expect(runBoth(writePcap({ linktype: 101 }, [{ us: T0, data: pkt(1) }]), { windowSeconds: 3601 })).rejects.toThrow(
      "engine: a window of 3601 s (1 to 3600) with a flow table of 4096 flows cannot be set up",
    );
  });

  it("is sized from a memory budget", () => {
    expect(flowsForBudget(64 << 20)).toBe(466033);
    expect(flowsForBudget(1)).toBe(16);
  });
});
