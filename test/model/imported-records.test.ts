// Records from the clouds' files: their own windows, and re-aggregation to a longer one.
import { describe, expect, it } from "vitest";
import { V2_FIELDS } from "../../src/formats/fields";
import { readSpaced } from "../../src/formats/text-formats";
import { entryFromText, reaggregate } from "../../src/model/imported-records";

const entry = (line: string) => {
  const r = readSpaced(line, V2_FIELDS);
  if ("error" in r) throw new Error(r.error);
  return entryFromText(r.record, "imported");
};

describe("imported records", () => {
  it("keep their own window: the record's start", () => {
    expect(entry("2 1251762227 eni-lq6mkcis 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK")).toMatchObject({
      window: 1418530010,
      start: 1418530010,
      end: 1418530070,
      "interface-id": "eni-lq6mkcis",
      packets: 20,
      bytes: 4249,
      action: "ACCEPT",
      "log-status": "OK",
      direction: null,
    });
  });

  it("re-aggregate to a longer window: OK records summed, NODATA kept only for idle ENIs", () => {
    const lines = [
      "2 1 eni-a 10.0.0.1 10.0.0.2 5000 443 6 2 120 1700000400 1700000459 ACCEPT OK",
      "2 1 eni-a 10.0.0.1 10.0.0.2 5000 443 6 3 180 1700000460 1700000519 ACCEPT OK",
      "2 1 eni-a 10.0.0.1 10.0.0.2 5000 443 6 1 60 1700000520 1700000579 REJECT OK",
      "2 1 eni-a - - - - - - - 1700000580 1700000639 - NODATA",
      "2 1 eni-b - - - - - - - 1700000400 1700000459 - NODATA",
      "2 1 eni-b - - - - - - - 1700000460 1700000519 - NODATA",
    ];
    const out = reaggregate(lines.map(entry), 600);
    expect(out.map((e) => [e["interface-id"], e.window, e.action, e.packets, e.bytes, e.start, e.end, e["log-status"]])).toEqual([
      ["eni-a", 1700000400, "ACCEPT", 5, 300, 1700000400, 1700000519, "OK"],
      ["eni-a", 1700000400, "REJECT", 1, 60, 1700000520, 1700000579, "OK"],
      ["eni-b", 1700000400, null, null, null, 1700000400, 1700001000, "NODATA"],
    ]);
  });
});
