// Writes the text2pcap-* captures: frames from test/support/packets.ts are dumped as hex
// and Wireshark's text2pcap (not our writer) turns them into capture files; their golden
// flows then come from tshark. Run: npx esbuild test/files/make-text2pcap-captures.ts
//   --bundle --platform=node --format=esm --outfile=/tmp/t2p.mjs && node /tmp/t2p.mjs
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as P from "../support/packets";

// Run from the repository root (the bundle does not live beside this file).
const here = join(process.cwd(), "test/files");
const T0 = 1_700_000_000;

function hexdump(frames: Uint8Array[]): string {
  return frames.map((f, i) => {
    const lines = [`${T0 + i}.`];
    for (let at = 0; at < f.length; at += 16) lines.push(`${at.toString(16).padStart(6, "0")} ${[...f.subarray(at, at + 16)].map((b) => b.toString(16).padStart(2, "0")).join(" ")}`);
    return lines.join("\n");
  }).join("\n\n") + "\n";
}

function write(name: string, linktype: number, format: "pcap" | "pcapng", frames: Uint8Array[]): void {
  const txt = join(mkdtempSync(join(tmpdir(), "t2p-")), "frames.txt");
  writeFileSync(txt, hexdump(frames));
  execFileSync("text2pcap", ["-q", "-F", format, "-l", String(linktype), "-t", "%s.", txt, join(here, name)]);
}

const v4 = (src: string, dst: string, protocol: number, l4: Uint8Array, extra = {}) => P.ipv4({ src, dst, protocol, ...extra }, l4);
const v6 = (src: string, dst: string, next: number, l4: Uint8Array, extensions?: Uint8Array) => P.ipv6({ src, dst, next, extensions }, l4);
const tcp4 = v4("192.0.2.10", "198.51.100.20", 6, P.tcp(49152, 443, P.TCP.SYN));
const udp6 = v6("2001:db8::10", "2001:db8::20", 17, P.udp(5353, 53, 30));
const icmp4 = v4("192.0.2.10", "198.51.100.20", 1, P.icmp(8, 0, 0x4242, 7));

write("text2pcap-sll.pcap", 113, "pcap", [P.sll(P.ETH.IPV4, tcp4), P.sll(P.ETH.IPV6, udp6), P.sll(P.ETH.IPV4, icmp4)]);
write("text2pcap-sll2.pcapng", 276, "pcapng", [P.sll2(P.ETH.IPV4, tcp4), P.sll2(P.ETH.IPV6, udp6)]);
write("text2pcap-raw.pcap", 101, "pcap", [tcp4, udp6, icmp4]);
write("text2pcap-null.pcap", 0, "pcap", [P.nullLoopback(2, tcp4), P.nullLoopback(30, udp6)]);

const inner = P.ethernet(P.ETH.IPV4, tcp4);
const outer = (protocol: number, payload: Uint8Array) => P.ethernet(P.ETH.IPV4, v4("10.0.0.1", "10.0.0.2", protocol, payload));
write("text2pcap-tunnels.pcapng", 1, "pcapng", [
  outer(17, P.udp(40000, 4789, P.vxlan(5001, inner))),                              // VXLAN, as traffic mirroring sends it
  outer(47, P.gre(0x0800, icmp4)),                                                   // GRE over IPv4
  outer(47, P.gre(0x88be, P.erspan2(1, P.ethernet(P.ETH.IPV6, udp6)), { sequence: 1 })),  // ERSPAN II
  outer(47, P.gre(0x22eb, P.erspan3(1, inner), { sequence: 2 })),                    // ERSPAN III
  outer(4, tcp4),                                                                    // IP-in-IP
  outer(41, udp6),                                                                   // 6in4
  P.ethernet(P.ETH.IPV4, tcp4, [100, 200]),                                          // QinQ
  P.ethernet(P.ETH.MPLS, P.mpls([100, 200], icmp4)),                                 // MPLS
  P.ethernet(P.ETH.PPPOE, P.pppoe(0x0057, udp6)),                                    // PPPoE
  P.ethernet(P.ETH.IPV6, v6("2001:db8::10", "2001:db8::20", 44, P.udp(7000, 7001, 1200), P.ipv6Fragment(17, 0, true, 99))),
  P.ethernet(P.ETH.IPV6, v6("2001:db8::10", "2001:db8::20", 44, new Uint8Array(600), P.ipv6Fragment(17, 1208, false, 99))),
  P.ethernet(P.ETH.IPV6, v6("2001:db8::10", "2001:db8::20", 0, P.icmp(128, 0, 31, 1), P.ipv6Extension(58))),
  P.ethernet(P.ETH.ARP, new Uint8Array(28)),
]);
console.log("made the text2pcap-* captures");
