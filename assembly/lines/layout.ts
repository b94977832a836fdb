// Fixed memory layout of the flow-log line scanner (assembly/lines/index.ts), shared as
// TypeScript source with src/formats/line-scanner.ts, as assembly/layout.ts is with the
// capture engine's twin.
//
//   offset   bytes     region
//   0        65536     AssemblyScript static data (none is allocated at run time)
//   65536    64        KINDS: the kind of each field of the format, u8 (FK_* below)
//   65600    512       MAXES: the largest value of each numeric field, f64
//   66560    1024      FIELDS: per field of the line scanned, 16 bytes:
//                        0 start u32 (offset in memory)  4 end u32  8 value f64
//                      value: a number (-1: "-"); a text's FNV-1a hash (-1: "-");
//                      action 0 none, 1 ACCEPT, 2 REJECT; flow-direction 0, 1 ingress, 2 egress
//   131072   1048576   LINE: a slice of lines (line-reader.ts hands at most 1 MiB at a
//                      once), or one line (at most 1 MiB), scanned a line at a time

export const KINDS: u32 = 65536;
export const MAXES: u32 = 65600;
export const FIELDS: u32 = 66560;
export const FIELD_SIZE: u32 = 16;
export const MAX_FIELDS: u32 = 64;
export const LINE: u32 = 131072;
export const LINE_SIZE: u32 = 1048576;
/** Pages of 64 KiB the module starts with: everything above fits. */
export const PAGES: u32 = 18;

export const FK_NUMBER: u8 = 0;
export const FK_START: u8 = 1;
export const FK_END: u8 = 2;
export const FK_ADDRESS: u8 = 3;
export const FK_WORD: u8 = 4;
export const FK_ACTION: u8 = 5;
export const FK_STATUS: u8 = 6;
export const FK_FLOW_DIRECTION: u8 = 7;
