// Names and messages for the engine's codes (assembly/status.ts). Errors name the
// format, the byte offset and the numbers involved (STYLE.md, "Errors").
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

/** describeError in Chinese, for the viewer's zh_CN pages. */
export function describeErrorZh(code: number, format: number, offset: number, a: number, b: number): string {
  const f = format === S.FORMAT_PCAP ? "pcap" : format === S.FORMAT_PCAPNG ? "pcapng" : "抓包文件";
  switch (code) {
    case S.E_EMPTY:
      return "抓包文件：文件为空";
    case S.E_BAD_MAGIC:
      return `抓包文件：偏移 ${offset} 处的魔数 ${hex(a, 8)} 未知：不是 pcap 或 pcapng 文件`;
    case S.E_TRUNCATED_FILE_HEADER:
      return `${f}：文件在 ${a} 字节处结束，位于其 ${b} 字节的文件头内`;
    case S.E_BLOCK_TOO_SHORT:
      return `pcapng：偏移 ${offset} 处的块长度 ${a} 小于最小值 ${b}`;
    case S.E_BLOCK_NOT_ALIGNED:
      return `pcapng：偏移 ${offset} 处的块长度 ${a} 不是 4 的倍数`;
    case S.E_BAD_BYTE_ORDER:
      return `pcapng：偏移 ${offset + 8} 处的字节序魔数 ${hex(a, 8)} 既不是 0x1a2b3c4d 也不是 0x4d3c2b1a`;
    case S.E_RECORD_TOO_LARGE:
      return `${f}：偏移 ${offset} 处的${format === S.FORMAT_PCAPNG ? "块长度" : "捕获长度"} ${a} 超过上限 ${b}；文件已损坏`;
    case S.E_META_TOO_LARGE:
      return `pcapng：偏移 ${offset} 处 ${a} 字节的头部块超过上限 ${b}`;
    case S.E_NO_SECTION:
      return `pcapng：偏移 ${offset} 处的块类型 ${hex(a, 8)} 出现在任何节头块之前`;
    case S.E_TOO_MANY_INTERFACES:
      return `pcapng：一个节中的接口多于 ${a} 个（偏移 ${offset}）`;
    case S.E_TRAILER_MISMATCH:
      return `pcapng：偏移 ${offset - a + 4} 处的块长度为 ${a}，但其尾部长度（偏移 ${offset}）为 ${b}`;
    case S.E_CAPLEN_BEYOND_BLOCK:
      return `pcapng：偏移 ${offset} 处的捕获长度 ${a} 超出其块所能容纳的 ${b} 字节`;
    case S.E_BAD_RESOLUTION:
      return `pcapng：偏移 ${offset} 处的 if_tsresol ${hex(a, 2)} 比引擎保留的精度（10^-19 或 2^-44）更细`;
    case S.E_BAD_VERSION:
      return `${f}：偏移 ${offset} 处的主版本号 ${a} 不是 ${b}`;
    default:
      return `${f}：偏移 ${offset} 处出现错误 ${code}`;
  }
}

/** The one-line reason for a file-level error; `format` is 0 unknown, 1 pcap, 2 pcapng. */
export function describeError(code: number, format: number, offset: number, a: number, b: number): string {
  const f = format === S.FORMAT_PCAP ? "pcap" : format === S.FORMAT_PCAPNG ? "pcapng" : "capture";
  switch (code) {
    case S.E_EMPTY:
      return "capture: the file is empty";
    case S.E_BAD_MAGIC:
      return `capture: unknown magic ${hex(a, 8)} at offset ${offset}: not a pcap or pcapng file`;
    case S.E_TRUNCATED_FILE_HEADER:
      return `${f}: the file ends after ${a} bytes, inside its ${b}-byte header`;
    case S.E_BLOCK_TOO_SHORT:
      return `pcapng: block length ${a} at offset ${offset} is below the minimum ${b}`;
    case S.E_BLOCK_NOT_ALIGNED:
      return `pcapng: block length ${a} at offset ${offset} is not a multiple of 4`;
    case S.E_BAD_BYTE_ORDER:
      return `pcapng: byte-order magic ${hex(a, 8)} at offset ${offset + 8} is neither 0x1a2b3c4d nor 0x4d3c2b1a`;
    case S.E_RECORD_TOO_LARGE:
      return (
        `${f}: ${format === S.FORMAT_PCAPNG ? "block length" : "captured length"} ${a} at offset ${offset} is above the ` +
        `limit ${b}; the file is damaged`
      );
    case S.E_META_TOO_LARGE:
      return `pcapng: header block of ${a} bytes at offset ${offset} is above the limit ${b}`;
    case S.E_NO_SECTION:
      return `pcapng: block type ${hex(a, 8)} at offset ${offset} comes before any section header block`;
    case S.E_TOO_MANY_INTERFACES:
      return `pcapng: more than ${a} interfaces in one section (offset ${offset})`;
    case S.E_TRAILER_MISMATCH:
      return `pcapng: block at offset ${offset - a + 4} has length ${a} but its trailing length (at offset ${offset}) is ${b}`;
    case S.E_CAPLEN_BEYOND_BLOCK:
      return `pcapng: captured length ${a} at offset ${offset} does not fit the ${b} bytes its block has room for`;
    case S.E_BAD_RESOLUTION:
      return `pcapng: if_tsresol ${hex(a, 2)} at offset ${offset} is finer than the engine keeps (10^-19 or 2^-44)`;
    case S.E_BAD_VERSION:
      return `${f}: major version ${a} at offset ${offset} is not ${b}`;
    default:
      return `${f}: error ${code} at offset ${offset}`;
  }
}
