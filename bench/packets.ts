// A record's packets (docs/history.md #14): the busiest flow of the benchmark capture listed
// and saved as a pcap by the engine's filter mode, beside tcpdump writing the same flow with a
// BPF filter, whole processes on the same file in the same run (time, peak RSS, packets).
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatAddress } from "../src/engine/flow-record";
import { openFileSource } from "../src/engine/node-source";
import type { PacketRequest } from "../src/engine/packet-list";
import { createEngineService } from "../src/engine/service";
import { sectionHead } from "./capture-gen";
import { fmt } from "./figures";

/** The five-tuple of the file's first packet (the generator's flow 0, its busiest). */
function firstFlow(file: string): PacketRequest {
  const b = new Uint8Array(256);
  const fd = openSync(file, "r");
  readSync(fd, b, 0, b.length, sectionHead().length);
  closeSync(fd);
  const eth = 28,
    v = new DataView(b.buffer);
  const v6 = v.getUint16(eth + 12) === 0x86dd;
  const ip = eth + 14;
  const key = new Uint8Array(32);
  if (v6) key.set(b.subarray(ip + 8, ip + 40));
  else {
    key.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 0);
    key.set(b.subarray(ip + 12, ip + 16), 12);
    key.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 16);
    key.set(b.subarray(ip + 16, ip + 20), 28);
  }
  const l4 = ip + (v6 ? 40 : 20);
  return {
    srcaddr: formatAddress(key, 0, v6 ? 6 : 4),
    dstaddr: formatAddress(key, 16, v6 ? 6 : 4),
    protocol: b[ip + (v6 ? 6 : 9)],
    srcport: v.getUint16(l4),
    dstport: v.getUint16(l4 + 2),
    fromUs: 0,
    toUs: 2 ** 52,
  };
}

/** In a child process: FlowLens lists the flow's packets and saves them; prints its figures as JSON. */
export async function measurePackets(file: string, out: string): Promise<void> {
  const service = createEngineService({
    loadModule: async () => WebAssembly.compile(await readFile(new URL("./engine.wasm", import.meta.url))),
    openPath: openFileSource,
  });
  const t0 = process.hrtime.bigint();
  const r = await service.capturePackets({ path: file }, firstFlow(file));
  if (!r.ok) throw new Error(r.error.message);
  const tList = Number(process.hrtime.bigint() - t0) / 1e9;
  const saved = await service.savePackets([{ source: { path: file }, packets: r.packets }]);
  writeFileSync(out, new Uint8Array(await saved.arrayBuffer()));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ packets: r.packets.count, bytes: r.file.bytes, listSeconds: tList, seconds, maxRssMiB }));
}

function tcpdumpCount(path: string): number {
  return execFileSync("tcpdump", ["-r", path, "-nn", "-q"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 28 })
    .trim()
    .split("\n")
    .filter(Boolean).length;
}

export async function benchPackets(file: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "flowlens-packets-"));
  const q = firstFlow(file);
  const ours = join(dir, "flowlens.pcap");
  const r = spawnSync(process.execPath, [new URL(import.meta.url).pathname, "--measure-packets", file, ours], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`packets failed: ${r.stderr}`);
  const f = JSON.parse(r.stdout.trim().split("\n").pop()!);
  const flow = `${q.srcaddr}:${q.srcport} > ${q.dstaddr}:${q.dstport} (protocol ${q.protocol})`;
  console.log(
    `packets of ${flow}: FlowLens ${f.packets} packets of ${fmt(f.bytes / 1e9, 2)} GB listed in ${fmt(f.listSeconds, 3)} s, ` +
      `listed and saved ${fmt(f.seconds, 3)} s (${fmt(f.bytes / f.seconds / 1e9)} GB/s), peak RSS ${fmt(f.maxRssMiB, 0)} MiB`,
  );
  try {
    execFileSync("which", ["tcpdump"], { stdio: "ignore" });
  } catch {
    console.log("tcpdump: not installed (apt-get install tcpdump) — no reference figure");
    return;
  }
  const proto = q.protocol === 6 ? "tcp" : q.protocol === 17 ? "udp" : "icmp";
  const ports = q.protocol === 6 || q.protocol === 17 ? ` and src port ${q.srcport} and dst port ${q.dstport}` : "";
  const filter = `src host ${q.srcaddr} and dst host ${q.dstaddr} and ${proto}${ports}`;
  const theirs = join(dir, "tcpdump.pcap");
  const t0 = process.hrtime.bigint();
  const td = spawnSync("/usr/bin/time", ["-f", "%M", "tcpdump", "-r", file, "-w", theirs, filter], { encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const rssKiB = Number(td.stderr.trim().split("\n").pop());
  console.log(
    `tcpdump -r -w '${filter}': ${tcpdumpCount(theirs)} packets in ${fmt(seconds, 3)} s, peak RSS ${fmt(rssKiB / 1024, 0)} MiB; ` +
      `FlowLens ${fmt(seconds / f.seconds)}x its speed; FlowLens's pcap read back by tcpdump: ${tcpdumpCount(ours)} packets`,
  );
}
