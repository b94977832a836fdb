// A record's packets from the workspace: the capture a record came from is known, its
// packets are listed from that file (and refused from another), and saved as a pcap.
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { packetAt } from "../../src/engine/packet-list";
import { english } from "../support/catalogues";
import { capture, freshWorkspace, labFlowLog } from "./workspace-fixture";

let ws: Awaited<ReturnType<typeof freshWorkspace>>["ws"];
beforeEach(async () => {
  const f = await freshWorkspace();
  ws = f.ws;
  await labFlowLog(f.plane);
  expect(await ws.importFile(capture(), { jobId: "p" })).toMatchObject({ status: "done" });
});

async function search(q: string) {
  const s = await ws.openSearch("lab", "flows", q, {});
  if (!s.ok) throw new Error("search failed");
  return s;
}

describe("a record's packets", () => {
  it("knows the capture a record came from, and lists the record's packets from it", async () => {
    const s = await search("protocol: 6 and dstport: 8080 and direction: out");
    const [row] = await ws.rows(s.id, 0, 1);
    const file = capture();
    expect(await ws.recordCapture(s.id, 0)).toMatchObject({ name: "tcpdump-veth.pcap", size: file.size, contentHash: expect.any(String) });
    const own = await ws.recordPackets(s.id, 0, file, false);
    if (!own.ok) throw new Error(own.error.message);
    expect(own.packets.count).toBe(Number(row.packets));
    expect(own.request).toMatchObject({ srcaddr: row.srcaddr, dstport: 8080, protocol: 6 });
    const both = await ws.recordPackets(s.id, 0, file, true);
    if (!both.ok) throw new Error(both.error.message);
    expect(both.packets.count).toBeGreaterThan(own.packets.count);
    expect(packetAt(both.packets, 1).reply).toBe(true);
    const pcap = new Uint8Array(await (await ws.saveRecordPackets(file, both.packets)).arrayBuffer());
    expect(new DataView(pcap.buffer).getUint32(0, true)).toBe(0xa1b2c3d4);
  });

  it("refuses another file than the one imported, by its content", async () => {
    const s = await search("protocol: 6");
    const other = new File([readFileSync(new URL("../files/editcap-veth.pcapng", import.meta.url))], "tcpdump-veth.pcap");
    const r = await ws.recordPackets(s.id, 0, other, false);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("packets.other-file");
      expect(english(r.error.text!)).toContain("is not the capture imported as tcpdump-veth.pcap");
    }
  });

  it("has no capture for a record of a flow-log file", async () => {
    const log = "2 123456789012 eni-client 10.77.0.1 10.77.0.2 40000 443 6 3 180 1795323983 1795323990 ACCEPT OK\n";
    await ws.importFile(new File([log], "flows.log"), { jobId: "l", logTarget: { project: "lab", logstore: "flows" } });
    const s = await search("srcport: 40000");
    expect(s.total).toBe(1);
    expect(await ws.recordCapture(s.id, 0)).toBeNull();
    const r = await ws.recordPackets(s.id, 0, capture(), false);
    expect(r.ok ? "ok" : r.error.code).toBe("packets.no-capture");
  });
});
