// The database itself: migrations from version 1 with data in it, opening that never
// hangs, two connections writing at once, projects and logstores, all-or-nothing changes.

import { openDB } from "idb";
import { describe, expect, it } from "vitest";
import type { ControlPlaneError } from "../../src/model/problems";
import { createControlPlane } from "../../src/storage/control-plane";
import { DB_VERSION, migrationCount, openFlowLensDb } from "../../src/storage/schema";
import { freshPlane, refusal, seed } from "./fixture";

describe("schema and migrations", () => {
  it("has one migration per version", () => {
    expect(migrationCount()).toBe(DB_VERSION);
  });

  it("migrates a version-1 database with data in it", async () => {
    const name = `flowlens-migrate-${process.pid}`;
    const v1 = await openFlowLensDb({ name, version: 1 });
    // Version 1 stored groups and ACLs without a dialect or default policies.
    await v1.put("regions", { id: "r1", name: "R" });
    await v1.put("securityGroups", { id: "sg-old", vpcId: "vpc-1", name: "old", rules: [] } as never);
    await v1.put("networkAcls", { id: "acl-old", vpcId: "vpc-1", name: "old", rules: [] } as never);
    v1.close();
    const db = await openFlowLensDb({ name });
    expect(db.version).toBe(3);
    expect(await db.get("securityGroups", "sg-old")).toEqual({
      id: "sg-old",
      vpcId: "vpc-1",
      name: "old",
      rules: [],
      dialect: "flowlens",
      defaultInbound: "drop",
      defaultOutbound: "accept",
    });
    expect(await db.get("networkAcls", "acl-old")).toMatchObject({ defaultInbound: "accept", defaultOutbound: "accept" });
    expect(await db.get("regions", "r1")).toEqual({ id: "r1", name: "R" });
    expect([...db.objectStoreNames].sort()).toContain("recordChunks");
    expect([...db.transaction("vswitches").store.indexNames]).toEqual(["byVpc"]);
    db.close();
  });

  it("fails with a clear error instead of hanging when another connection blocks the upgrade", async () => {
    const name = `flowlens-blocked-${process.pid}`;
    // An old tab: a version-1 connection that ignores requests to close.
    (await openFlowLensDb({ name, version: 1 })).close();
    // An old tab: a raw version-1 connection that does not close when asked.
    const old = await openDB(name, 1);
    await expect(openFlowLensDb({ name, timeoutMs: 300 })).rejects.toMatchObject({
      name: "StorageError",
      code: "storage.blocked",
      message:
        `storage: database ${name} cannot be upgraded to version 3 while another tab keeps an older ` +
        `connection open; close other FlowLens tabs`,
    });
    old.close();
    await new Promise((r) => setTimeout(r, 50)); // let the abandoned open finish and close
  });

  it("closes its own connection when a newer version needs it to", async () => {
    const name = `flowlens-blocking-${process.pid}`;
    let told = false;
    await openFlowLensDb({
      name,
      onVersionChange: () => {
        told = true;
      },
    });
    const newer = await openDB(name, DB_VERSION + 1);
    expect(told).toBe(true);
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
  });
});

