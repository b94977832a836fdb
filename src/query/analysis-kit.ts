// What the analyses (query/analyses/) are made of: the registry entry each one is, the
// rows they return, and what they share — the search a row carries, the per-chunk address
// flags, the protocol names.
import { type Cidr, cidrTester } from "../model/cidr";
import type { ChunkColumns } from "../storage/record-columns";
import { addressKey } from "./heavy-hitters";

export interface AnalysisOptions {
  top?: number;
  bucketSeconds?: number;
  /** Address blocks that count as inside (admin ports from outside); default the private ranges. */
  insideCidrs?: string[];
  /** Addresses and blocks of a threat list (plain text or CSV, one per line, first column). */
  threatList?: string[];
  /** A source reaching at least this many destinations or ports in a window is a scan. */
  scanDestinations?: number;
  scanPorts?: number;
  /** traffic-with: the address. */
  address?: string;
  /** rare-protocols: protocols in fewer than this share of records. */
  rareShare?: number;
  /** Stops the analysis between two chunks (SearchCancelled). */
  signal?: AbortSignal;
}

export type Row = Record<string, string | number> & { search: string };
/** `approximate`: more distinct keys than the bounded tallies hold (counts are upper bounds). */
export interface AnalysisResult {
  name: string;
  rows: Row[];
  approximate: boolean;
}

/**
 * One pass of an analysis over the matching records: `visit` takes each (its chunk, its
 * index, its addresses' text when the analysis reads it, else "", and its bytes and
 * packets, negatives as 0), `rows` gives the table, each row with the search showing its records.
 */
export interface AnalysisPass {
  visit(c: ChunkColumns, i: number, src: string, dst: string, bytes: number, packets: number): void;
  rows(base: string): Row[];
  /** Whether a bounded tally dropped keys (counts are upper bounds). */
  approximate(): boolean;
}

/** A built-in analysis: its name, what it shows, what it needs given, whether it reads the addresses' text, and a fresh pass. */
export interface Analysis {
  name: string;
  description: string;
  /** An option it cannot run without (AnalysisOptions.address). */
  needs?: "address";
  usesText: boolean;
  start(o: AnalysisOptions, flags: AddressFlags): AnalysisPass;
}

export const q = (s: string) => JSON.stringify(s);
/** A row's search: the analysis's own search narrowed to the row. */
export const and = (base: string, extra: string) => (base.trim() ? `(${base}) and ${extra}` : extra);
/** What per-eni and in-out call the direction of a record whose log has none (AWS v2, Tencent). */
export const UNKNOWN_DIRECTION = "unknown";
export const directionSearch = (dir: string) => (dir === UNKNOWN_DIRECTION ? "not direction: *" : `direction: ${dir}`);
export const text = (c: ChunkColumns, f: keyof ChunkColumns["text"], i: number) => c.dict[c.text[f][i]] ?? "";
export { PROTOCOL_NAMES } from "../model/record-codes";
export const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"];

/**
 * Address tests (inside? on the threat list?) and top talkers' numeric keys, decided once
 * per dictionary entry of a chunk when first asked, with integer arithmetic for IPv4:
 * parsing each record's address with BigInt made admin-ports and threat-list take 35-38 s
 * on 10 M records.
 */
const EMPTY_CODES = new Int8Array(0),
  EMPTY_KEYS = new Float64Array(0);

export class AddressFlags {
  private isInside: (a: string) => boolean;
  private isThreat: (a: string) => boolean;
  private chunk: ChunkColumns | null = null;
  private insideCode = EMPTY_CODES;
  private threatCode = EMPTY_CODES;
  private keyCode = EMPTY_KEYS;

  constructor(inside: Cidr[], threats: Cidr[]) {
    this.isInside = cidrTester(inside);
    this.isThreat = cidrTester(threats);
  }

  /** Called with each record's chunk before the tests: a new chunk starts new caches (made when first asked). */
  at(c: ChunkColumns): void {
    if (this.chunk === c) return;
    this.chunk = c;
    this.insideCode = this.threatCode = EMPTY_CODES;
    this.keyCode = EMPTY_KEYS;
  }

  key(c: ChunkColumns, code: number): number {
    if (this.keyCode === EMPTY_KEYS) this.keyCode = new Float64Array(c.dict.length).fill(-1);
    const k = this.keyCode;
    return k[code] >= 0 ? k[code] : (k[code] = addressKey(c.dict[code]));
  }

  inside(c: ChunkColumns, code: number): boolean {
    if (this.insideCode === EMPTY_CODES) this.insideCode = new Int8Array(c.dict.length).fill(-1);
    const k = this.insideCode;
    return (k[code] >= 0 ? k[code] : (k[code] = this.isInside(c.dict[code]) ? 1 : 0)) === 1;
  }

  threat(c: ChunkColumns, code: number): boolean {
    if (this.threatCode === EMPTY_CODES) this.threatCode = new Int8Array(c.dict.length).fill(-1);
    const k = this.threatCode;
    return code > 0 && (k[code] >= 0 ? k[code] : (k[code] = this.isThreat(c.dict[code]) ? 1 : 0)) === 1;
  }
}
