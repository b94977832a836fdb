// Names and messages for the engine's codes (assembly/status.ts). Errors name the
// format, the byte offset and the numbers involved (STYLE.md, "Errors").
import { type Text, text } from "../model/text";
import * as S from "./wasm/layout";

/** Skip reasons, as they appear in diagnostics. */
export const SKIP_REASONS: Record<number, string> = {
  [S.R_TRUNCATED_RECORD]: "truncated-record",
  [S.R_TRUNCATED]: "truncated",
  [S.R_UNKNOWN_LINKTYPE]: "unknown-linktype",
  [S.R_NOT_IP]: "not-ip",
  [S.R_BAD_HEADER]: "bad-header",
  [S.R_TUNNEL_DEPTH]: "tunnel-depth",
  [S.R_LATE]: "late",
  [S.R_FLOW_TABLE_FULL]: "flow-table-full",
  [S.R_BAD_INTERFACE]: "bad-interface",
  [S.R_BAD_TIMESTAMP]: "bad-timestamp",
};

const BAD_HEADERS: Record<number, string> = {
  [S.BH_IPV4_VERSION]: "IPv4 header with another version",
  [S.BH_IPV4_IHL]: "IPv4 header length below 20",
  [S.BH_IPV4_LENGTH]: "IPv4 total length below its header length",
  [S.BH_IPV6_VERSION]: "IPv6 header with another version",
  [S.BH_IPV6_EXTENSIONS]: "more than 16 IPv6 extension headers",
  [S.BH_RAW_VERSION]: "raw IP packet whose version is neither 4 nor 6",
};

const hex = (n: number, digits = 4) => `0x${n.toString(16).padStart(digits, "0")}`;

/** Says what a skip sample's detail number means. */
export function describeSkip(reason: number, detail: number): string {
  switch (reason) {
    case S.R_TRUNCATED_RECORD:
      return `the file ends ${detail} bytes into this record`;
    case S.R_TRUNCATED:
      return "the captured bytes end before the headers do";
    case S.R_UNKNOWN_LINKTYPE:
      return `link type ${detail} is not decoded`;
    case S.R_NOT_IP:
      return detail > 0xffff ? `PPPoE carrying PPP protocol ${hex(detail & 0xffff)}` : `ethertype or family ${hex(detail)} is not IP`;
    case S.R_BAD_HEADER:
      return BAD_HEADERS[detail] ?? `malformed header (${detail})`;
    case S.R_TUNNEL_DEPTH:
      return `tunnels nested deeper than ${detail}`;
    case S.R_LATE:
      return `${detail} s older than the newest window; only one window of disorder is tolerated`;
    case S.R_FLOW_TABLE_FULL:
      return "the flow table of this window is full";
    case S.R_BAD_INTERFACE:
      return `interface ${detail} was not described by an IDB`;
    case S.R_BAD_TIMESTAMP:
      return `timestamp ${detail} s is outside 1970..2106`;
    default:
      return `reason ${reason}`;
  }
}

export const ERROR_CODES: Record<number, string> = {
  [S.E_EMPTY]: "empty",
  [S.E_BAD_MAGIC]: "bad-magic",
  [S.E_TRUNCATED_FILE_HEADER]: "truncated-file-header",
  [S.E_BLOCK_TOO_SHORT]: "block-too-short",
  [S.E_BLOCK_NOT_ALIGNED]: "block-not-aligned",
  [S.E_BAD_BYTE_ORDER]: "bad-byte-order",
  [S.E_RECORD_TOO_LARGE]: "record-too-large",
  [S.E_META_TOO_LARGE]: "block-too-large",
  [S.E_NO_SECTION]: "no-section-header",
  [S.E_TOO_MANY_INTERFACES]: "too-many-interfaces",
  [S.E_TRAILER_MISMATCH]: "trailer-mismatch",
  [S.E_CAPLEN_BEYOND_BLOCK]: "caplen-beyond-block",
  [S.E_BAD_RESOLUTION]: "bad-resolution",
  [S.E_BAD_VERSION]: "bad-version",
};

/**
 * The one-line reason for a file-level error, as a text (model/text.ts) whose messages are
 * the `capture_*` keys of _locales; `format` is 0 unknown, 1 pcap, 2 pcapng.
 */
export function describeError(code: number, format: number, offset: number, a: number, b: number): Text {
  const f = format === S.FORMAT_PCAP ? "pcap" : format === S.FORMAT_PCAPNG ? "pcapng" : text("capture_file");
  switch (code) {
    case S.E_EMPTY:
      return text("capture_empty");
    case S.E_BAD_MAGIC:
      return text("capture_bad_magic", hex(a, 8), offset);
    case S.E_TRUNCATED_FILE_HEADER:
      return text("capture_truncated_file_header", f, a, b);
    case S.E_BLOCK_TOO_SHORT:
      return text("capture_block_too_short", a, offset, b);
    case S.E_BLOCK_NOT_ALIGNED:
      return text("capture_block_not_aligned", a, offset);
    case S.E_BAD_BYTE_ORDER:
      return text("capture_bad_byte_order", hex(a, 8), offset + 8);
    case S.E_RECORD_TOO_LARGE:
      return text(format === S.FORMAT_PCAPNG ? "capture_block_too_large" : "capture_record_too_large", f, a, offset, b);
    case S.E_META_TOO_LARGE:
      return text("capture_header_block_too_large", a, offset, b);
    case S.E_NO_SECTION:
      return text("capture_no_section", hex(a, 8), offset);
    case S.E_TOO_MANY_INTERFACES:
      return text("capture_too_many_interfaces", a, offset);
    case S.E_TRAILER_MISMATCH:
      return text("capture_trailer_mismatch", offset - a + 4, a, offset, b);
    case S.E_CAPLEN_BEYOND_BLOCK:
      return text("capture_caplen_beyond_block", a, offset, b);
    case S.E_BAD_RESOLUTION:
      return text("capture_bad_resolution", hex(a, 2), offset);
    case S.E_BAD_VERSION:
      return text("capture_bad_version", f, a, offset, b);
    default:
      return text("capture_error", f, code, offset);
  }
}
