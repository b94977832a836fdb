// The capture engine's exports: numbers only (STYLE.md, "The WASM boundary").
// JS writes bytes at INPUT, then feed(len, final) and run() until NEED_MORE or DONE;
// WINDOW means a finished window waits at H_EMIT_PTR (H_EMIT_COUNT records).

import { HEADER, HEADER_SLOTS, MAX_WINDOW_SECONDS } from "./layout";
import { S_DONE, S_WINDOW } from "./status";
import { configureTable, flushOldest, releaseEmitted, resetTable } from "./flow-table";

import { forgetWindow } from "./container";
import { stopFilter } from "./packet-filter";

export { beginFile, feed, run } from "./container";
export { startFilter } from "./packet-filter";

/** Sets the window length and flows per window; clears all state. 0 if out of range or memory cannot grow. */
export function configure(windowSeconds: u32, flowsPerWindow: u32): i32 {
  if (windowSeconds == 0 || windowSeconds > <u32>MAX_WINDOW_SECONDS || flowsPerWindow == 0 || flowsPerWindow >= 0xffffff) return 0;
  memory.fill(HEADER, 0, <usize>HEADER_SLOTS * 8);
  forgetWindow();
  stopFilter();
  return configureTable(windowSeconds, flowsPerWindow) ? 1 : 0;
}

/** After the last file: emits the open windows, oldest first, one per call. */
export function flush(): i32 {
  releaseEmitted();
  forgetWindow();
  return flushOldest() ? S_WINDOW : S_DONE;
}

/** Clears the flow table (a new import), keeping the configuration. */
export function reset(): void {
  forgetWindow();
  resetTable();
}

/** Where AssemblyScript's static data ends: must stay below HEADER. */
export function heapBase(): usize {
  return __heap_base;
}
