// A record's packets saved as a capture, checked by Wireshark's own reader: tshark opens
// what FlowLens writes and finds, frame for frame, the packets that its display filter
// picks from the original capture (time, length, and an MD5 of every frame's bytes).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Flow } from "../../src/engine/flow-record";
import { packetAt } from "../../src/engine/packet-list";
import { createEngineService } from "../../src/engine/service";
import { writePcapng } from "../support/capture-writer";
import * as P from "../support/packets";
import { tsharkAvailable } from "../support/tshark-flows";

const service = createEngineService({
  loadModule: async () => WebAssembly.compile(await readFile(new URL("../../build/engine.wasm", import.meta.url))),
});
const files = new URL("../files/", import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "flowlens-packets-"));

/** Per frame: the time in whole microseconds, the length, the MD5 of its bytes. */
function frames(path: string, filter?: string): string[] {
  const out = execFileSync(
    "tshark",
    [
      "-r",
      path,
      "-o",
      "frame.generate_md5_hash:TRUE",
      ...(filter ? ["-Y", filter] : []),
      "-T",
      "fields",
      "-e",
      "frame.time_epoch",
      "-e",
      "frame.len",
      "-e",
      "frame.md5_hash",
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
  );
  return out
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [time, len, md5] = line.split("\t");
      const [sec, frac = ""] = time.split(".");
      const us = BigInt(sec) * 1_000_000n + BigInt(Math.round(Number(`${frac}000000000`.slice(0, 9)) / 1000));
      return `${us} ${len} ${md5}`;
    });
}

/** The golden flow with the most packets, as the engine's records name flows. */
const busiest = (name: string): Flow =>
  (JSON.parse(readFileSync(new URL(name, files), "utf8")) as Flow[]).sort((a, b) => b.packets - a.packets)[0];

const portField = (protocol: number) => (protocol === 6 ? "tcp" : protocol === 17 ? "udp" : "sctp");

describe.runIf(tsharkAvailable())("a record's packets, saved, as tshark reads them", () => {
  for (const [capture, golden] of [
    ["tcpdump-veth.pcap", "tcpdump-veth.flows.json"],
    ["editcap-veth.pcapng.gz", "editcap-veth.flows.json"],
    ["editcap-veth-nsec.pcap", "editcap-veth-nsec.flows.json"],
  ]) {
    it(`${capture}: the conversation tshark's filter picks, frame for frame`, async () => {
      const f = busiest(golden);
      const source = new Blob([readFileSync(new URL(capture, files))]);
      const request = { ...f, fromUs: f.startUs, toUs: f.endUs + 1, replies: true };
      const listed = await service.capturePackets(source, request);
      if (!listed.ok) throw new Error(JSON.stringify(listed.error));
      const own = [...Array(listed.packets.count)].filter((_, i) => !packetAt(listed.packets, i).reply).length;
      expect(own).toBe(f.packets);
      const saved = await service.savePackets([{ source, packets: listed.packets }]);
      const path = join(dir, `${capture}.pcap`);
      writeFileSync(path, new Uint8Array(await saved.arrayBuffer()));
      const p = portField(f.protocol);
      const filter =
        `ip.addr==${f.srcaddr} && ip.addr==${f.dstaddr} && ${p}.port==${f.srcport} && ${p}.port==${f.dstport}` +
        ` && frame.time_epoch >= ${f.startUs / 1e6 - 1e-7} && frame.time_epoch < ${(f.endUs + 1) / 1e6}`;
      const want = frames(new URL(capture, files).pathname, filter);
      expect(want.length).toBe(listed.packets.count);
      expect(frames(path)).toEqual(want);
    });
  }

  it("writes a pcapng, one interface per link type, when the packets' link types differ", async () => {
    const l4 = P.udp(4000, 53, 12);
    const ip = P.ipv4({ src: "192.0.2.1", dst: "192.0.2.2", protocol: 17 }, l4);
    const bytes = writePcapng([
      {
        interfaces: [{ linktype: 1 }, { linktype: 101 }],
        blocks: [
          { type: "epb", iface: 0, us: 1_700_000_000_000_001, data: P.ethernet(P.ETH.IPV4, ip) },
          { type: "epb", iface: 1, us: 1_700_000_000_000_002, data: ip },
        ],
      },
    ]);
    const source = new Blob([bytes as Uint8Array<ArrayBuffer>]);
    const request = { srcaddr: "192.0.2.1", dstaddr: "192.0.2.2", srcport: 4000, dstport: 53, protocol: 17, fromUs: 0, toUs: 2 ** 52 };
    const listed = await service.capturePackets(source, request);
    if (!listed.ok) throw new Error(JSON.stringify(listed.error));
    const saved = new Uint8Array(await (await service.savePackets([{ source, packets: listed.packets }])).arrayBuffer());
    const path = join(dir, "mixed.pcapng");
    writeFileSync(path, saved);
    expect(new DataView(saved.buffer).getUint32(0, true)).toBe(0x0a0d0d0a);
    const read = execFileSync(
      "tshark",
      ["-r", path, "-T", "fields", "-e", "frame.interface_id", "-e", "udp.dstport", "-e", "frame.time_epoch"],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    expect(read.trim().split("\n")).toEqual(["0\t53\t1700000000.000001000", "1\t53\t1700000000.000002000"]);
  });
});
