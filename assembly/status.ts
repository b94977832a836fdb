// Codes shared with src/engine/status.ts (checked by test/engine/layout.test.ts).
// run() returns a status; skips are counted by reason; errors stop the file.

export const S_NEED_MORE = 0;
export const S_WINDOW = 1;
export const S_ERROR = 2;
export const S_DONE = 3;
export const S_MATCHES = 4;  // filter mode: the match buffer is full; read it, set H_MATCH_COUNT to 0, run again

// Skip reasons: a packet not aggregated, counted in H_SKIP_BASE + reason.
export const R_TRUNCATED_RECORD = 1;  // the file ends inside this record or block
export const R_TRUNCATED = 2;         // captured bytes end before the headers do
export const R_UNKNOWN_LINKTYPE = 3;  // detail: link type
export const R_NOT_IP = 4;            // detail: ethertype / family / PPP protocol
export const R_BAD_HEADER = 5;        // detail: which check failed (BH_*)
export const R_TUNNEL_DEPTH = 6;      // more nested tunnels than MAX_DEPTH
export const R_LATE = 7;              // detail: seconds behind the newest window
export const R_FLOW_TABLE_FULL = 8;   // new flow in a window whose table is full
export const R_BAD_INTERFACE = 9;     // detail: interface id
export const R_BAD_TIMESTAMP = 10;    // detail: seconds
export const REASON_COUNT = 11;

// Detail of R_BAD_HEADER.
export const BH_IPV4_VERSION = 1;
export const BH_IPV4_IHL = 2;
export const BH_IPV4_LENGTH = 3;
export const BH_IPV6_VERSION = 4;
export const BH_IPV6_EXTENSIONS = 5;
export const BH_RAW_VERSION = 6;

// File-level errors: H_ERROR_CODE, with H_ERROR_OFFSET, H_ERROR_A, H_ERROR_B.
export const E_EMPTY = 1;
export const E_BAD_MAGIC = 2;              // A: first four bytes, big-endian
export const E_TRUNCATED_FILE_HEADER = 3;  // A: bytes present, B: bytes needed
export const E_BLOCK_TOO_SHORT = 4;        // A: block length, B: minimum
export const E_BLOCK_NOT_ALIGNED = 5;      // A: block length
export const E_BAD_BYTE_ORDER = 6;         // A: byte-order magic
export const E_RECORD_TOO_LARGE = 7;       // A: length, B: limit
export const E_META_TOO_LARGE = 8;         // A: length, B: limit
export const E_NO_SECTION = 9;             // A: block type
export const E_TOO_MANY_INTERFACES = 10;   // A: limit
export const E_TRAILER_MISMATCH = 11;      // A: leading length, B: trailing length
export const E_CAPLEN_BEYOND_BLOCK = 12;   // A: caplen, B: room in the block
export const E_BAD_RESOLUTION = 13;        // A: if_tsresol byte
export const E_BAD_VERSION = 14;           // A: major version
