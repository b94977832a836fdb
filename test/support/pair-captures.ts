// Small captures of TCP connections between given address pairs (a SYN, then its SYN-ACK),
// for the tests of attribution over captures dropped one after another (docs/history.md #12).
import { writePcap } from "./capture-writer";
import * as P from "./packets";

const T0 = 1_800_000_000_000_000;

/** A pcap of one connection per pair: [client, server], the server on port 443. */
export function pairCapture(pairs: [string, string][]): Uint8Array {
  return writePcap(
    { linktype: 1 },
    pairs.flatMap(([a, b], k) => [
      {
        us: T0 + k * 1000,
        data: P.ethernet(P.ETH.IPV4, P.ipv4({ src: a, dst: b, protocol: 6 }, P.tcp(40000 + (k % 20000), 443, P.TCP.SYN))),
      },
      {
        us: T0 + k * 1000 + 500,
        data: P.ethernet(P.ETH.IPV4, P.ipv4({ src: b, dst: a, protocol: 6 }, P.tcp(443, 40000 + (k % 20000), P.TCP.SYN | P.TCP.ACK))),
      },
    ]),
  );
}
