// A test page for the control plane on the browser's own IndexedDB.

import { ControlPlaneError } from "../../src/model/problems";
import { createControlPlane } from "../../src/storage/control-plane";
import { openFlowLensDb } from "../../src/storage/schema";
import { chinese } from "../support/catalogues";

async function plane() {
  return createControlPlane(await openFlowLensDb());
}

const api = {
  async build() {
    const cp = await plane();
    await cp.create("regions", { id: "cn-huhehaote", name: "Hohhot" });
    await cp.create("accounts", { id: "1234", name: "main" });
    const vpc = await cp.create("vpcs", {
      regionId: "cn-huhehaote",
      accountId: "1234",
      name: "main",
      cidrs: ["10.0.0.0/16"],
      ipv6Cidrs: [],
    });
    const vsw = await cp.create("vswitches", { vpcId: vpc.id, name: "web", zone: "a", cidr: "10.0.1.0/24" });
    await cp.create("enis", { vswitchId: vsw.id, name: "web1", ips: ["10.0.1.5"], securityGroupIds: [] });
    await cp.createProject({ name: "demo-project", description: "" });
    await cp.createLogstore({ project: "demo-project", name: "flows", retentionDays: 7 });
    const f = await cp.createFlowLog({
      name: "web",
      regionId: "cn-huhehaote",
      resourceType: "VPC",
      resourceId: vpc.id,
      project: "demo-project",
      logstore: "flows",
    });
    return { vpc: vpc.id, flowLog: f.id };
  },
  async refused() {
    const cp = await plane();
    try {
      await cp.create("enis", { vswitchId: (await cp.list("vswitches"))[0].id, name: "bad", ips: ["10.9.9.9"], securityGroupIds: [] });
      return "accepted";
    } catch (e) {
      return e instanceof ControlPlaneError ? `${e.code} ${chinese(e.problems[0].text)}` : String(e);
    }
  },
  async read() {
    const cp = await plane();
    const inv = await cp.inventory();
    return { vpcs: inv.vpcs.length, enis: inv.enis.map((e) => e.ips[0]), flowLogs: (await cp.flowLogs()).map((f) => [f.name, f.status]) };
  },
};

(globalThis as unknown as { controlPlane: typeof api }).controlPlane = api;
document.body.dataset.ready = "yes";
