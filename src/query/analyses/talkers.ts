// Analyses of who talks: the top sources, destinations and pairs, and one address's peers.
import { type Analysis, and, q, type Row } from "../analysis-kit";
import { HeavyHitters, pairKey } from "../heavy-hitters";
import { Tally } from "../tally";

export const topTalkers: Analysis = {
  name: "top-talkers",
  description: "sources, destinations and pairs with the most bytes",
  usesText: true,
  start(o, flags) {
    // Numeric keys (an address's, computed once per dictionary entry of a chunk) in fixed memory.
    const sources = new HeavyHitters(),
      destinations = new HeavyHitters(),
      pairs = new HeavyHitters();
    return {
      visit(c, i, src, dst, bytes, packets) {
        if (!src) return;
        const sk = flags.key(c, c.text.srcaddr[i]),
          dk = flags.key(c, c.text.dstaddr[i]);
        sources.add(sk, src, "", bytes, packets);
        destinations.add(dk, dst, "", bytes, packets);
        pairs.add(pairKey(sk, dk), src, dst, bytes, packets);
      },
      rows(base) {
        const top = o.top ?? 10;
        const row = (kind: string, address: string, v: { bytes: number; packets: number; records: number }, search: string): Row => ({
          kind,
          address,
          bytes: v.bytes,
          packets: v.packets,
          records: v.records,
          search: and(base, search),
        });
        return [
          ...sources.top(top).map((v) => row("source", v.a, v, `srcaddr: ${q(v.a)}`)),
          ...destinations.top(top).map((v) => row("destination", v.a, v, `dstaddr: ${q(v.a)}`)),
          ...pairs.top(top).map((v) => row("pair", `${v.a} > ${v.b}`, v, `srcaddr: ${q(v.a)} and dstaddr: ${q(v.b)}`)),
        ];
      },
      approximate: () => sources.approximate || destinations.approximate || pairs.approximate,
    };
  },
};

export const trafficWith: Analysis = {
  name: "traffic-with",
  description: "traffic to or from one address",
  needs: "address",
  usesText: true,
  start(o) {
    const t = new Tally(8192, "bytes");
    const address = o.address;
    return {
      visit(_c, _i, src, dst, bytes, packets) {
        if (src === address || dst === address) t.add(`${src === address ? "from" : "to"}|${src === address ? dst : src}`, bytes, packets);
      },
      rows(base) {
        return t.top(o.top ?? 10).map(([k, v]) => {
          const [direction, peer] = k.split("|");
          const search =
            direction === "from" ? `srcaddr: ${q(address!)} and dstaddr: ${q(peer)}` : `dstaddr: ${q(address!)} and srcaddr: ${q(peer)}`;
          return { direction, peer, bytes: v.bytes, packets: v.packets, records: v.records, search: and(base, search) };
        });
      },
      approximate: () => t.approximate,
    };
  },
};
