// Fixed memory layout of the capture engine and the names of its numbers. TypeScript reads
// this same file (src/engine/wasm/layout.ts re-exports it), so the two cannot disagree.
//
//   offset      bytes        region
//   0           65536        AssemblyScript static data (the module allocates nothing at run time)
//   65536       2048         HEADER: 256 f64 control and counter slots (H_* below)
//   69632       32768        INTERFACES: 1024 pcapng interfaces x 32 bytes (IF_* below)
//   102400      1024         KEY: scratch flow key of the packet being decoded (+ fragment key)
//   103424      3072         QUEUE: 16 x 96-byte (room for 32) decoded packets waiting to be aggregated
//   106496      196608       FRAGMENTS: 4096 x 48-byte direct-mapped first-fragment table
//   303104      16384        BITMAPS: 2 x 65536-bit sketches of skipped flows, one per slot
//   327680      2621440      INPUT: two halves, each CARRY (room for the unread tail of the
//                            other half) + CHUNK; JS reads into one while the engine parses
//                            the other, and feed() says where the bytes start
//   2949120     ...          FLOWS: slot 0 then slot 1, each an index (u32 x IDX) then
//                            entries (RECORD_SIZE x capacity, 64-aligned); sized by configure()
//
// A flow entry is also the output record: 64 bytes, one cache line, little-endian:
//   0 srcaddr[16]  16 dstaddr[16]  (IPv4 as ::ffff:a.b.c.d)
//   32 interface u32  36 srcport u16  38 dstport u16  40 protocol u8  41 family u8 (4|6)
//   42 tcp-flags u16  44 packets u32 (saturating)  48 bytes f64
//   56 start u32  60 end u32 (microseconds after the window's start; the window is the batch's)
// The key is bytes 0..41.
//
// Filter mode (packet-filter.ts): KEY + FILTER_AT holds two (want, mask) pairs of 48-byte
// keys, and the FLOWS region holds matched packets instead of a flow table, MATCH_SIZE each:
//   0 time f64 (us)  8 record offset f64 (in the file as read, decompressed)
//   16 caplen u32  20 origlen u32  24 data offset in the record u16  26 tcp-flags u16
//   28 interface u16 (bit 15: matched the second pair, the reply direction)  30 linktype u16

export const HEADER: usize = 65536;
export const HEADER_SLOTS: i32 = 256;
export const INTERFACES: usize = 69632;
export const MAX_INTERFACES: i32 = 1024;
export const IF_SIZE: usize = 32;
export const KEY: usize = 102400;
// Decoded packets are aggregated 16 at a time, so that the flow-table cache misses of
// independent packets overlap (see flow-table.ts, accountQueued).
export const QUEUE: usize = 103424;
export const QUEUE_SLOTS: i32 = 16;
export const QUEUE_ENTRY: usize = 96;
export const FRAGMENTS: usize = 106496;
export const FRAG_SLOTS: i32 = 4096;
export const FRAG_SIZE: usize = 48;
export const BITMAPS: usize = 303104;
export const BITMAP_BYTES: usize = 8192;
export const INPUT: usize = 327680;
export const CARRY: i32 = 262144;
export const CHUNK: i32 = 1048576;
export const INPUT_HALF: i32 = 1310720;
export const INPUT_SIZE: i32 = 2621440;
export const FLOWS: usize = 2949120;
export const RECORD_SIZE: usize = 64;
// Start and end are u32 microseconds into the window, so a window is at most this long.
export const MAX_WINDOW_SECONDS: i32 = 3600;
export const FILTER_AT: usize = 512;
export const FILTER_PAIR: usize = 96;
export const MATCH_SIZE: usize = 32;
export const M_US: usize = 0;
export const M_OFFSET: usize = 8;
export const M_CAPLEN: usize = 16;
export const M_ORIGLEN: usize = 20;
export const M_DATA_AT: usize = 24;
export const M_FLAGS: usize = 26;
export const M_INTERFACE: usize = 28;
export const M_LINKTYPE: usize = 30;
export const M_REPLY: u32 = 0x8000;

// Only this many bytes of a packet are decoded: enough for any sane header chain, and
// the same whatever the chunk boundaries, so results never depend on how input arrives.
export const DECODE_LIMIT: i32 = 4096;
// SHB and IDB blocks are parsed whole, so they must fit in the carry region.
export const META_LIMIT: i32 = 65536;
// A record or block declaring more than this is damage, not data (never allocated anyway).
export const RECORD_LIMIT: i32 = 16777216;

// Interface entry (pcapng IDB, or the one pcap link): 0 linktype u32, 4 snaplen u32,
// 8 resolution kind u32 (0 = 10^-v, 1 = 2^-v), 12 v u32, 16 tsoffset f64 (seconds).
export const IF_LINKTYPE: usize = 0;
export const IF_SNAPLEN: usize = 4;
export const IF_RES_BINARY: usize = 8;
export const IF_RES_EXP: usize = 12;
export const IF_TSOFFSET: usize = 16;

