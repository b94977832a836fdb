// The plain-number IPv4 reader of the hot paths against the BigInt one it stands in for.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ipv4Number, parseIpv4 } from "../../src/model/cidr";

const asNumber = (t: string) => {
  const v = parseIpv4(t);
  return v === null ? null : Number(v);
};

describe("ipv4Number", () => {
  it("reads what parseIpv4 reads, and refuses what it refuses", () => {
    for (const t of [
      "0.0.0.0",
      "255.255.255.255",
      "10.0.120.90",
      "01.2.3.4",
      "1.2.3",
      "1.2.3.4.5",
      "256.1.1.1",
      "1..2.3",
      "",
      ".1.2.3",
      "1.2.3.",
      "1.2.3.4 ",
      "1000.1.1.1",
      "0.00.1.1",
    ])
      expect(ipv4Number(t), t).toBe(asNumber(t));
    fc.assert(
      fc.property(fc.ipV4(), (t) => {
        expect(ipv4Number(t)).toBe(asNumber(t));
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9.]{0,16}$/), (t) => {
        expect(ipv4Number(t)).toBe(asNumber(t));
      }),
    );
  });
});
