// Imports that wait for ever (docs/history.md #10): a source that never delivers its next bytes.
// Cancel answers within a second, and an idle import with no progress is failed with a
// message; neither stores anything. The source is paused for good, so the outcome does
// not depend on the machine's speed.
import { readFile } from "node:fs/promises";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createEngineService } from "../../src/engine/service";
import { CANCEL_GRACE_MS, watchJob } from "../../src/workspace/job-watch";
import { createWorkspaceService } from "../../src/workspace/service";
import { freshPlane } from "../storage/fixture";

const engine = createEngineService({
  loadModule: async () => WebAssembly.compile(await readFile(new URL("../../build/engine.wasm", import.meta.url))),
});

/** A file whose first bytes read, and whose later bytes never arrive; `onStuck` is called when they are asked for. */
function stuckFile(name: string, head: Uint8Array, size: number, onStuck: () => void = () => {}): Blob {
  class StuckFile extends File {
    get size() {
      return size;
    }
    // Read as slices (blob-slices.ts): the first gives the head, any later one never returns.
    slice(start = 0) {
      if (start === 0) return new Blob([head as BlobPart]);
      return {
        arrayBuffer: () => {
          onStuck();
          return new Promise<ArrayBuffer>(() => {});
        },
      } as unknown as Blob;
    }
  }
  return new StuckFile([head as BlobPart], name);
}
const LOG = new TextEncoder().encode("2 1 eni-a 10.0.0.1 10.0.0.2 40000 22 6 3 180 1700000000 1700000059 ACCEPT OK\n");
// A pcap header (microseconds, Ethernet) and nothing more yet.
const PCAP = Uint8Array.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0]);

let plane: Awaited<ReturnType<typeof freshPlane>>;
beforeEach(async () => {
  plane = await freshPlane();
  await plane.cp.createProject({ name: "lab", description: "" });
  await plane.cp.createLogstore({ project: "lab", name: "flows", retentionDays: 30 });
});

describe("an import waiting on a source that never delivers", () => {
  for (const [kind, head] of [
    ["log", LOG],
    ["capture", PCAP],
  ] as const) {
    it(`is cancelled within a second (${kind})`, async () => {
      const ws = createWorkspaceService(plane.db, engine, Date.now, { stallMs: 3_600_000 });
      // Cancelled once the source has stopped (a hook of the paused source, no timer).
      let cancelled: Promise<boolean> | undefined;
      const cancel = () => {
        cancelled ??= ws.cancelImport(`c-${kind}`);
      };
      const pending = ws.importFile(stuckFile(`stuck.${kind}`, head, 1 << 30, cancel), {
        jobId: `c-${kind}`,
        logTarget: { project: "lab", logstore: "flows" },
      });
      expect(await pending).toEqual({ status: "cancelled", kind, file: `stuck.${kind}` });
      expect(await cancelled).toBe(true);
      expect((await plane.db.getAll("imports")).filter((i) => i.status === "committed")).toEqual([]);
    });

    it(`is failed with a message once idle with no progress (${kind})`, async () => {
      // The service's clock moves 60 ms a reading: the watch's ticks (each reads it once) see
      // idle time pass at the same pace on any machine, never a late tick.
      let t = 0;
      const ws = createWorkspaceService(plane.db, engine, () => (t += 60), { stallMs: 200 });
      const r = await ws.importFile(stuckFile(`stuck.${kind}`, head, 1 << 30), {
        jobId: `s-${kind}`,
        logTarget: { project: "lab", logstore: "flows" },
      });
      expect(r).toMatchObject({
        status: "error",
        kind,
        file: `stuck.${kind}`,
        error: {
          code: "stalled",
          message: expect.stringMatching(
            new RegExp(
              `^stuck\\.${kind}: no progress for \\d+ s \\(stopped at \\d+ of 1073741824 bytes\\); the import was ` +
                `stopped and nothing of it was stored$`,
            ),
          ),
        },
      });
      expect((await plane.db.getAll("imports")).filter((i) => i.status === "committed")).toEqual([]);
    });
  }
});

describe("watchJob", () => {
  it("takes a late tick (the worker computing) as progress, never as a stall", async () => {
    // Fake timers and a clock of the test's own: each tick is fired by the test, so what the
    // watch sees does not depend on how fast the machine runs.
    vi.useFakeTimers();
    let t = 0;
    const stalls: string[] = [];
    const w = watchJob(new AbortController().signal, () => stalls.push("stall"), { stallMs: 100, now: () => t });
    try {
      // Each tick (every 25 ms) comes 500 ms after the one before: the loop was busy in between.
      for (let k = 0; k < 6; k++) {
        t += 500;
        vi.advanceTimersByTime(25);
      }
      expect(stalls).toEqual([]);
      // Ticks on time with nothing happening: idle time adds up to a stall.
      for (let k = 0; k < 10; k++) {
        t += 30;
        vi.advanceTimersByTime(25);
      }
      expect(stalls).toEqual(["stall"]);
    } finally {
      w.stop();
      vi.useRealTimers();
    }
    expect(CANCEL_GRACE_MS).toBe(1000);
  });
});
