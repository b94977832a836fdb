// The inventory document: every problem with its path; import all or nothing; export
// and import give back the same network.
import { describe, expect, it } from "vitest";
import { readDocument, toDocument } from "../../src/model/inventory-document";
import { ControlPlaneError } from "../../src/model/problems";
import { freshPlane, seed } from "../storage/fixture";

describe("inventory documents", () => {
  it("round-trip: export, then import into another store, gives the same network", async () => {
    const a = await freshPlane();
    await seed(a.cp);
    const doc = await a.cp.exportDocument();
    expect(doc).toMatchObject({ format: "flowlens-inventory", version: 1 });
    const b = await freshPlane();
    await b.cp.importDocument(JSON.parse(JSON.stringify(doc)));
    expect(await b.cp.inventory()).toEqual(await a.cp.inventory());
  });

  it("lists every problem with its path in the document", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    const doc = JSON.parse(JSON.stringify(await cp.exportDocument()));
    doc.vswitches[0].cidr = "10.9.0.0/24";
    doc.enis[0].ips = ["10.0.1.5", "999.1.1.1"];
    doc.securityGroups[0].rules[0].priority = 0;
    expect(readDocument(doc).problems.map((p) => [p.code, p.field])).toEqual([
      ["vswitch.cidr-outside-vpc", "vswitches[0].cidr"],
      ["eni.ip-outside-vswitch", "enis[0].ips[0]"],
      ["eni.bad-ip", "enis[0].ips[1]"],
      ["rule.priority-out-of-range", "securityGroups[0].rules[0].priority"],
    ]);
  });

  it("checks shapes before rules, and the format and version", () => {
    expect(readDocument([]).problems.map((p) => p.code)).toEqual(["document.not-object"]);
    expect(readDocument({ format: "other", version: 2, vpcs: [{ id: 5 }], enis: "x" }).problems.map((p) => [p.code, p.field])).toEqual([
      ["document.bad-format", "format"],
      ["document.bad-version", "version"],
      ["document.bad-field", "vpcs[0].id"],
      ["document.bad-field", "vpcs[0].regionId"],
      ["document.bad-field", "vpcs[0].accountId"],
      ["document.bad-field", "vpcs[0].name"],
      ["document.bad-field", "vpcs[0].cidrs"],
      ["document.bad-field", "vpcs[0].ipv6Cidrs"],
      ["document.bad-field", "enis"],
    ]);
    expect(
      readDocument({
        ...toDocument({
          regions: [{ id: "r", name: "r", extra: 1 } as never],
          accounts: [],
          vpcs: [],
          vswitches: [],
          instances: [],
          enis: [],
          securityGroups: [],
          networkAcls: [],
          ccns: [],
        }),
      }).problems.map((p) => p.field),
    ).toEqual(["regions[0].extra"]);
  });

  it("an import with any problem changes nothing", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    const before = await cp.inventory();
    const doc = JSON.parse(JSON.stringify(await cp.exportDocument()));
    doc.vpcs.push({ id: "vpc-new", regionId: "cn-huhehaote", accountId: "1234567890", name: "n", cidrs: ["172.16.0.0/12"], ipv6Cidrs: [] });
    doc.vswitches.push({ id: "vsw-new", vpcId: "vpc-new", name: "n", zone: "z", cidr: "10.0.0.0/24" });
    const e = await cp.importDocument(doc).then(
      () => null,
      (x) => x,
    );
    expect(e).toBeInstanceOf(ControlPlaneError);
    expect(e.problems.map((p: { code: string; field: string }) => [p.code, p.field])).toEqual([
      ["vswitch.cidr-outside-vpc", "vswitches[1].cidr"],
    ]);
    expect(await cp.inventory()).toEqual(before);
  });
});
