// A small network for control-plane tests, on a fresh fake-indexeddb database each time.
import "fake-indexeddb/auto";
import type { FlowLogInput } from "../../src/model/flow-log";
import { ControlPlaneError } from "../../src/model/problems";
import type { FlowLogEntry } from "../../src/model/records";
import { type ControlPlane, createControlPlane } from "../../src/storage/control-plane";
import { createLogstoreAccess } from "../../src/storage/logstore";
import { type FlowLensDb, openFlowLensDb } from "../../src/storage/schema";

let n = 0;

export async function freshPlane(): Promise<{ cp: ControlPlane; db: FlowLensDb; name: string }> {
  const name = `flowlens-test-${process.pid}-${++n}`;
  const db = await openFlowLensDb({ name });
  let t = Date.UTC(2026, 10, 22, 8, 0, 0);
  return { cp: createControlPlane(db, () => new Date((t += 1000))), db, name };
}

/** A flow log over seed()'s VPC, into its logstore. */
export const WEB_FLOW_LOG: FlowLogInput = {
  name: "web-flows",
  regionId: "cn-huhehaote",
  resourceType: "VPC",
  resourceId: "vpc-main",
  project: "flowlens-demo",
  logstore: "vpc-flowlog",
};

/** Region, account, VPC 10.0.0.0/16 with VSwitch 10.0.1.0/24, a group, an ENI, a logstore. */
export async function seed(cp: ControlPlane) {
  await cp.create("regions", { id: "cn-huhehaote", name: "China (Hohhot)" });
  await cp.create("accounts", { id: "1234567890", name: "default" });
  const vpc = await cp.create("vpcs", {
    id: "vpc-main",
    regionId: "cn-huhehaote",
    accountId: "1234567890",
    name: "main",
    cidrs: ["10.0.0.0/16"],
    ipv6Cidrs: [],
  });
  const acl = await cp.create("networkAcls", {
    id: "acl-web",
    vpcId: vpc.id,
    name: "web",
    dialect: "alibaba",
    rules: [],
    defaultInbound: "accept",
    defaultOutbound: "accept",
  });
  const vsw = await cp.create("vswitches", {
    id: "vsw-web",
    vpcId: vpc.id,
    name: "web",
    zone: "cn-huhehaote-a",
    cidr: "10.0.1.0/24",
    aclId: acl.id,
  });
  const sg = await cp.create("securityGroups", {
    id: "sg-web",
    vpcId: vpc.id,
    name: "web",
    dialect: "alibaba",
    defaultInbound: "drop",
    defaultOutbound: "accept",
    rules: [{ id: "r1", priority: 1, direction: "in", protocol: "tcp", ports: [443, 443], peer: "0.0.0.0/0", policy: "accept" }],
  });
  const vm = await cp.create("instances", { id: "i-web1", vswitchId: vsw.id, instanceType: "ecs.g6.large", name: "web1" });
  const eni = await cp.create("enis", {
    id: "eni-web1",
    vswitchId: vsw.id,
    instanceId: vm.id,
    name: "web1",
    ips: ["10.0.1.5"],
    securityGroupIds: [sg.id],
  });
  await cp.createProject({ name: "flowlens-demo", description: "" });
  await cp.createLogstore({ project: "flowlens-demo", name: "vpc-flowlog", retentionDays: 30 });
  return { vpc, vsw, sg, eni, acl, vm };
}

/** The refusal a change meets (the test fails if the change is accepted). */
export async function refusal(p: Promise<unknown>): Promise<ControlPlaneError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ControlPlaneError) return e;
    throw e;
  }
  throw new Error("the change was accepted");
}

/** The seeded network with `records` committed to its logstore flowlens-demo/vpc-flowlog. */
export async function storedLogstore(records: FlowLogEntry[]) {
  const { cp, db } = await freshPlane();
  await seed(cp);
  const ls = createLogstoreAccess(db);
  const imp = await ls.beginImport("flowlens-demo", "vpc-flowlog");
  await imp.add(records);
  await imp.commit();
  return ls;
}
