// What still refers to an inventory entity (storage/control-plane.ts): deleting it is
// refused, naming them.
import type { FlowLog } from "../model/flow-log";
import type { Inventory, InventoryKind } from "../model/inventory";

/** What still refers to an entity (so that deleting it is refused, naming them). */
export function dependents(inv: Inventory, flowLogs: FlowLog[], kind: InventoryKind, id: string): string[] {
  const out: string[] = [];
  const add = (what: string, ids: string[]) => {
    for (const x of ids) out.push(`${what} ${x}`);
  };
  if (kind === "regions")
    add(
      "VPC",
      inv.vpcs.filter((v) => v.regionId === id).map((v) => v.id),
    );
  if (kind === "accounts")
    add(
      "VPC",
      inv.vpcs.filter((v) => v.accountId === id).map((v) => v.id),
    );
  if (kind === "vpcs") {
    add(
      "VSwitch",
      inv.vswitches.filter((s) => s.vpcId === id).map((s) => s.id),
    );
    add(
      "security group",
      inv.securityGroups.filter((g) => g.vpcId === id).map((g) => g.id),
    );
    add(
      "network ACL",
      inv.networkAcls.filter((a) => a.vpcId === id).map((a) => a.id),
    );
    add(
      "CCN",
      inv.ccns.filter((c) => c.vpcIds.includes(id)).map((c) => c.id),
    );
  }
  if (kind === "vswitches") {
    add(
      "ENI",
      inv.enis.filter((e) => e.vswitchId === id).map((e) => e.id),
    );
    add(
      "instance",
      inv.instances.filter((n) => n.vswitchId === id).map((n) => n.id),
    );
  }
  if (kind === "instances")
    add(
      "ENI",
      inv.enis.filter((e) => e.instanceId === id).map((e) => e.id),
    );
  if (kind === "securityGroups")
    add(
      "ENI",
      inv.enis.filter((e) => e.securityGroupIds.includes(id)).map((e) => e.id),
    );
  if (kind === "networkAcls")
    add(
      "VSwitch",
      inv.vswitches.filter((s) => s.aclId === id).map((s) => s.id),
    );
  add(
    "flow log",
    flowLogs.filter((f) => f.resourceId === id).map((f) => f.id),
  );
  return out;
}
