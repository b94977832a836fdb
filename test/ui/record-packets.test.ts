// The record-packets model without a DOM: a record with a capture can open its packets from
// the kept handle, asks for the file where there is none (or access is refused), reads a
// file once per import, re-reads with or without the replies, and saves what is listed.
import { describe, expect, it } from "vitest";
import type { PacketList } from "../../src/engine/packet-list";
import { createRecordPackets } from "../../src/ui/models/record-packets";
import type { PacketApi, RecordCapture } from "../../src/workspace/record-packets";

const list = (count: number): PacketList => ({ entries: new Uint8Array(count * 32), count, total: count });
const request = { srcaddr: "10.0.0.1", dstaddr: "10.0.0.2", srcport: 40000, dstport: 443, protocol: 6, fromUs: 0, toUs: 1e6 };

function fake(capture: RecordCapture | null, refuse?: string) {
  const reads: { file: string; replies: boolean }[] = [];
  const saved: string[] = [];
  const worker: PacketApi = {
    recordCapture: async () => capture,
    async recordPackets(_id, _index, file, replies) {
      reads.push({ file: (file as File).name, replies });
      if ((file as File).name === refuse)
        return { ok: false, error: { code: "packets.other-file", message: "not the one", detail: { file: "", offset: 0 } } };
      return { ok: true, packets: list(replies ? 5 : 3), request: { ...request, replies } };
    },
    saveRecordPackets: async (_file, packets) => new Blob([new Uint8Array(packets.count)]),
  };
  return { worker, reads, saved };
}

const capture: RecordCapture = { importId: "imp-1", name: "veth.pcap", size: 1234, contentHash: "ab" };

describe("a record's packets (model)", () => {
  it("reads the kept handle's file, with the replies, and saves what it lists", async () => {
    const f = fake({ ...capture, handle: {} as FileSystemFileHandle });
    const saves: string[] = [];
    const m = createRecordPackets({
      worker: f.worker,
      fileOf: async () => new File(["x"], "veth.pcap"),
      save: (blob, name) => saves.push(`${name} ${blob.size}`),
    });
    await m.select("s1", 0);
    expect(m.state().capture?.name).toBe("veth.pcap");
    await m.open();
    expect(m.state()).toMatchObject({ phase: "ready", replies: true });
    expect(m.state().packets?.count).toBe(5);
    await m.setReplies(false);
    expect(f.reads).toEqual([
      { file: "veth.pcap", replies: true },
      { file: "veth.pcap", replies: false },
    ]);
    expect(m.state().packets?.count).toBe(3);
    await m.save();
    expect(saves).toEqual(["10.0.0.1.40000-10.0.0.2.443-6.pcap 3"]);
  });

  it("asks for the file when no handle was kept or access is refused, and says so when it is another file", async () => {
    const f = fake(capture, "other.pcap");
    const m = createRecordPackets({ worker: f.worker, fileOf: async () => null, save: () => {} });
    await m.select("s1", 2);
    await m.open();
    expect(m.state().phase).toBe("choose");
    await m.choose(new File(["y"], "other.pcap"));
    expect(m.state()).toMatchObject({ phase: "choose", error: { code: "packets.other-file" } });
    await m.choose(new File(["x"], "veth.pcap"));
    expect(m.state().phase).toBe("ready");
    // Another record of the same import: the file chosen is used again without asking.
    await m.select("s1", 3);
    await m.open();
    expect(m.state().phase).toBe("ready");
    expect(f.reads.map((r) => r.file)).toEqual(["other.pcap", "veth.pcap", "veth.pcap"]);
  });

  it("offers nothing for a record without a capture", async () => {
    const m = createRecordPackets({ worker: fake(null).worker, fileOf: async () => null, save: () => {} });
    await m.select("s1", 0);
    await m.open();
    expect(m.state()).toMatchObject({ capture: null, phase: "idle" });
  });
});
