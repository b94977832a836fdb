// The interfaces a pcapng names in its head (if_name, if_description), as Wireshark's capinfos lists them.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pcapngInterfaces } from "../../src/io/pcapng-interfaces";
import { writePcapng } from "../support/capture-writer";

const file = (name: string) => new Uint8Array(readFileSync(new URL(`../files/${name}`, import.meta.url)));

describe("pcapngInterfaces", () => {
  it("names dumpcap's two interfaces in their order, as capinfos -I does", () => {
    expect(pcapngInterfaces(file("dumpcap-two-interfaces.pcapng"))).toEqual([
      { index: 0, name: "vethHa", description: "" },
      { index: 1, name: "vethHb", description: "" },
    ]);
  });

  it("lists none for a pcap, a pcapng whose interfaces have no name, or a damaged head", () => {
    expect(pcapngInterfaces(file("tcpdump-veth.pcap"))).toEqual([]);
    expect(pcapngInterfaces(file("editcap-veth.pcapng"))).toEqual([]);
    expect(pcapngInterfaces(writePcapng([{ interfaces: [{ linktype: 1 }, { linktype: 1, tsresol: 9 }], blocks: [] }]))).toEqual([]);
    const damaged = file("dumpcap-two-interfaces.pcapng").slice(0, 200);
    new DataView(damaged.buffer).setUint32(4, 13, true); // a section length not a multiple of 4
    expect(pcapngInterfaces(damaged)).toEqual([]);
    expect(pcapngInterfaces(new Uint8Array(10))).toEqual([]);
  });
});
