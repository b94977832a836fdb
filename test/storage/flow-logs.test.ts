// Flow-log instances (docs/rules.md §2): every creation rule with its code, the list view, the
// life cycle, edits limited to name/description/tags, and the late-instance warning.
import { describe, expect, it } from "vitest";
import type { FlowLogInput } from "../../src/model/flow-log";
import { chinese, english } from "../support/catalogues";
import { freshPlane, refusal, seed, WEB_FLOW_LOG } from "./fixture";

const base: FlowLogInput = WEB_FLOW_LOG;

describe("creating a flow log", () => {
  it("applies the defaults and an fl- id", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    const f = await cp.createFlowLog(base);
    expect(f).toMatchObject({
      name: "web-flows",
      description: "",
      trafficType: "All",
      windowSeconds: 600,
      format: "alibaba",
      status: "Active",
      analysisReport: false,
      tags: [],
      createdAt: "2026-11-22T08:00:01.000Z",
    });
    expect(f.id).toMatch(/^fl-[a-z0-9]{20}$/);
  });

  const cases: [string, Partial<FlowLogInput>, string, string][] = [
    ["a one-character name", { name: "a" }, "flowlog.name-length", "name"],
    ["a name of 129 characters", { name: "a".repeat(129) }, "flowlog.name-length", "name"],
    ["a name starting with a digit", { name: "1web" }, "flowlog.name-invalid", "name"],
    ["a name with a space", { name: "web flows" }, "flowlog.name-invalid", "name"],
    ["a name that is a URL", { name: "https://example" }, "flowlog.name-url", "name"],
    ["a one-character description", { description: "x" }, "flowlog.description-length", "description"],
    ["a description that is a URL", { description: "http://example.org" }, "flowlog.description-url", "description"],
    ["a resource that does not exist", { resourceId: "vpc-nope" }, "flowlog.resource-missing", "resourceId"],
    ["a resource of another type", { resourceType: "VSwitch", resourceId: "vpc-main" }, "flowlog.resource-wrong-type", "resourceId"],
    ["a project that does not exist", { project: "nope" }, "flowlog.project-missing", "project"],
    ["a logstore that does not exist", { logstore: "nope" }, "flowlog.logstore-missing", "logstore"],
    ["a window of 120 s", { windowSeconds: 120 as 60 }, "flowlog.bad-window", "windowSeconds"],
    ["an unknown traffic type", { trafficType: "Some" as "All" }, "flowlog.bad-traffic-type", "trafficType"],
    ["an unknown region", { regionId: "mars-1" }, "flowlog.region-missing", "regionId"],
  ];
  for (const [label, change, code, field] of cases) {
    it(`refuses ${label}`, async () => {
      const { cp } = await freshPlane();
      await seed(cp);
      expect(await refusal(cp.createFlowLog({ ...base, ...change }))).toMatchObject({ code, field });
      expect(await cp.flowLogs()).toEqual([]);
    });
  }

  it("accepts Chinese names and 2-character names", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    expect((await cp.createFlowLog({ ...base, name: "流日志_web-1" })).name).toBe("流日志_web-1");
    expect((await cp.createFlowLog({ ...base, name: "ab", description: "ok" })).name).toBe("ab");
  });

  it("keeps to the quota of 10 per region, which the user can raise", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    for (let i = 0; i < 10; i++) await cp.createFlowLog({ ...base, name: `flow${i}` });
    const e = await refusal(cp.createFlowLog({ ...base, name: "flow10" }));
    expect(e).toMatchObject({ code: "flowlog.quota-exceeded", field: "regionId" });
    expect(english(e.problems[0].text)).toBe("region cn-huhehaote already has 10 flow logs, the quota is 10 (raise it in the settings)");
    await cp.setFlowLogQuota(11);
    expect((await cp.createFlowLog({ ...base, name: "flow10" })).name).toBe("flow10");
  });

  it("refuses a VPC holding instances of unsupported families, naming them", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    await cp.create("instances", { id: "i-old", vswitchId: "vsw-web", instanceType: "ecs.n4.small", name: "old" });
    const e = await refusal(cp.createFlowLog(base));
    expect(e.code).toBe("flowlog.unsupported-instances");
    expect(english(e.problems[0].text)).toBe(
      "the VPC of vpc-main has instances of families flow logs cannot capture: i-old (ecs.n4.small)",
    );
    expect(await refusal(cp.createFlowLog({ ...base, resourceType: "NetworkInterface", resourceId: "eni-web1" }))).toMatchObject({
      code: "flowlog.unsupported-instances",
    });
  });

  it("defaults CCN flow logs to 60 s windows and the ccn format", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    await cp.create("ccns", { id: "ccn-1", name: "backbone", vpcIds: ["vpc-main"], bandwidthLimits: [] });
    expect(await cp.createFlowLog({ ...base, resourceType: "CCN", resourceId: "ccn-1" })).toMatchObject({
      windowSeconds: 60,
      format: "ccn",
    });
  });
});

