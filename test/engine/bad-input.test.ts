// Damaged and hostile input (docs/history.md #2): each gives a clear error naming the offset, or a
// counted skip — never a hang, never an allocation the header asks for.
import { describe, expect, it } from "vitest";
import { CaptureError } from "../../src/engine/driver";
import { writePcap, writePcapng } from "../support/capture-writer";
import { runBoth, runCapture, tuple } from "../support/engine";
import * as P from "../support/packets";

const T0 = 1_700_000_000_000_000;
const frame = P.ethernet(P.ETH.IPV4, P.ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol: 17 }, P.udp(1, 2, 10)));
const good = writePcap({ linktype: 1 }, [
  { us: T0, data: frame },
  { us: T0 + 1, data: frame },
]);

async function failure(bytes: Uint8Array): Promise<CaptureError> {
  const errors = [];
  for (const kind of ["wasm", "twin"] as const) {
    try {
      await runCapture(kind, bytes);
    } catch (e) {
      errors.push(e as CaptureError);
      continue;
    }
    throw new Error(`${kind} accepted the input`);
  }
  expect(errors[1].message).toBe(errors[0].message);
  expect(errors[0]).toBeInstanceOf(CaptureError);
  return errors[0];
}

function patch(bytes: Uint8Array, at: number, value: number, littleEndian = true): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setUint32(at, value, littleEndian);
  return out;
}

describe("file-level errors stop the file and say where", () => {
  it("an empty file", async () => {
    expect(await failure(new Uint8Array(0))).toMatchObject({ code: "empty", message: "file0: capture: the file is empty" });
  });
  it("bad magic", async () => {
    expect(await failure(new TextEncoder().encode("hello, world"))).toMatchObject({
      code: "bad-magic",
      offset: 0,
      message: "file0: capture: unknown magic 0x68656c6c at offset 0: not a pcap or pcapng file",
    });
  });
  it("a file header cut short", async () => {
    expect(await failure(good.subarray(0, 10))).toMatchObject({
      code: "truncated-file-header",
      message: "file0: pcap: the file ends after 10 bytes, inside its 24-byte header",
    });
  });
  it("a huge captured length is damage, not a reason to allocate", async () => {
    const e = await failure(patch(good, 24 + 8, 0xfffffff0));
    expect(e).toMatchObject({
      code: "record-too-large",
      offset: 24,
      message: "file0: pcap: captured length 4294967280 at offset 24 is above the limit 16777216; the file is damaged",
    });
  });
  const ng = writePcapng([
    {
      interfaces: [{ linktype: 1 }],
      blocks: [
        { type: "epb", iface: 0, us: T0, data: frame },
        { type: "epb", iface: 0, us: T0, data: frame },
      ],
    },
  ]);
  const epb = 28 + 20; // SHB (28) + IDB (20)
  it("a pcapng block length of zero (a loop that could not advance)", async () => {
    expect(await failure(patch(ng, epb + 4, 0))).toMatchObject({
      code: "block-too-short",
      offset: epb,
      message: `file0: pcapng: block length 0 at offset ${epb} is below the minimum 32`,
    });
  });
  it("a block length that is not a multiple of 4", async () => {
    expect(await failure(patch(ng, epb + 4, 94))).toMatchObject({
      code: "block-not-aligned",
      message: `file0: pcapng: block length 94 at offset ${epb} is not a multiple of 4`,
    });
  });
  it("a trailing block length that does not match", async () => {
    const len = new DataView(ng.buffer).getUint32(epb + 4, true);
    expect(await failure(patch(ng, epb + len - 4, len + 4))).toMatchObject({
      code: "trailer-mismatch",
      offset: epb + len - 4,
      message: `file0: pcapng: block at offset ${epb} has length ${len} but its trailing length (at offset ${epb + len - 4}) is ${len + 4}`,
    });
  });
  it("a captured length beyond its block", async () => {
    expect(await failure(patch(ng, epb + 20, 1000))).toMatchObject({
      code: "caplen-beyond-block",
      message: `file0: pcapng: captured length 1000 at offset ${epb} does not fit the 52 bytes its block has room for`,
    });
  });
  it("a section header with a bad byte-order magic", async () => {
    expect(await failure(patch(ng, 8, 0x12345678))).toMatchObject({
      code: "bad-byte-order",
      message: "file0: pcapng: byte-order magic 0x12345678 at offset 8 is neither 0x1a2b3c4d nor 0x4d3c2b1a",
    });
  });
  it("a huge section header is refused before it is buffered", async () => {
    expect(await failure(patch(ng, 4, 0x7ffffffc))).toMatchObject({ code: "block-too-large" });
  });
});

