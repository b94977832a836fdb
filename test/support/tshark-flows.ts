// An independent reference for the engine: tshark dissects each frame (defragmentation
// off, every occurrence of each field), and this file takes the innermost header of a
// tunnel — but not the packet an ICMP error quotes, which follows the icmp layer — and
// aggregates the fields into flows by docs/rules.md §3's rules. It shares no code with src/.
import { execFileSync } from "node:child_process";
import type { Flow } from "../../src/engine/flow-record";

const FIELDS = [
  "frame.time_epoch",
  "frame.interface_id",
  "frame.protocols",
  "ip.src",
  "ip.dst",
  "ip.len",
  "ip.proto",
  "ip.id",
  "ip.frag_offset",
  "ip.flags.mf",
  "ipv6.src",
  "ipv6.dst",
  "ipv6.plen",
  "ipv6.nxt",
  "ipv6.fraghdr.nxt",
  "ipv6.fraghdr.offset",
  "ipv6.fraghdr.more",
  "ipv6.fraghdr.ident",
  "tcp.srcport",
  "tcp.dstport",
  "tcp.flags",
  "udp.srcport",
  "udp.dstport",
  "sctp.srcport",
  "sctp.dstport",
  "icmp.type",
  "icmp.code",
  "icmp.ident",
  "icmpv6.type",
  "icmpv6.code",
  "icmpv6.echo.identifier",
] as const;

/** tshark's flows have the engine's shape, so the goldens compare field for field. */
export type RefFlow = Flow;

export function tsharkAvailable(): boolean {
  try {
    execFileSync("tshark", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const TRANSPORTS: Record<string, number> = {
  tcp: 6,
  udp: 17,
  sctp: 132,
  icmp: 1,
  icmpv6: 58,
  gre: 47,
  esp: 50,
  ah: 51,
  ospf: 89,
  igmp: 2,
  vrrp: 112,
};

export function tsharkFlows(path: string, windowSeconds = 600): RefFlow[] {
  const out = execFileSync(
    "tshark",
    [
      "-r",
      path,
      "-n",
      "-o",
      "ip.defragment:FALSE",
      "-o",
      "ipv6.defragment:FALSE",
      "-T",
      "fields",
      "-E",
      "occurrence=a",
      "-E",
      "aggregator=,",
      "-E",
      "separator=\t",
      ...FIELDS.flatMap((f) => ["-e", f]),
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 28 },
  );
  const firstFragments = new Map<string, [number, number]>();
  const flows = new Map<string, RefFlow>();
  for (const line of out.split("\n")) {
    if (!line) continue;
    const cols = line.split("\t");
    const all = Object.fromEntries(FIELDS.map((name, i) => [name, cols[i] ?? ""])) as Record<(typeof FIELDS)[number], string>;
    // The layers up to an ICMP header: what follows it is the packet an ICMP error quotes.
    const whole = all["frame.protocols"].split(":");
    const icmpAt = whole.findIndex((l) => l === "icmp" || l === "icmpv6");
    const layers = icmpAt >= 0 ? whole.slice(0, icmpAt + 1) : whole;
    // Each field's value in the last of its protocol's layers within them (ip.* in the last IP header, ...).
    const f = Object.fromEntries(
      FIELDS.map((name) => {
        const proto = name.split(".")[0];
        const k = proto === "frame" ? 0 : layers.filter((l) => l === proto).length - 1;
        return [name, k < 0 ? "" : (all[name].split(",")[k] ?? "")];
      }),
    ) as Record<(typeof FIELDS)[number], string>;
    const ipAt = Math.max(layers.lastIndexOf("ip"), layers.lastIndexOf("ipv6"));
    if (ipAt < 0) continue; // not IP: the engine skips it too
    const v6 = layers[ipAt] === "ipv6";
    const [sec, frac = "0"] = f["frame.time_epoch"].split(".");
    const us = Number(sec) * 1e6 + Math.floor(Number(frac.padEnd(9, "0")) / 1000);
    const src = v6 ? f["ipv6.src"] : f["ip.src"];
    const dst = v6 ? f["ipv6.dst"] : f["ip.dst"];
    const bytes = v6 ? Number(f["ipv6.plen"]) + 40 : Number(f["ip.len"]);
    const after = layers.slice(ipAt + 1).find((l) => !l.startsWith("ipv6."));
    let protocol =
      after && after in TRANSPORTS ? TRANSPORTS[after] : v6 ? Number(f["ipv6.fraghdr.nxt"] || f["ipv6.nxt"]) : Number(f["ip.proto"]);
    const fragmented = v6 ? f["ipv6.fraghdr.ident"] !== "" : f["ip.flags.mf"] === "1" || Number(f["ip.frag_offset"]) > 0;
    const offset = v6 ? Number(f["ipv6.fraghdr.offset"] || 0) : Number(f["ip.frag_offset"] || 0);
    const more = v6 ? f["ipv6.fraghdr.more"] === "1" || f["ipv6.fraghdr.more"] === "True" : f["ip.flags.mf"] === "1";
    if (fragmented && v6) protocol = Number(f["ipv6.fraghdr.nxt"]);
    if (fragmented && !v6) protocol = Number(f["ip.proto"]);
    const fragKey = `${src}|${dst}|${protocol}|${v6 ? f["ipv6.fraghdr.ident"] : f["ip.id"]}`;
    let sport = 0,
      dport = 0,
      flags = 0;
    if (fragmented && offset > 0) {
      [sport, dport] = firstFragments.get(fragKey) ?? [0, 0];
    } else if (protocol === 6) {
      sport = Number(f["tcp.srcport"]);
      dport = Number(f["tcp.dstport"]);
      flags = parseInt(f["tcp.flags"] || "0", 16) & 0x1ff;
    } else if (protocol === 17) {
      sport = Number(f["udp.srcport"]);
      dport = Number(f["udp.dstport"]);
    } else if (protocol === 132) {
      sport = Number(f["sctp.srcport"]);
      dport = Number(f["sctp.dstport"]);
    } else if (protocol === 1 || protocol === 58) {
      const p = protocol === 1 ? "icmp" : "icmpv6";
      const type = Number(f[`${p}.type`]);
      dport = type * 256 + Number(f[`${p}.code`]);
      const echo = protocol === 1 ? type === 0 || type === 8 : type === 128 || type === 129;
      if (echo) sport = Number(protocol === 1 ? f["icmp.ident"] : f["icmpv6.echo.identifier"]);
    }
    if (fragmented && offset === 0 && more) firstFragments.set(fragKey, [sport, dport]);
    const iface = Number(f["frame.interface_id"] || 0);
    const window = Math.floor(us / 1e6 / windowSeconds) * windowSeconds;
    const key = [iface, window, src, sport, dst, dport, protocol].join("|");
    const e = flows.get(key);
    if (e) {
      e.packets++;
      e.bytes += bytes;
      e.tcpFlags |= flags;
      e.startUs = Math.min(e.startUs, us);
      e.endUs = Math.max(e.endUs, us);
    } else {
      flows.set(key, {
        interface: iface,
        window,
        srcaddr: src,
        srcport: sport,
        dstaddr: dst,
        dstport: dport,
        protocol,
        packets: 1,
        bytes,
        startUs: us,
        endUs: us,
        tcpFlags: flags,
      });
    }
  }
  return sortFlows([...flows.values()]);
}

export function sortFlows<T extends RefFlow>(flows: T[]): T[] {
  const key = (f: RefFlow) => [f.window, f.interface, f.protocol, f.srcaddr, f.srcport, f.dstaddr, f.dstport].join("|");
  return flows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
