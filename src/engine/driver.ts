// Drives an EngineCore over a byte stream: fills the input region (carrying the unread
// tail of the previous chunk), runs the core until it needs more, hands each finished
// window to the sink, and turns the header counters into a per-file report.

import { FlowLensError } from "../model/flowlens-error";
import type { Text } from "../model/text";
import type { EngineCore } from "./core";
import { describeError, describeSkip, ERROR_CODES, SKIP_REASONS } from "./status";
import { digestHex } from "./twin/content-hash";
import * as L from "./wasm/layout";

export interface WindowBatch {
  /** Window start, Unix seconds. */
  window: number;
  count: number;
  /** count x RECORD_SIZE bytes (src/engine/flow-record.ts reads them); owns its buffer. */
  records: Uint8Array;
  /** Flows not recorded because the window's table was full (SKIPDATA). */
  skipped: { packets: number; bytes: number; flows: number };
}

export interface SkipSample {
  reason: string;
  offset: number;
  detail: string;
}

export interface FileReport {
  name: string;
  format: "pcap" | "pcapng" | "unknown";
  bytes: number;
  /** 128 bits over the file's bytes as the engine read them (decompressed), in hex: the same content, the same hash. */
  contentHash: string;
  interfaces: number;
  sections: number;
  packetsRead: number;
  packetsAggregated: number;
  ipBytes: number;
  fragmentsWithoutFirst: number;
  tunnelsOpened: number;
  skipped: Record<string, number>;
  unknownLinktypes: Record<string, number>;
  samples: SkipSample[];
}

export class CaptureError extends FlowLensError {
  constructor(
    code: string,
    message: Text | string,
    readonly file: string,
    readonly offset: number,
  ) {
    super(code, message, { file, offset });
    this.name = "CaptureError";
  }
}

/** Linear counting over the 65536-bit sketch: distinct skipped flows, estimated. */
export function estimateDistinct(setBits: number, bits = L.BITMAP_BYTES * 8): number {
  if (setBits === 0) return 0;
  if (setBits >= bits) return Math.round(bits * Math.log(bits));
  return Math.round(-bits * Math.log((bits - setBits) / bits));
}

export interface DriverOptions {
  windowSeconds: number;
  flowsPerWindow: number;
  /** Filter mode: list the packets the filter selects (packet-filter.ts) instead of aggregating flows. */
  filter?: DriverFilter;
}

export interface DriverFilter {
  /** Two (want, mask) pairs of 48-byte keys (packet-filter.ts builds them). */
  pairs: Uint8Array;
  fromUs: number;
  toUs: number;
  /** Matches handed over at a time. */
  capacity: number;
  /** `matches` holds count x MATCH_SIZE bytes and owns its buffer. */
  onMatches(matches: Uint8Array): void;
}

/** Flows per window that a flow-table memory budget buys (2 slots; index at load 0.5). */
export function flowsForBudget(bytes: number): number {
  return Math.max(16, Math.min(0xfffffe, Math.floor(bytes / (2 * (L.RECORD_SIZE + 8)))));
}

/**
 * The input region has two halves of CARRY + CHUNK. New bytes always go into the chunk
 * area of the half the engine is not parsing, so a source can read the next chunk while
 * the engine parses this one; the unread tail of the parsed half is then copied into the
 * carry area just before the new bytes.
 */
export class CaptureDriver {
  private half = 0; // the half holding the bytes fed last (and so the tail)
  private tailAt = 0; // where the unread tail starts in the input region
  private tail = 0;
  private staged: { offset: number; length: number; fresh: number } | null = null;
  private name = "";
  private fileBytes = 0;
  private filter: DriverFilter | null = null;
  /** Flow records emitted so far, over all files. */
  flowsEmitted = 0;

  constructor(
    private core: EngineCore,
    options: DriverOptions,
    private onWindow: (batch: WindowBatch) => void,
  ) {
    if (!core.configure(options.windowSeconds, options.flowsPerWindow))
      throw new CaptureError(
        "bad-options",
        `engine: a window of ${options.windowSeconds} s (1 to ${L.MAX_WINDOW_SECONDS}) with a flow table of ` +
          `${options.flowsPerWindow} flows cannot be set up`,
        "",
        0,
      );
    const f = options.filter;
    if (f && !core.startFilter(f.capacity, f.pairs, f.fromUs, f.toUs))
      throw new CaptureError("bad-options", `engine: room for ${f.capacity} matched packets cannot be set up`, "", 0);
    this.filter = f ?? null;
  }

  get kind(): string {
    return this.core.kind;
  }

  /** Packets read so far in the current file. */
  get packetsRead(): number {
    return this.core.header()[L.H_PACKETS_READ];
  }

  beginFile(name: string): void {
    this.name = name;
    this.tail = 0;
    this.staged = null;
    this.fileBytes = 0;
    this.core.beginFile();
  }

  /** Where the next bytes go: the chunk area of the half not being parsed. */
  writable(): Uint8Array {
    const start = (1 - this.half) * L.INPUT_HALF + L.CARRY;
    return this.core.input().subarray(start, start + L.CHUNK);
  }

