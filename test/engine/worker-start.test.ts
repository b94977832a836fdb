// A browser worker sent nothing until it says it listens, and started again when it never does
// (src/engine/worker-start.ts): fake workers (EventTargets that record what they are sent) and
// fake timers, so that nothing here depends on how fast the machine is.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startWorker, WORKER_READY } from "../../src/engine/worker-start";

class FakeWorker extends EventTarget {
  posted: unknown[] = [];
  terminated = false;
  postMessage(m: unknown) {
    this.posted.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  say(data: unknown) {
    this.dispatchEvent(new MessageEvent("message", { data }));
  }
}

let made: FakeWorker[];
let warned: string[];
const create = () => {
  const w = new FakeWorker();
  made.push(w);
  return w as unknown as Worker;
};
const url = new URL("https://flowlens.invalid/worker.js");

beforeEach(() => {
  made = [];
  warned = [];
  vi.useFakeTimers();
  vi.spyOn(console, "warn").mockImplementation((m: string) => void warned.push(m));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("startWorker", () => {
  it("holds what is posted until the worker says it listens, then sends it in order", () => {
    const w = startWorker(url, () => {}, create);
    w.postMessage({ id: 1 });
    w.postMessage({ id: 2 });
    expect(made[0].posted).toEqual([]);
    made[0].say(WORKER_READY);
    expect(made[0].posted).toEqual([{ id: 1 }, { id: 2 }]);
    w.postMessage({ id: 3 });
    expect(made[0].posted).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    vi.advanceTimersByTime(60_000);
    expect(made).toHaveLength(1);
  });

  it("ends a worker that never says it listens and starts another, which gets the held messages and the listeners", () => {
    const errors: string[] = [];
    const w = startWorker(url, (why) => errors.push(why), create);
    const heard: unknown[] = [];
    w.addEventListener("message", (e) => heard.push((e as MessageEvent).data));
    w.postMessage({ id: 1 });
    vi.advanceTimersByTime(4_999);
    expect(made).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(made).toHaveLength(2);
    expect(made[0].terminated).toBe(true);
    expect(made[0].posted).toEqual([]);
    expect(warned).toEqual(["/worker.js said nothing in 5000 ms: ended and started again"]);
    // The second is waited for twice as long.
    vi.advanceTimersByTime(9_999);
    expect(made).toHaveLength(2);
    made[1].say(WORKER_READY);
    expect(made[1].posted).toEqual([{ id: 1 }]);
    made[1].say({ id: 1, value: "answer" });
    expect(heard).toEqual([WORKER_READY, { id: 1, value: "answer" }]);
    vi.advanceTimersByTime(600_000);
    expect(made).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it("says the worker did not start after five tries, 5 + 10 + 20 + 40 + 80 s", () => {
    const errors: string[] = [];
    startWorker(url, (why) => errors.push(why), create);
    vi.advanceTimersByTime(154_999);
    expect(made).toHaveLength(5);
    expect(errors).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(errors).toEqual(["/worker.js did not start (5 tries)"]);
    expect(made.every((w) => w.terminated)).toBe(true);
    expect(warned).toHaveLength(5);
  });

  it("passes a worker's error event on, and stops waiting once terminated", () => {
    const errors: string[] = [];
    const w = startWorker(url, (why) => errors.push(why), create);
    made[0].dispatchEvent(Object.assign(new Event("error"), { message: "SyntaxError: worker.js:1" }));
    expect(errors).toEqual(["SyntaxError: worker.js:1"]);
    w.terminate();
    vi.advanceTimersByTime(600_000);
    expect(made).toHaveLength(1);
  });
});
