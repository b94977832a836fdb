// Inventories as a hostile or careless user gives them (docs/history.md #10): many VSwitches, names
// of Object's properties as fields, and problems that must say which entity they mean.
import { describe, expect, it } from "vitest";
import { emptyInventory, type Inventory } from "../../src/model/inventory";
import { checkInventory } from "../../src/model/inventory-check";
import { placeOf, readDocument, toDocument } from "../../src/model/inventory-document";
import { english } from "../support/catalogues";

function manyVswitches(n: number): Inventory {
  const inv = emptyInventory();
  inv.regions.push({ id: "cn-hangzhou", name: "Hangzhou" });
  inv.accounts.push({ id: "1", name: "main" });
  inv.vpcs.push({ id: "vpc-a", regionId: "cn-hangzhou", accountId: "1", name: "a", cidrs: ["10.0.0.0/8"], ipv6Cidrs: [] });
  for (let i = 0; i < n; i++)
    inv.vswitches.push({ id: `vsw-${i}`, vpcId: "vpc-a", name: `s${i}`, zone: "z", cidr: `10.${i >> 8}.${i & 255}.0/24` });
  return inv;
}

describe("checkInventory at scale", () => {
  it("checks 10,000 VSwitches (a sweep, not every pair) and still finds an overlap among them", () => {
    const inv = manyVswitches(10000);
    expect(checkInventory(inv)).toEqual([]);
    inv.vswitches.push({ id: "vsw-wide", vpcId: "vpc-a", name: "wide", zone: "z", cidr: "10.3.0.0/16" });
    inv.vswitches.splice(5000, 0, { id: "vsw-dup", vpcId: "vpc-a", name: "dup", zone: "z", cidr: "10.1.2.0/24" });
    const found = checkInventory(inv).map((p) => [p.code, p.field, english(p.text)]);
    expect(found[0]).toEqual(["vswitch.cidr-overlap", "vswitches[5000].cidr", "10.1.2.0/24 overlaps VSwitch vsw-258 (10.1.2.0/24)"]);
    // The /16 overlaps each of the 256 /24s inside it, and each is named, as before.
    expect(found.slice(1)).toEqual(
      Array.from({ length: 256 }, (_, k) => [
        "vswitch.cidr-overlap",
        "vswitches[10001].cidr",
        `10.3.0.0/16 overlaps VSwitch vsw-${768 + k} (10.3.${k}.0/24)`,
      ]),
    );
  });
});

describe("inventory documents", () => {
  it("takes no property of Object as a field", () => {
    const doc = JSON.parse(JSON.stringify(toDocument(manyVswitches(1))));
    doc.vpcs[0].constructor = "x";
    // biome-ignore lint/suspicious/noProto: the hostile input under test
    doc.vswitches[0].__proto__ = { polluted: true };
    const { problems } = readDocument(JSON.parse(JSON.stringify(doc).replace('"name":"s0"', '"name":"s0","__proto__":{"polluted":true}')));
    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ["document.unknown-field", "vpcs[0].constructor"],
      ["document.unknown-field", "vswitches[0].__proto__"],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("names the entity's id beside its path", () => {
    const doc = toDocument(manyVswitches(2));
    expect(placeOf(doc, "vswitches[1].cidr")).toBe("vswitches[1] (vsw-1).cidr");
    expect(placeOf(doc, "vswitches[9].cidr")).toBe("vswitches[9].cidr");
    expect(placeOf(doc, "format")).toBe("format");
  });
});
