// The inventory as one JSON document (docs/history.md #3): versioned, checked whole, with every
// problem named by its path in the document, so an import is all or nothing.
import type { Inventory, InventoryKind } from "./inventory";
import { emptyInventory, INVENTORY_KINDS } from "./inventory";
import { checkInventory } from "./inventory-check";
import { type Problem, problem } from "./problems";
import { text } from "./text";

export const DOCUMENT_FORMAT = "flowlens-inventory";
export const DOCUMENT_VERSION = 1;

export interface InventoryDocument extends Inventory {
  format: typeof DOCUMENT_FORMAT;
  version: number;
}

export function toDocument(inv: Inventory): InventoryDocument {
  return { format: DOCUMENT_FORMAT, version: DOCUMENT_VERSION, ...inv };
}

type Shape = "string" | "string?" | "strings" | "number" | "rules" | "limits";
const SHAPES: Record<InventoryKind, Record<string, Shape>> = {
  regions: { id: "string", name: "string" },
  accounts: { id: "string", name: "string" },
  vpcs: { id: "string", regionId: "string", accountId: "string", name: "string", cidrs: "strings", ipv6Cidrs: "strings" },
  // cidr may be absent for an IPv6-only VSwitch (then the inventory check wants ipv6Cidr).
  vswitches: { id: "string", vpcId: "string", name: "string", zone: "string", cidr: "string?", ipv6Cidr: "string?", aclId: "string?" },
  instances: { id: "string", vswitchId: "string", instanceType: "string", name: "string" },
  enis: { id: "string", vswitchId: "string", instanceId: "string?", name: "string", ips: "strings", securityGroupIds: "strings" },
  securityGroups: {
    id: "string",
    vpcId: "string",
    name: "string",
    dialect: "string",
    rules: "rules",
    defaultInbound: "string",
    defaultOutbound: "string",
  },
  networkAcls: {
    id: "string",
    vpcId: "string",
    name: "string",
    dialect: "string",
    rules: "rules",
    defaultInbound: "string",
    defaultOutbound: "string",
  },
  ccns: { id: "string", name: "string", vpcIds: "strings", bandwidthLimits: "limits" },
};

function shapeProblems(value: unknown, shape: Shape, at: string): Problem[] {
  const bad = (what: "text" | "texts" | "number" | "limits" | "rules") => [
    problem("document.bad-field", at, text(`document_must_be_${what}`)),
  ];
  switch (shape) {
    case "string":
      return typeof value === "string" ? [] : bad("text");
    case "string?":
      return value === undefined || typeof value === "string" ? [] : bad("text");
    case "strings":
      return Array.isArray(value) && value.every((v) => typeof v === "string") ? [] : bad("texts");
    case "number":
      return typeof value === "number" ? [] : bad("number");
    case "limits":
      return Array.isArray(value) &&
        value.every((v) => v && typeof v.fromRegion === "string" && typeof v.toRegion === "string" && typeof v.mbps === "number")
        ? []
        : bad("limits");
    case "rules": {
      if (!Array.isArray(value)) return bad("rules");
      return value.flatMap((r, i) =>
        r &&
        typeof r === "object" &&
        typeof r.id === "string" &&
        typeof r.peer === "string" &&
        (r.ports === undefined || (Array.isArray(r.ports) && r.ports.length === 2))
          ? []
          : [problem("document.bad-field", `${at}[${i}]`, text("document_must_be_rule"))],
      );
    }
  }
}

/**
 * Where a problem stands, for people: its path with the entity's id beside it
 * (`enis[0] (eni-1f2e).ips[0]`), since `enis[0]` alone leaves the user to count.
 */
export function placeOf(doc: unknown, field: string): string {
  const m = /^([a-zA-Z]+)\[(\d+)\](.*)$/.exec(field);
  if (!m || !doc || typeof doc !== "object") return field;
  const list = (doc as Record<string, unknown>)[m[1]];
  const id = Array.isArray(list) ? (list[Number(m[2])] as { id?: unknown } | undefined)?.id : undefined;
  return typeof id === "string" && id ? `${m[1]}[${m[2]}] (${id})${m[3]}` : field;
}

/** Every problem of a document, by path; the inventory it holds when there are none. */
export function readDocument(doc: unknown): { problems: Problem[]; inventory: Inventory | null } {
  const problems: Problem[] = [];
  if (!doc || typeof doc !== "object" || Array.isArray(doc))
    return {
      problems: [problem("document.not-object", "", text("document_not_object"))],
      inventory: null,
    };
  const d = doc as Record<string, unknown>;
  if (d.format !== DOCUMENT_FORMAT) problems.push(problem("document.bad-format", "format", text("document_bad_format", DOCUMENT_FORMAT)));
  if (d.version !== DOCUMENT_VERSION)
    problems.push(problem("document.bad-version", "version", text("document_bad_version", JSON.stringify(d.version), DOCUMENT_VERSION)));
  const inv = emptyInventory();
  for (const kind of INVENTORY_KINDS) {
    const list = d[kind] ?? [];
    if (!Array.isArray(list)) {
      problems.push(problem("document.bad-field", kind, text("document_must_be_list")));
      continue;
    }
    list.forEach((e, i) => {
      if (!e || typeof e !== "object") {
        problems.push(problem("document.bad-field", `${kind}[${i}]`, text("document_must_be_object")));
        return;
      }
      for (const [field, shape] of Object.entries(SHAPES[kind]))
        problems.push(...shapeProblems((e as Record<string, unknown>)[field], shape, `${kind}[${i}].${field}`));
      const extra = Object.keys(e).filter((k) => !Object.hasOwn(SHAPES[kind], k)); // own keys: `constructor` is no field
      if (extra.length)
        problems.push(problem("document.unknown-field", `${kind}[${i}].${extra[0]}`, text("document_unknown_field", extra[0])));
    });
    (inv[kind] as unknown[]) = list;
  }
  if (problems.length) return { problems, inventory: null };
  const rules = checkInventory(inv, "index");
  return rules.length ? { problems: rules, inventory: null } : { problems: [], inventory: inv };
}