  /** `n` bytes were written to writable(): put the unread tail before them. */
  stage(n: number): void {
    const next = 1 - this.half;
    const offset = next * L.INPUT_HALF + L.CARRY - this.tail;
    this.core.input().copyWithin(offset, this.tailAt, this.tailAt + this.tail);
    this.half = next;
    this.fileBytes += n;
    this.staged = { offset, length: this.tail + n, fresh: n };
    this.tail = 0;
  }

  /** Parses what stage() set up; the other half is free for the next bytes meanwhile. */
  process(): void {
    const s = this.staged;
    if (!s) return;
    this.staged = null;
    this.pump(s.offset, s.length, false, s.fresh);
  }

  commit(n: number): void {
    this.stage(n);
    this.process();
  }

  /** Copies a chunk of any size in, as many fills as it takes. */
  write(chunk: Uint8Array): void {
    for (let at = 0; at < chunk.length; ) {
      const space = this.writable();
      const n = Math.min(space.length, chunk.length - at);
      space.set(chunk.subarray(at, at + n));
      at += n;
      this.commit(n);
    }
  }

  /** The file is complete: finish its last record and report on it. */
  endFile(): FileReport {
    this.process();
    this.pump(this.tailAt, this.tail, true, 0);
    this.tail = 0;
    this.handMatches();
    return this.report();
  }

  /** After the last file: emit every window still open. */
  finish(): void {
    while (this.core.flush() === L.S_WINDOW) this.emitWindow();
  }

  private pump(offset: number, length: number, final: boolean, fresh: number): void {
    const core = this.core;
    core.feed(offset, length, final, fresh);
    for (;;) {
      const status = core.run();
      if (status === L.S_WINDOW) {
        this.emitWindow();
      } else if (status === L.S_MATCHES) {
        this.handMatches();
      } else if (status === L.S_NEED_MORE) {
        const consumed = core.header()[L.H_CONSUMED];
        this.tailAt = offset + consumed;
        this.tail = length - consumed;
        if (this.tail > L.CARRY) throw new Error(`engine: ${this.tail} bytes left unread, more than the carry area holds`);
        return;
      } else if (status === L.S_ERROR) {
        const h = core.header();
        const code = h[L.H_ERROR_CODE];
        const at = h[L.H_ERROR_OFFSET];
        throw new CaptureError(
          ERROR_CODES[code] ?? `error-${code}`,
          describeError(code, h[L.H_FORMAT], at, h[L.H_ERROR_A], h[L.H_ERROR_B]),
          this.name,
          at,
        );
      } else {
        this.tail = 0;
        return;
      }
    }
  }

  /** The matches waiting, to the filter's sink; the engine then fills its buffer again. */
  private handMatches(): void {
    const f = this.filter;
    if (!f) return;
    const h = this.core.header();
    if (!h[L.H_MATCH_COUNT]) return;
    f.onMatches(this.core.matches().slice());
    h[L.H_MATCH_COUNT] = 0;
  }

  private emitWindow(): void {
    const h = this.core.header();
    this.flowsEmitted += h[L.H_EMIT_COUNT];
    this.onWindow({
      window: h[L.H_EMIT_WINDOW],
      count: h[L.H_EMIT_COUNT],
      records: this.core.emitted().slice(),
      skipped: { packets: h[L.H_EMIT_SKIP_PACKETS], bytes: h[L.H_EMIT_SKIP_BYTES], flows: estimateDistinct(h[L.H_EMIT_SKIP_BITS]) },
    });
  }

  private report(): FileReport {
    const h = this.core.header();
    const skipped: Record<string, number> = {};
    for (let r = 1; r < L.REASON_COUNT; r++) if (h[L.H_SKIP_BASE + r]) skipped[SKIP_REASONS[r]] = h[L.H_SKIP_BASE + r];
    const unknownLinktypes: Record<string, number> = {};
    for (let i = 0; i < L.LINKTYPE_PAIRS; i++) {
      const at = L.H_LINKTYPE_BASE + 2 * i;
      if (h[at + 1]) unknownLinktypes[String(h[at])] = h[at + 1];
    }
    const samples: SkipSample[] = [];
    for (let i = 0; i < h[L.H_SAMPLE_COUNT]; i++) {
      const at = L.H_SAMPLE_BASE + 3 * i;
      samples.push({ reason: SKIP_REASONS[h[at]], offset: h[at + 1], detail: describeSkip(h[at], h[at + 2]) });
    }
    return {
      name: this.name,
      format: h[L.H_FORMAT] === L.FORMAT_PCAP ? "pcap" : h[L.H_FORMAT] === L.FORMAT_PCAPNG ? "pcapng" : "unknown",
      bytes: this.fileBytes,
      contentHash: digestHex(h, L.H_DIGEST),
      interfaces: h[L.H_INTERFACE_COUNT],
      sections: h[L.H_SECTIONS],
      packetsRead: h[L.H_PACKETS_READ],
      packetsAggregated: h[L.H_PACKETS_AGGREGATED],
      ipBytes: h[L.H_BYTES_AGGREGATED],
      fragmentsWithoutFirst: h[L.H_FRAGMENTS_WITHOUT_FIRST],
      tunnelsOpened: h[L.H_TUNNELS_OPENED],
      skipped,
      unknownLinktypes,
      samples,
    };
  }
}