describe("concurrency and atomicity", () => {
  it("two connections writing at once both land, and conflicting writes are refused", async () => {
    const { cp, name } = await freshPlane();
    await seed(cp);
    const other = createControlPlane(await openFlowLensDb({ name }));
    const results = await Promise.allSettled([
      cp.create("enis", { id: "eni-a", vswitchId: "vsw-web", name: "a", ips: ["10.0.1.50"], securityGroupIds: [] }),
      other.create("enis", { id: "eni-b", vswitchId: "vsw-web", name: "b", ips: ["10.0.1.51"], securityGroupIds: [] }),
      other.create("enis", { id: "eni-c", vswitchId: "vsw-web", name: "c", ips: ["10.0.1.50"], securityGroupIds: [] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    expect(((results[2] as PromiseRejectedResult).reason as ControlPlaneError).code).toBe("eni.ip-in-use");
    expect((await other.list("enis")).map((e) => e.id).sort()).toEqual(["eni-a", "eni-b", "eni-web1"]);
  });

  it("a replacement that fails half-way leaves the store exactly as before", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    await cp.createFlowLog({
      name: "web",
      regionId: "cn-huhehaote",
      resourceType: "VSwitch",
      resourceId: "vsw-web",
      project: "flowlens-demo",
      logstore: "vpc-flowlog",
    });
    const before = await cp.inventory();
    const broken = structuredClone(before);
    broken.enis.push({ id: "eni-bad", vswitchId: "vsw-web", name: "bad", ips: ["10.9.9.9"], securityGroupIds: [] });
    expect(await refusal(cp.replaceInventory(broken))).toMatchObject({ code: "eni.ip-outside-vswitch" });
    const orphaning = structuredClone(before);
    orphaning.vswitches = [];
    orphaning.enis = [];
    orphaning.instances = [];
    expect(await refusal(cp.replaceInventory(orphaning))).toMatchObject({ code: "inventory.flow-log-resource-missing" });
    expect(await cp.inventory()).toEqual(before);
  });
});

describe("a write that fails half-way", () => {
  it("rolls the whole replacement back, even after stores were cleared", async () => {
    const { cp } = await freshPlane();
    await seed(cp);
    const before = await cp.inventory();
    const next = structuredClone(before);
    // Valid by every rule, but IndexedDB cannot store a function: the put fails after the
    // replacement has already cleared and rewritten earlier stores.
    (next.ccns as unknown[]).push({ id: "ccn-x", name: "x", vpcIds: [], bandwidthLimits: [], hook: () => 1 });
    await expect(cp.replaceInventory(next)).rejects.toThrow();
    expect(await cp.inventory()).toEqual(before);
  });
});

describe("projects and logstores", () => {
  it("creates and lists them, with names and retention validated", async () => {
    const { cp } = await freshPlane();
    await cp.createProject({ name: "audit-logs", description: "audit" });
    await cp.createLogstore({ project: "audit-logs", name: "flows", retentionDays: 7 });
    expect(await cp.projects()).toEqual([{ name: "audit-logs", description: "audit" }]);
    expect(await cp.logstores()).toEqual([{ project: "audit-logs", name: "flows", retentionDays: 7 }]);
    expect(await refusal(cp.createProject({ name: "Bad Name", description: "" }))).toMatchObject({ code: "project.bad-name" });
    expect(await refusal(cp.createProject({ name: "audit-logs", description: "" }))).toMatchObject({ code: "project.exists" });
    expect(await refusal(cp.createLogstore({ project: "audit-logs", name: "x12", retentionDays: 0 }))).toMatchObject({
      code: "logstore.bad-retention",
    });
    expect(await refusal(cp.createLogstore({ project: "nope", name: "flows", retentionDays: 7 }))).toMatchObject({
      code: "logstore.project-missing",
    });
    expect(await refusal(cp.deleteProject("audit-logs"))).toMatchObject({ code: "project.in-use" });
  });

  it("deleting a logstore that holds records needs explicit confirmation; a flow log's cannot go", async () => {
    const { cp, db } = await freshPlane();
    await seed(cp);
    await cp.createLogstore({ project: "flowlens-demo", name: "archive", retentionDays: 90 });
    await db.put("recordChunks", { project: "flowlens-demo", logstore: "archive", chunk: 0 });
    expect(await refusal(cp.deleteLogstore("flowlens-demo", "archive"))).toMatchObject({ code: "logstore.has-records" });
    expect(await db.count("recordChunks")).toBe(1);
    await cp.deleteLogstore("flowlens-demo", "archive", { deleteRecords: true });
    expect(await db.count("recordChunks")).toBe(0);
    await cp.createFlowLog({
      name: "web",
      regionId: "cn-huhehaote",
      resourceType: "VPC",
      resourceId: "vpc-main",
      project: "flowlens-demo",
      logstore: "vpc-flowlog",
    });
    expect(await refusal(cp.deleteLogstore("flowlens-demo", "vpc-flowlog"))).toMatchObject({ code: "logstore.in-use" });
  });
});
