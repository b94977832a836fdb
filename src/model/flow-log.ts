// Flow-log instances (docs/rules.md §2): their fields, every creation rule, what they cover, and
// the warning a covered VPC earns when it gains an instance of an unsupported family.
import type { Eni, Instance, Inventory, Logstore, Project } from "./inventory";
import { type Problem, problem } from "./problems";
import { type Text, text } from "./text";

export type ResourceType = "NetworkInterface" | "VSwitch" | "VPC" | "CCN";
export type TrafficType = "All" | "Allow" | "Drop";
export type RecordFormat = "alibaba" | "tencent" | "aws" | "ccn";

export interface FlowLog {
  id: string;
  name: string;
  description: string;
  regionId: string;
  resourceType: ResourceType;
  resourceId: string;
  trafficType: TrafficType;
  project: string;
  logstore: string;
  windowSeconds: 60 | 300 | 600;
  format: RecordFormat;
  analysisReport: boolean;
  tags: { key: string; value: string }[];
  status: "Active" | "Inactive";
  /** ISO 8601. */
  createdAt: string;
}

export type FlowLogInput = Omit<
  FlowLog,
  "id" | "status" | "createdAt" | "windowSeconds" | "format" | "description" | "analysisReport" | "tags" | "trafficType"
> &
  Partial<Pick<FlowLog, "windowSeconds" | "format" | "description" | "analysisReport" | "tags" | "trafficType">>;

/** The only fields an existing flow log lets change (docs/rules.md §2). */
export type FlowLogEdit = Partial<Pick<FlowLog, "name" | "description" | "tags">>;

export const DEFAULT_QUOTA_PER_REGION = 10;

/** Instance families flow logs cannot capture (docs/rules.md §2): ecs.<family>.<size>. */
export const UNSUPPORTED_FAMILIES = new Set([
  "c1",
  "c2",
  "c4",
  "ce4",
  "cm4",
  "d1",
  "e3",
  "e4",
  "ga1",
  "gn4",
  "gn5",
  "i1",
  "m1",
  "m2",
  "mn4",
  "n1",
  "n2",
  "n4",
  "s1",
  "s2",
  "s3",
  "se1",
  "sn1",
  "sn2",
  "t1",
  "xn4",
]);

export function instanceFamily(instanceType: string): string {
  const parts = instanceType.split(".");
  return parts[0] === "ecs" && parts.length >= 3 ? parts[1] : "";
}

const NAME = /^[A-Za-z\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff_-]{1,127}$/;
const startsWithUrl = (s: string) => /^https?:\/\//i.test(s);

export function checkName(name: unknown, field = "name"): Problem[] {
  if (typeof name !== "string") return [problem("flowlog.name-invalid", field, text("flowlog_name_invalid"))];
  if (startsWithUrl(name)) return [problem("flowlog.name-url", field, text("flowlog_name_url"))];
  if (name.length < 2 || name.length > 128) return [problem("flowlog.name-length", field, text("flowlog_name_length", name.length))];
  if (!NAME.test(name)) return [problem("flowlog.name-invalid", field, text("flowlog_name_chars"))];
  return [];
}

export function checkDescription(description: unknown, field = "description"): Problem[] {
  if (description === undefined || description === "") return [];
  if (typeof description !== "string") return [problem("flowlog.description-invalid", field, text("flowlog_description_invalid"))];
  if (startsWithUrl(description)) return [problem("flowlog.description-url", field, text("flowlog_description_url"))];
  if (description.length < 2 || description.length > 256)
    return [problem("flowlog.description-length", field, text("flowlog_description_length", description.length))];
  return [];
}

export function checkTags(tags: unknown, field = "tags"): Problem[] {
  if (tags === undefined) return [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t?.key !== "string" || !t.key || typeof t.value !== "string"))
    return [problem("flowlog.tags-invalid", field, text("flowlog_tags_invalid"))];
  const keys = tags.map((t) => t.key);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  return dup ? [problem("flowlog.tags-duplicate", field, text("flowlog_tags_duplicate", dup))] : [];
}

/** The VPC ids a resource lies in (a CCN: every attached VPC). */
export function resourceVpcs(inv: Inventory, type: ResourceType, id: string): string[] {
  if (type === "VPC") return inv.vpcs.some((v) => v.id === id) ? [id] : [];
  if (type === "VSwitch") return inv.vswitches.filter((s) => s.id === id).map((s) => s.vpcId);
  if (type === "NetworkInterface") {
    const eni = inv.enis.find((e) => e.id === id);
    return eni ? inv.vswitches.filter((s) => s.id === eni.vswitchId).map((s) => s.vpcId) : [];
  }
  return inv.ccns.find((c) => c.id === id)?.vpcIds ?? [];
}

