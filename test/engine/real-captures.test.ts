// Captures made by real tools (test/files/README.md): the engine's flows equal the golden
// flows, and the golden flows are what tshark — an independent decoder — counts.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCapture } from "../support/engine";
import { type RefFlow, sortFlows, tsharkAvailable, tsharkFlows } from "../support/tshark-flows";

const dir = new URL("../files/", import.meta.url);
const CAPTURES = [
  "tcpdump-veth.pcap",
  "editcap-veth.pcapng",
  "editcap-veth-nsec.pcap",
  "editcap-veth.pcapng.gz",
  "text2pcap-sll.pcap",
  "text2pcap-sll2.pcapng",
  "text2pcap-raw.pcap",
  "text2pcap-null.pcap",
  "text2pcap-tunnels.pcapng",
  "dumpcap-two-interfaces.pcapng",
];
const golden = (name: string) => new URL(`${name.replace(/\.gz$/, "").replace(/\.[a-z]+$/, "")}.flows.json`, dir);

function load(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, dir)));
}

describe("captures made by tcpdump, editcap, text2pcap and dumpcap", () => {
  for (const name of CAPTURES) {
    it(`${name}: both engines give the golden flows`, async () => {
      const expected: RefFlow[] = JSON.parse(readFileSync(golden(name), "utf8"));
      for (const kind of ["wasm", "twin"] as const) {
        const r = await runCapture(kind, load(name), { chunk: 1000 });
        expect(sortFlows(r.flows)).toEqual(expected);
      }
    });
  }

  it.runIf(tsharkAvailable())("the golden flows are tshark's", () => {
    for (const name of CAPTURES.filter((n) => !n.endsWith(".gz"))) {
      const ref = tsharkFlows(new URL(name, dir).pathname);
      if (process.env.FLOWLENS_WRITE_GOLDEN && !existsSync(golden(name))) writeFileSync(golden(name), `${JSON.stringify(ref, null, 1)}\n`);
      expect(ref, name).toEqual(JSON.parse(readFileSync(golden(name), "utf8")));
    }
  });
});
