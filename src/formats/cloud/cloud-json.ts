// Shared pieces of the cloud-JSON importers: the result, and small readers.
import type { Inventory, Rule, RuleProtocol } from "../../model/inventory";
import { emptyInventory } from "../../model/inventory";

export interface Conversion {
  inventory: Inventory;
  notes: string[];
}

export function newConversion(): Conversion {
  return { inventory: emptyInventory(), notes: [] };
}

/** Adds an entity unless one with its id is there; later responses fill gaps, never duplicate. */
export function upsert<T extends { id: string }>(list: T[], e: T, merge: (old: T, neu: T) => T = (o, n) => ({ ...o, ...n })): void {
  const i = list.findIndex((x) => x.id === e.id);
  if (i < 0) list.push(e);
  else list[i] = merge(list[i], e);
}

export function protocolOf(p: unknown): RuleProtocol | null {
  const s = String(p ?? "").toLowerCase();
  if (s === "-1" || s === "all") return "all";
  if (s === "tcp" || s === "6") return "tcp";
  if (s === "udp" || s === "17") return "udp";
  if (s === "icmp" || s === "1") return "icmp";
  if (s === "icmpv6" || s === "58") return "icmpv6";
  if (s === "gre") return 47;
  return /^\d+$/.test(s) && Number(s) <= 255 ? Number(s) : null;
}

/** A port range for tcp/udp; undefined for all ports or other protocols. */
export function portsOf(protocol: RuleProtocol, from: unknown, to: unknown): [number, number] | undefined {
  if (protocol !== "tcp" && protocol !== "udp") return undefined;
  const a = Number(from),
    b = Number(to);
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || (a === 1 && b === 65535)) return undefined;
  return [a, b];
}

export function rule(
  id: string,
  priority: number,
  direction: "in" | "out",
  protocol: RuleProtocol,
  ports: [number, number] | undefined,
  peer: string,
  policy: "accept" | "drop",
  description?: string,
): Rule {
  return { id, priority, direction, protocol, ...(ports ? { ports } : {}), peer, policy, ...(description ? { description } : {}) };
}

export const nameTag = (tags: unknown): string | undefined =>
  Array.isArray(tags) ? (tags.find((t) => t?.Key === "Name")?.Value as string | undefined) : undefined;
