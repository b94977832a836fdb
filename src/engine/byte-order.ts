// A 32-bit value with its bytes reversed: a byte-swapped capture's magic, as the engine's
// twin and the capture sniffer compare them (AssemblyScript has bswap<u32> built in).
export const bswap32 = (v: number): number => (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
