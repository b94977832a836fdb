// `flowlens inventory convert` and `check` as a user runs them.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flowlens as run } from "../support/cli";

const cloud = (f: string) => new URL(`../files/cloud/${f}`, import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "flowlens-inv-"));

describe("flowlens inventory", () => {
  it("converts cloud JSON into a document that check accepts", () => {
    const r = run(
      "inventory",
      "convert",
      cloud("alibaba-DescribeVpcs.json"),
      cloud("alibaba-DescribeVSwitches.json"),
      cloud("alibaba-DescribeNetworkInterfaces.json"),
      cloud("alibaba-DescribeSecurityGroupAttribute.json"),
    );
    expect(r.code).toBe(0);
    expect(r.err.split("\n").at(-2)).toBe(
      "converted: 1 regions, 1 accounts, 1 vpcs, 1 vswitches, 1 instances, 1 enis, 1 securityGroups, 0 networkAcls, 0 ccns",
    );
    const path = join(dir, "inv.json");
    writeFileSync(path, r.out);
    expect(run("inventory", "check", path)).toEqual({
      code: 0,
      err: "",
      out: `${path}: ok: 1 regions, 1 accounts, 1 vpcs, 1 vswitches, 1 instances, 1 enis, 1 securityGroups, 0 networkAcls, 0 ccns\n`,
    });
  });

  it("check lists every problem with its path and the entity's id, and exits 1", () => {
    const r = run("inventory", "convert", cloud("aws-describe-network-interfaces.json"));
    expect(r.code).toBe(1);
    const path = join(dir, "partial.json");
    writeFileSync(path, r.out);
    const c = run("inventory", "check", path);
    expect(c.code).toBe(1);
    expect(c.out.split("\n").filter(Boolean)).toEqual([
      `${path}: instances[0] (i-1234567890abcdef0).vswitchId: VSwitch subnet-0bb1c79de3EXAMPLE does not exist [instance.vswitch-missing]`,
      `${path}: enis[0] (eni-0b1c2d3e4f5a6b7c8).vswitchId: VSwitch subnet-0bb1c79de3EXAMPLE does not exist [eni.vswitch-missing]`,
    ]);
  });

  it("says what is wrong with a file it cannot use", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{ not json");
    expect(run("inventory", "check", bad)).toMatchObject({ code: 2, err: expect.stringMatching(/^flowlens: .*bad\.json: not JSON: /) });
    expect(run("inventory", "convert", join(dir, "none.json"))).toMatchObject({
      code: 2,
      err: expect.stringMatching(/none\.json: cannot read: ENOENT/),
    });
  });
});