describe("a flow log's life", () => {
  it("lists with the seed's columns, newest first", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    const a = await cp.createFlowLog({ ...base, name: "first" });
    const b = await cp.createFlowLog({ ...base, name: "second", resourceType: "VSwitch", resourceId: "vsw-web", trafficType: "Drop" });
    const rows = await cp.flowLogs();
    expect(
      rows.map((r) => [
        r.id,
        r.name,
        r.resourceType,
        r.resourceId,
        r.status,
        r.trafficType,
        r.logstore,
        r.createdAt,
        r.description,
        r.warning,
      ]),
    ).toEqual([
      [b.id, "second", "VSwitch", "vsw-web", "Active", "Drop", "vpc-flowlog", "2026-11-22T08:00:02.000Z", "", null],
      [a.id, "first", "VPC", "vpc-main", "Active", "All", "vpc-flowlog", "2026-11-22T08:00:01.000Z", "", null],
    ]);
  });

  it("disables, enables and deletes; deleting keeps the logstore", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    const f = await cp.createFlowLog(base);
    expect((await cp.setFlowLogStatus(f.id, "Inactive")).status).toBe("Inactive");
    expect(await refusal(cp.setFlowLogStatus(f.id, "Inactive"))).toMatchObject({ code: "flowlog.already-inactive" });
    expect((await cp.setFlowLogStatus(f.id, "Active")).status).toBe("Active");
    await cp.deleteFlowLog(f.id);
    expect(await cp.flowLogs()).toEqual([]);
    expect(await cp.logstores("flowlens-demo")).toEqual([{ project: "flowlens-demo", name: "vpc-flowlog", retentionDays: 30 }]);
  });

  it("edits only name, description and tags", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    const f = await cp.createFlowLog(base);
    expect(await cp.editFlowLog(f.id, { name: "renamed", description: "web tier", tags: [{ key: "env", value: "prod" }] })).toMatchObject({
      name: "renamed",
      description: "web tier",
      tags: [{ key: "env", value: "prod" }],
    });
    expect(await refusal(cp.editFlowLog(f.id, { windowSeconds: 60 } as never))).toMatchObject({
      code: "flowlog.immutable",
      field: "windowSeconds",
    });
    expect(await refusal(cp.editFlowLog(f.id, { resourceId: "vsw-web" } as never))).toMatchObject({
      code: "flowlog.immutable",
      field: "resourceId",
    });
    expect(await refusal(cp.editFlowLog(f.id, { name: "x" }))).toMatchObject({ code: "flowlog.name-length" });
    expect(
      await refusal(
        cp.editFlowLog(f.id, {
          tags: [
            { key: "a", value: "1" },
            { key: "a", value: "2" },
          ],
        }),
      ),
    ).toMatchObject({ code: "flowlog.tags-duplicate" });
  });

  it("warns when a covered VPC later gains an unsupported instance", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    await cp.createFlowLog(base);
    await cp.create("instances", { id: "i-legacy", vswitchId: "vsw-web", instanceType: "ecs.s2.large", name: "legacy" });
    const [row] = await cp.flowLogs();
    expect(row.warning?.instances).toEqual(["i-legacy"]);
    expect(english(row.warning!.text)).toBe(
      "traffic of i-legacy (ecs.s2.large) is not captured: their instance family does not support flow logs",
    );
    expect(chinese(row.warning!.text)).toBe("i-legacy（ecs.s2.large） 的流量不会被采集：其实例规格族不支持流日志");
  });

  it("a resource a flow log watches cannot be deleted", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    const f = await cp.createFlowLog({ ...base, resourceType: "NetworkInterface", resourceId: "eni-web1" });
    const e = await refusal(cp.remove("enis", "eni-web1"));
    expect(english(e.problems[0].text)).toBe(`eni-web1 cannot be deleted while these refer to it: flow log ${f.id}`);
  });
});