/** The ENIs a flow log covers now, including ones added after it was created (docs/rules.md §2). */
export function coveredEnis(inv: Inventory, f: Pick<FlowLog, "resourceType" | "resourceId">): Eni[] {
  if (f.resourceType === "NetworkInterface") return inv.enis.filter((e) => e.id === f.resourceId);
  if (f.resourceType === "VSwitch") return inv.enis.filter((e) => e.vswitchId === f.resourceId);
  const vpcs = new Set(resourceVpcs(inv, f.resourceType, f.resourceId));
  const vsws = new Set(inv.vswitches.filter((s) => vpcs.has(s.vpcId)).map((s) => s.id));
  return inv.enis.filter((e) => vsws.has(e.vswitchId));
}

/**
 * coveredEnis for many flow logs over one inventory: ENIs indexed by VSwitch and VSwitches by
 * VPC once, each flow log's ENIs in inventory order as coveredEnis gives them (a filter over
 * every ENI per flow log made 256 proposed flow logs over 168 k ENIs cost seconds).
 */
export function coverageIndex(inv: Inventory): (f: Pick<FlowLog, "resourceType" | "resourceId">) => Eni[] {
  const position = new Map<Eni, number>();
  const byVswitch = new Map<string, Eni[]>(),
    vswitchesOf = new Map<string, string[]>();
  inv.enis.forEach((e, k) => {
    position.set(e, k);
    let list = byVswitch.get(e.vswitchId);
    if (!list) byVswitch.set(e.vswitchId, (list = []));
    list.push(e);
  });
  for (const s of inv.vswitches) {
    let list = vswitchesOf.get(s.vpcId);
    if (!list) vswitchesOf.set(s.vpcId, (list = []));
    list.push(s.id);
  }
  return (f) => {
    if (f.resourceType === "NetworkInterface") return inv.enis.filter((e) => e.id === f.resourceId);
    if (f.resourceType === "VSwitch") return [...(byVswitch.get(f.resourceId) ?? [])];
    const out: Eni[] = [];
    for (const vpc of new Set(resourceVpcs(inv, f.resourceType, f.resourceId)))
      for (const vsw of new Set(vswitchesOf.get(vpc) ?? [])) out.push(...(byVswitch.get(vsw) ?? []));
    return out.sort((a, b) => position.get(a)! - position.get(b)!);
  };
}

/** Instances of unsupported families in the VPCs a VPC, VSwitch or ENI flow log touches. */
export function unsupportedInstances(inv: Inventory, type: ResourceType, id: string): Instance[] {
  if (type === "CCN") return [];
  const vpcs = new Set(resourceVpcs(inv, type, id));
  const vsws = new Set(inv.vswitches.filter((s) => vpcs.has(s.vpcId)).map((s) => s.id));
  return inv.instances.filter((n) => vsws.has(n.vswitchId) && UNSUPPORTED_FAMILIES.has(instanceFamily(n.instanceType)));
}

export interface FlowLogContext {
  inventory: Inventory;
  projects: Project[];
  logstores: Logstore[];
  flowLogs: FlowLog[];
  quotaPerRegion: number;
}

/** The inventory kind each resource type of a flow log names. */
export const RESOURCE_KINDS = { NetworkInterface: "enis", VSwitch: "vswitches", VPC: "vpcs", CCN: "ccns" } as const satisfies Record<
  ResourceType,
  keyof Inventory
>;

/** Whether the inventory holds the resource a flow log names. */
export const hasResource = (inv: Inventory, f: { resourceType: ResourceType; resourceId: string }): boolean =>
  (inv[RESOURCE_KINDS[f.resourceType]] as { id: string }[] | undefined)?.some((e) => e.id === f.resourceId) ?? false;

