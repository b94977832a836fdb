// An import job under watch (docs/history.md #10): an import once sat at "72 MB" for five minutes,
// and Cancel did nothing until a reload. Two promises are kept here whatever the job is
// waiting for:
// - Cancel answers within CANCEL_GRACE_MS: the job is told (its signal), and if it has not
//   ended by then (a read that never returns), the caller is answered "cancelled" while
//   the job ends on its own once it wakes, seeing its signal and storing nothing.
// - A job that is idle with no progress for `stallMs` is failed with a message. Only idle
//   time counts: while the job computes, this watch's own ticks come late, and a late
//   tick is taken as progress, so a long synchronous step is never called a stall.

/** How long an import may wait with no progress before it is failed (30 s). */
export const STALL_MS = 30_000;
/** How long a cancelled job gets to end by itself before the caller is answered. */
export const CANCEL_GRACE_MS = 1_000;

export type WatchOutcome = { kind: "cancelled" } | { kind: "stalled"; idleMs: number };

export interface JobWatch {
  /** Call on every sign of progress (bytes read, lines, records written). */
  progress(): void;
  /** Settles once the job should be given up: cancelled (after the grace) or stalled. */
  gaveUp: Promise<WatchOutcome>;
  stop(): void;
}

export function watchJob(signal: AbortSignal, onStall: () => void, o: { stallMs?: number; now?: () => number } = {}): JobWatch {
  const now = o.now ?? Date.now;
  const stallMs = o.stallMs ?? STALL_MS;
  const tickMs = Math.max(5, Math.min(1000, stallMs / 4));
  let last = now(),
    lastTick = now();
  let timer: ReturnType<typeof setInterval> | undefined, grace: ReturnType<typeof setTimeout> | undefined;
  const onAbort = () => {
    grace = setTimeout(() => settle({ kind: "cancelled" }), CANCEL_GRACE_MS);
  };
  let settle!: (w: WatchOutcome) => void;
  const gaveUp = new Promise<WatchOutcome>((resolve) => {
    settle = (w) => {
      stop();
      resolve(w);
    };
  });
  function stop() {
    clearInterval(timer);
    clearTimeout(grace);
    signal.removeEventListener("abort", onAbort);
  }
  signal.addEventListener("abort", onAbort);
  timer = setInterval(() => {
    const t = now();
    if (t - lastTick > 2 * tickMs) last = t; // the worker was busy computing: that is progress
    lastTick = t;
    if (!signal.aborted && t - last > stallMs) {
      onStall();
      settle({ kind: "stalled", idleMs: t - last });
    }
  }, tickMs);
  return {
    progress: () => {
      last = now();
    },
    gaveUp,
    stop,
  };
}
