// Analyses of volume: over time, by port, protocol, ENI, direction and IP version.

import { ACTIONS, DIRECTION_IN, DIRECTION_OUT, DIRECTIONS } from "../../model/record-codes";
import type { ChunkColumns } from "../../storage/record-columns";
import { type Analysis, and, directionSearch, PROTOCOL_NAMES, q, type Row, text, UNKNOWN_DIRECTION } from "../analysis-kit";
import { Tally } from "../tally";

const protocolRow = (k: string) => ({ protocol: Number(k), name: PROTOCOL_NAMES[Number(k)] ?? "" });

export const trafficOverTime: Analysis = {
  name: "traffic-over-time",
  description: "bytes, packets and records per time bucket, by action",
  usesText: false,
  start(o) {
    const bucket = o.bucketSeconds ?? 600;
    const t = new Tally(8192, "bytes");
    return {
      visit(c, i, _s, _d, bytes, packets) {
        const b = c.u32.start[i] - (c.u32.start[i] % bucket);
        t.add(b * 4 + c.action[i], bytes, packets);
      },
      rows(base) {
        const rows: Row[] = [];
        for (const [k, v] of t.entries().sort((a, b) => Number(a[0]) - Number(b[0]))) {
          const b = Math.floor(Number(k) / 4),
            action = ACTIONS[Number(k) % 4] ?? "-";
          const search = and(base, `start in [${b} ${b + bucket - 1}] and action: ${action}`);
          rows.push({ bucket: b, action, bytes: v.bytes, packets: v.packets, records: v.records, search });
        }
        return rows;
      },
      approximate: () => t.approximate,
    };
  },
};

export const topPorts: Analysis = {
  name: "top-ports",
  description: "destination ports with the most bytes",
  usesText: false,
  start(o) {
    const t = new Tally(8192, "bytes");
    return {
      visit(c, i, _s, _d, bytes, packets) {
        if (c.f64.dstport[i] >= 0) t.add(c.f64.dstport[i], bytes, packets);
      },
      rows: (base) =>
        t.top(o.top ?? 10).map(([k, v]) => ({
          dstport: Number(k),
          bytes: v.bytes,
          packets: v.packets,
          records: v.records,
          search: and(base, `dstport: ${k}`),
        })),
      approximate: () => t.approximate,
    };
  },
};

export const protocols: Analysis = {
  name: "protocols",
  description: "bytes and records per protocol",
  usesText: false,
  start() {
    const t = new Tally(8192, "bytes");
    return {
      visit(c, i, _s, _d, bytes, packets) {
        if (c.f64.protocol[i] >= 0) t.add(c.f64.protocol[i], bytes, packets);
      },
      rows: (base) =>
        t.top(1000).map(([k, v]) => ({
          ...protocolRow(k),
          bytes: v.bytes,
          packets: v.packets,
          records: v.records,
          search: and(base, `protocol: ${k}`),
        })),
      approximate: () => t.approximate,
    };
  },
};

export const rareProtocols: Analysis = {
  name: "rare-protocols",
  description: "protocols rarely seen in this logstore",
  usesText: false,
  start(o) {
    const t = new Tally(8192, "records");
    let total = 0;
    return {
      visit(c, i, _s, _d, bytes, packets) {
        total++;
        if (c.f64.protocol[i] >= 0) t.add(c.f64.protocol[i], bytes, packets);
      },
      rows(base) {
        const share = o.rareShare ?? 0.01;
        const rows: Row[] = [];
        for (const [k, v] of t.top(1000, "records").reverse())
          if (v.records / Math.max(1, total) < share)
            rows.push({ ...protocolRow(k), records: v.records, share: v.records / total, search: and(base, `protocol: ${k}`) });
        return rows;
      },
      approximate: () => t.approximate,
    };
  },
};

export const perEni: Analysis = {
  name: "per-eni",
  description: "totals per ENI, inbound and outbound",
  usesText: false,
  start() {
    const into = new Tally(8192, "bytes"),
      out = new Tally(8192, "bytes"),
      unknown = new Tally(8192, "records");
    return {
      visit(c, i, _s, _d, bytes, packets) {
        (c.direction[i] === DIRECTION_IN ? into : c.direction[i] === DIRECTION_OUT ? out : unknown).add(
          text(c, "interface-id", i),
          bytes,
          packets,
        );
      },
      rows(base) {
        // Logs without a direction field (AWS v2, Tencent) are totals per interface-id, their direction "unknown".
        const all = [
          ...into.top(1000).map(([k, v]) => [k, "in", v] as const),
          ...out.top(1000).map(([k, v]) => [k, "out", v] as const),
          ...unknown.top(1000).map(([k, v]) => [k, UNKNOWN_DIRECTION, v] as const),
        ]
          .sort((a, b) => b[2].bytes - a[2].bytes || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1))
          .slice(0, 1000);
        return all.map(([eni, direction, v]) => ({
          eni,
          direction,
          bytes: v.bytes,
          packets: v.packets,
          records: v.records,
          search: and(base, `interface-id: ${q(eni)} and ${directionSearch(direction)}`),
        }));
      },
      approximate: () => into.approximate || out.approximate || unknown.approximate,
    };
  },
};

/** A split of the volume in a few classes (null: not counted), by direction or by IP version. */
function split(
  name: string,
  description: string,
  column: string,
  usesText: boolean,
  classOf: (c: ChunkColumns, i: number, src: string) => string | null,
  searchOf: (k: string) => string,
): Analysis {
  return {
    name,
    description,
    usesText,
    start() {
      const t = new Tally(8192, "bytes");
      return {
        visit(c, i, src, _d, bytes, packets) {
          const k = classOf(c, i, src);
          if (k !== null) t.add(k, bytes, packets);
        },
        rows: (base) =>
          t
            .top(10)
            .map(
              ([k, v]) => ({ [column]: k, bytes: v.bytes, packets: v.packets, records: v.records, search: and(base, searchOf(k)) }) as Row,
            ),
        approximate: () => t.approximate,
      };
    },
  };
}

export const inOut = split(
  "in-out",
  "inbound against outbound volume",
  "direction",
  false,
  (c, i) => DIRECTIONS[c.direction[i]] ?? UNKNOWN_DIRECTION,
  directionSearch,
);

export const ipVersions = split(
  "ip-versions",
  "IPv4 against IPv6 volume",
  "version",
  true,
  (_c, _i, src) => (src ? (src.includes(":") ? "IPv6" : "IPv4") : null),
  (k) => (k === "IPv6" ? "srcaddr: ::/0" : "srcaddr: 0.0.0.0/0"),
);