// HEADER slots (f64 index).
export const H_CONSUMED = 0;        // bytes of INPUT consumed when run() returned NEED_MORE
export const H_BASE_OFFSET = 1;     // file offset of INPUT[0]
export const H_ERROR_CODE = 2;
export const H_ERROR_OFFSET = 3;
export const H_ERROR_A = 4;
export const H_ERROR_B = 5;
export const H_EMIT_WINDOW = 6;
export const H_EMIT_PTR = 7;
export const H_EMIT_COUNT = 8;
export const H_EMIT_SKIP_BITS = 9;   // set bits in the slot's skipped-flow sketch
export const H_EMIT_SKIP_PACKETS = 10;
export const H_EMIT_SKIP_BYTES = 11;
export const H_PACKETS_READ = 12;
export const H_PACKETS_AGGREGATED = 13;
export const H_BYTES_AGGREGATED = 14;
export const H_FRAGMENTS_WITHOUT_FIRST = 15;
export const H_TUNNELS_OPENED = 16;
export const H_WINDOW_SECONDS = 17;
export const H_CAPACITY = 18;
export const H_FORMAT = 19;          // 0 unknown, 1 pcap, 2 pcapng
export const H_INTERFACE_COUNT = 20;
export const H_SECTIONS = 21;
export const H_DIGEST = 22;          // 4 slots: the file's content hash (content-hash.ts), after its final feed
export const H_MATCH_COUNT = 26;     // filter mode: matched packets waiting in FLOWS (JS sets it to 0 when it has read them)
export const H_MATCH_CAPACITY = 27;  // filter mode: how many fit
export const H_FILTER_FROM = 28;     // filter mode: [from, to) in microseconds
export const H_FILTER_TO = 29;
export const H_SKIP_BASE = 32;       // + reason: packets skipped for that reason
export const H_LINKTYPE_BASE = 64;   // 16 pairs (linktype, count) of unknown link types
export const LINKTYPE_PAIRS = 16;
export const H_SAMPLE_COUNT = 127;
export const H_SAMPLE_BASE = 128;    // 32 samples x (reason, offset, detail)
export const MAX_SAMPLES = 32;
export const SAMPLES_PER_REASON = 3;

// The output record's fields (the table at the top): the engine writes them by these
// names, and every reader of the structs (src/engine/flow-record.ts) reads them so.
export const REC_SRCADDR: usize = 0;
export const REC_DSTADDR: usize = 16;
export const REC_INTERFACE: usize = 32;
export const REC_SRCPORT: usize = 36;
export const REC_DSTPORT: usize = 38;
export const REC_PROTOCOL: usize = 40;
export const REC_FAMILY: usize = 41;
export const REC_TCP_FLAGS: usize = 42;
export const REC_PACKETS: usize = 44;
export const REC_BYTES: usize = 48;
export const REC_START: usize = 56;
export const REC_END: usize = 60;

// Container formats, as H_FORMAT holds them.
export const FORMAT_UNKNOWN: i32 = 0;
export const FORMAT_PCAP: i32 = 1;
export const FORMAT_PCAPNG: i32 = 2;

// pcap magics as a little-endian read gives them (byte-swapped files give their bswap):
// microseconds, nanoseconds, and Kuznetzov's patched libpcap (24-byte record headers).
export const PCAP_MAGIC_US: u32 = 0xa1b2c3d4;
export const PCAP_MAGIC_NS: u32 = 0xa1b23c4d;
export const PCAP_MAGIC_MODIFIED: u32 = 0xa1b2cd34;

// pcapng block types, the section's byte-order magic, and the options read.
export const BLOCK_SHB: u32 = 0x0a0d0d0a;
export const BLOCK_IDB: u32 = 1;
export const BLOCK_OPB: u32 = 2;  // the obsolete Packet Block
export const BLOCK_SPB: u32 = 3;
export const BLOCK_EPB: u32 = 6;
export const BYTE_ORDER_MAGIC: u32 = 0x1a2b3c4d;
export const OPT_END: u32 = 0;
export const OPT_IF_NAME: u32 = 2;
export const OPT_IF_DESCRIPTION: u32 = 3;
export const OPT_IF_TSRESOL: u32 = 9;
export const OPT_IF_TSOFFSET: u32 = 14;

// Link types (tcpdump.org/linktypes.html) and ethertypes the decoder opens.
export const LINKTYPE_NULL: u32 = 0;
export const LINKTYPE_ETHERNET: u32 = 1;
export const LINKTYPE_RAW_BSD: u32 = 12;
export const LINKTYPE_RAW_OPENBSD: u32 = 14;
export const LINKTYPE_RAW: u32 = 101;
export const LINKTYPE_LOOP: u32 = 108;
export const LINKTYPE_LINUX_SLL: u32 = 113;
export const LINKTYPE_IPV4: u32 = 228;
export const LINKTYPE_IPV6: u32 = 229;
export const LINKTYPE_LINUX_SLL2: u32 = 276;
export const ETHERTYPE_IPV4: u32 = 0x0800;
export const ETHERTYPE_IPV6: u32 = 0x86dd;
export const ETHERTYPE_VLAN: u32 = 0x8100;
export const ETHERTYPE_QINQ: u32 = 0x88a8;
export const ETHERTYPE_QINQ_OLD1: u32 = 0x9100;
export const ETHERTYPE_QINQ_OLD2: u32 = 0x9200;
export const ETHERTYPE_MPLS: u32 = 0x8847;
export const ETHERTYPE_MPLS_MULTICAST: u32 = 0x8848;
export const ETHERTYPE_PPPOE_SESSION: u32 = 0x8864;
export const ETHERTYPE_TEB: u32 = 0x6558;  // transparent Ethernet bridging (GRE)
export const ETHERTYPE_ERSPAN: u32 = 0x88be;  // ERSPAN I and II
export const ETHERTYPE_ERSPAN3: u32 = 0x22eb;