describe("packet-level damage is counted and skipped; the rest is kept", () => {
  it("a truncated last packet", async () => {
    const r = await runBoth(good.subarray(0, good.length - 5));
    expect(r.flows.map(tuple)).toEqual(["0 10.0.0.1:1 > 10.0.0.2:2 p17 n1 b38"]);
    expect(r.reports[0]).toMatchObject({ packetsRead: 2, skipped: { "truncated-record": 1 } });
    expect(r.reports[0].samples).toEqual([
      {
        reason: "truncated-record",
        offset: 24 + 16 + frame.length,
        detail: `the file ends ${16 + frame.length - 5} bytes into this record`,
      },
    ]);
  });
  it("a truncated last record header", async () => {
    const r = await runBoth(good.subarray(0, good.length - frame.length - 6));
    expect(r.reports[0]).toMatchObject({ packetsRead: 2, packetsAggregated: 1, skipped: { "truncated-record": 1 } });
  });
  it("a truncated last pcapng block", async () => {
    const ng = writePcapng([
      {
        interfaces: [{ linktype: 1 }],
        blocks: [
          { type: "epb", iface: 0, us: T0, data: frame },
          { type: "epb", iface: 0, us: T0, data: frame },
        ],
      },
    ]);
    const r = await runBoth(ng.subarray(0, ng.length - 3));
    expect(r.reports[0]).toMatchObject({ packetsRead: 2, packetsAggregated: 1, skipped: { "truncated-record": 1 } });
  });
  it("captured length above the snapshot length, and above the original length, are read", async () => {
    const r = await runBoth(
      writePcap({ linktype: 1, snaplen: 20 }, [
        { us: T0, data: frame },
        { us: T0, data: frame, origlen: 10 },
      ]),
    );
    expect(r.flows.map(tuple)).toEqual(["0 10.0.0.1:1 > 10.0.0.2:2 p17 n2 b76"]);
  });
  it("a zero captured length and headers cut short are truncated packets", async () => {
    const r = await runBoth(
      writePcap({ linktype: 1 }, [
        { us: T0, data: new Uint8Array(0), origlen: 60 },
        { us: T0, data: frame.subarray(0, 30) },
        { us: T0, data: frame },
      ]),
    );
    expect(r.flows.map(tuple)).toEqual(["0 10.0.0.1:1 > 10.0.0.2:2 p17 n1 b38"]);
    expect(r.reports[0].skipped).toEqual({ truncated: 2 });
  });
  it("malformed IPv4 and IPv6 headers", async () => {
    const badVersion = P.ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol: 17 }, P.udp(1, 2));
    badVersion[0] = 0x55;
    const badIhl = P.ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol: 17 }, P.udp(1, 2));
    badIhl[0] = 0x44;
    const badLen = P.ipv4({ src: "10.0.0.1", dst: "10.0.0.2", protocol: 17, totalLength: 12 }, P.udp(1, 2));
    const loop = P.ipv6(
      { src: "fd00::1", dst: "fd00::2", next: 60, extensions: P.concat(...Array.from({ length: 17 }, () => P.ipv6Extension(60))) },
      new Uint8Array(0),
    );
    const r = await runBoth(
      writePcap(
        { linktype: 1 },
        [badVersion, badIhl, badLen]
          .map((ip) => ({ us: T0, data: P.ethernet(P.ETH.IPV4, ip) }))
          .concat([{ us: T0, data: P.ethernet(P.ETH.IPV6, loop) }]),
      ),
    );
    expect(r.reports[0].skipped).toEqual({ "bad-header": 4 });
    expect(r.reports[0].samples.map((s) => s.detail)).toEqual([
      "IPv4 header with another version",
      "IPv4 header length below 20",
      "IPv4 total length below its header length",
    ]);
  });
  it("a packet naming an interface no IDB described", async () => {
    const ng = writePcapng([
      {
        interfaces: [{ linktype: 1 }],
        blocks: [
          { type: "epb", iface: 3, us: T0, data: frame },
          { type: "epb", iface: 0, us: T0, data: frame },
        ],
      },
    ]);
    const r = await runBoth(ng);
    expect(r.reports[0]).toMatchObject({ packetsRead: 2, packetsAggregated: 1, skipped: { "bad-interface": 1 } });
    expect(r.reports[0].samples[0].detail).toBe("interface 3 was not described by an IDB");
  });
  it("keeps only the first three samples of each reason", async () => {
    const arp = P.ethernet(P.ETH.ARP, new Uint8Array(28));
    const r = await runBoth(
      writePcap(
        { linktype: 1 },
        Array.from({ length: 10 }, (_, i) => ({ us: T0 + i, data: arp })),
      ),
    );
    expect(r.reports[0].skipped).toEqual({ "not-ip": 10 });
    expect(r.reports[0].samples.map((s) => s.offset)).toEqual([24, 24 + 58, 24 + 2 * 58]);
  });
});