/** Every creation rule of docs/rules.md §2; an empty list means the flow log may be created. */
export function checkNewFlowLog(input: FlowLogInput, ctx: FlowLogContext): Problem[] {
  const out: Problem[] = [...checkName(input.name), ...checkDescription(input.description), ...checkTags(input.tags)];
  const inv = ctx.inventory;
  if (!input.regionId)
    out.push(problem("flowlog.no-region", "regionId", text(inv.regions.length ? "flowlog_choose_region" : "flowlog_no_region")));
  else if (!inv.regions.some((r) => r.id === input.regionId))
    out.push(problem("flowlog.region-missing", "regionId", text("flowlog_region_missing", input.regionId)));
  const inRegion = ctx.flowLogs.filter((f) => f.regionId === input.regionId).length;
  if (inRegion >= ctx.quotaPerRegion)
    out.push(problem("flowlog.quota-exceeded", "regionId", text("flowlog_quota_exceeded", input.regionId, inRegion, ctx.quotaPerRegion)));
  const kind = RESOURCE_KINDS[input.resourceType];
  if (!kind) {
    out.push(problem("flowlog.bad-resource-type", "resourceType", text("flowlog_bad_resource_type", input.resourceType)));
  } else if (!input.resourceId) {
    out.push(problem("flowlog.no-resource", "resourceId", text("flowlog_no_resource", input.resourceType)));
  } else if (!(inv[kind] as { id: string }[]).some((e) => e.id === input.resourceId)) {
    const elsewhere = (Object.entries(RESOURCE_KINDS) as [ResourceType, keyof Inventory][]).find(([, k]) =>
      (inv[k] as { id: string }[]).some((e) => e.id === input.resourceId),
    );
    out.push(
      elsewhere
        ? problem(
            "flowlog.resource-wrong-type",
            "resourceId",
            text("flowlog_resource_wrong_type", input.resourceId, elsewhere[0], input.resourceType),
          )
        : problem("flowlog.resource-missing", "resourceId", text("flowlog_resource_missing", input.resourceType, input.resourceId)),
    );
  } else {
    const bad = unsupportedInstances(inv, input.resourceType, input.resourceId);
    if (bad.length)
      out.push(
        problem(
          "flowlog.unsupported-instances",
          "resourceId",
          text(
            "flowlog_unsupported_instances",
            input.resourceId,
            bad.map((n) => text("named_with_detail", n.id, n.instanceType)),
          ),
        ),
      );
  }
  if (input.trafficType !== undefined && !["All", "Allow", "Drop"].includes(input.trafficType))
    out.push(problem("flowlog.bad-traffic-type", "trafficType", text("flowlog_bad_traffic_type", input.trafficType)));
  if (input.windowSeconds !== undefined && ![60, 300, 600].includes(input.windowSeconds))
    out.push(problem("flowlog.bad-window", "windowSeconds", text("flowlog_bad_window", input.windowSeconds)));
  if (input.format !== undefined && !["alibaba", "tencent", "aws", "ccn"].includes(input.format))
    out.push(problem("flowlog.bad-format", "format", text("flowlog_bad_format", input.format)));
  if (!input.project) out.push(problem("flowlog.no-project", "project", text("flowlog_no_project")));
  else if (!ctx.projects.some((p) => p.name === input.project))
    out.push(problem("flowlog.project-missing", "project", text("flowlog_project_missing", input.project)));
  else if (!ctx.logstores.some((l) => l.project === input.project && l.name === input.logstore))
    out.push(problem("flowlog.logstore-missing", "logstore", text("flowlog_logstore_missing", input.logstore, input.project)));
  return out;
}

/** A new flow log with the spec's defaults: window 600 (60 for CCN), format by resource. */
export function completeFlowLog(input: FlowLogInput, id: string, now: Date): FlowLog {
  const ccn = input.resourceType === "CCN";
  return {
    id,
    name: input.name,
    description: input.description ?? "",
    regionId: input.regionId,
    resourceType: input.resourceType,
    resourceId: input.resourceId,
    trafficType: input.trafficType ?? "All",
    project: input.project,
    logstore: input.logstore,
    windowSeconds: input.windowSeconds ?? (ccn ? 60 : 600),
    format: input.format ?? (ccn ? "ccn" : "alibaba"),
    analysisReport: input.analysisReport ?? false,
    tags: input.tags ?? [],
    status: "Active",
    createdAt: now.toISOString(),
  };
}

export function checkFlowLogEdit(edit: Record<string, unknown>): Problem[] {
  const out: Problem[] = [];
  for (const key of Object.keys(edit)) {
    if (!["name", "description", "tags"].includes(key)) out.push(problem("flowlog.immutable", key, text("flowlog_immutable", key)));
  }
  if ("name" in edit) out.push(...checkName(edit.name));
  if ("description" in edit) out.push(...checkDescription(edit.description));
  if ("tags" in edit) out.push(...checkTags(edit.tags));
  return out;
}

/** The flow log's warning, if its VPC now holds instances it cannot capture. */
export function flowLogWarning(inv: Inventory, f: FlowLog): { text: Text; instances: string[] } | null {
  const bad = unsupportedInstances(inv, f.resourceType, f.resourceId);
  if (!bad.length) return null;
  return {
    instances: bad.map((n) => n.id),
    text: text(
      "flowlog_instances_not_captured",
      bad.map((n) => text("named_with_detail", n.id, n.instanceType)),
    ),
  };
}
