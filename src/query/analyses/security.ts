// Analyses for the security engineer: what was rejected and by which rule, management ports
// reached from outside, scans, and traffic with a threat list's addresses.

import { SCAN_THRESHOLD } from "../../model/analysis-defaults";
import { ACTION_REJECT, ACTIONS, DIRECTION_IN } from "../../model/record-codes";
import { type Analysis, and, q, type Row, text } from "../analysis-kit";
import { Tally } from "../tally";

const ADMIN_PORTS: Record<number, string> = {
  22: "SSH",
  23: "Telnet",
  3389: "RDP",
  5900: "VNC",
  5985: "WinRM",
  5986: "WinRM (TLS)",
  2375: "Docker",
  6443: "Kubernetes API",
};
const NO_RULE = "(no rule recorded)";
const actionOf = (code: number) => ACTIONS[code] ?? "-";

/** Distinct values up to a cap: enough to say "at least N" for scan detection. */
const SCAN_SET_CAP = 4096;
const SCAN_PAIRS_CAP = 200_000;

export const rejected: Analysis = {
  name: "rejected",
  description: "top rejected sources and ports, and the rules that decided, with hit counts",
  usesText: true,
  start(o) {
    const sources = new Tally(8192, "records"),
      ports = new Tally(8192, "records"),
      rules = new Tally(8192, "records");
    return {
      visit(c, i, src, _d, bytes, packets) {
        if (c.action[i] !== ACTION_REJECT) return;
        sources.add(src, bytes, packets);
        ports.add(String(c.f64.dstport[i]), bytes, packets);
        rules.add(text(c, "rule-id", i) || NO_RULE, bytes, packets);
      },
      rows(base) {
        // Rejected traffic ranks by hits (records), bytes breaking ties.
        const top = o.top ?? 10;
        const row = (kind: string, value: string, v: { records: number; bytes: number }, search: string): Row => ({
          kind,
          value,
          records: v.records,
          bytes: v.bytes,
          search: and(base, search),
        });
        return [
          ...sources.top(top, "records").map(([k, v]) => row("source", k, v, `action: REJECT and srcaddr: ${q(k)}`)),
          ...ports.top(top, "records").map(([k, v]) => row("port", k, v, `action: REJECT and dstport: ${k}`)),
          ...rules
            .top(top, "records")
            .map(([k, v]) =>
              row("rule", k, v, k === NO_RULE ? "action: REJECT and not rule-id: *" : `action: REJECT and rule-id: ${q(k)}`),
            ),
        ];
      },
      approximate: () => sources.approximate || ports.approximate || rules.approximate,
    };
  },
};

export const adminPortsFromOutside: Analysis = {
  name: "admin-ports-from-outside",
  description: "SSH, RDP and other management ports reached from outside",
  usesText: true,
  start(o, flags) {
    const t = new Tally(8192, "records");
    return {
      visit(c, i, src, _d, bytes, packets) {
        const port = c.f64.dstport[i];
        if (c.direction[i] === DIRECTION_IN && ADMIN_PORTS[port] && src && !flags.inside(c, c.text.srcaddr[i]))
          t.add(`${src}|${port}|${actionOf(c.action[i])}`, bytes, packets);
      },
      rows(base) {
        return t.top(o.top ?? 10, "records").map(([k, v]) => {
          const [s, port, action] = k.split("|");
          const search = and(base, `srcaddr: ${q(s)} and dstport: ${port} and direction: in`);
          return {
            srcaddr: s,
            dstport: Number(port),
            service: ADMIN_PORTS[Number(port)],
            action,
            records: v.records,
            bytes: v.bytes,
            search,
          };
        });
      },
      approximate: () => t.approximate,
    };
  },
};

export const scans: Analysis = {
  name: "scans",
  description: "sources reaching many destinations or ports in one window",
  usesText: true,
  start(o) {
    // window -> source -> what it reached: nested, so that no key string is built per record.
    const seen = new Map<number, Map<string, { dst: Set<string>; ports: Set<number>; window: number; src: string }>>();
    let pairs = 0,
      capped = false;
    return {
      visit(c, i, src, dst) {
        if (!src) return;
        const w = c.u32.window[i];
        let perWindow = seen.get(w);
        if (!perWindow) seen.set(w, (perWindow = new Map()));
        let x = perWindow.get(src);
        if (!x) {
          if (pairs >= SCAN_PAIRS_CAP) {
            capped = true;
            return;
          }
          x = { dst: new Set(), ports: new Set(), window: w, src };
          perWindow.set(src, x);
          pairs++;
        }
        if (x.dst.size < SCAN_SET_CAP) x.dst.add(dst);
        if (c.f64.dstport[i] >= 0 && x.ports.size < SCAN_SET_CAP) x.ports.add(c.f64.dstport[i]);
      },
      rows(base) {
        const minDst = o.scanDestinations ?? SCAN_THRESHOLD,
          minPorts = o.scanPorts ?? SCAN_THRESHOLD;
        return [...seen.values()]
          .flatMap((m) => [...m.values()])
          .filter((x) => x.dst.size >= minDst || x.ports.size >= minPorts)
          .sort((a, b) => b.dst.size + b.ports.size - a.dst.size - a.ports.size)
          .slice(0, o.top ?? 10)
          .map((x) => ({
            srcaddr: x.src,
            window: x.window,
            destinations: x.dst.size,
            ports: x.ports.size,
            search: and(base, `srcaddr: ${q(x.src)} and window: ${x.window}`),
          }));
      },
      approximate: () => capped,
    };
  },
};

export const threatList: Analysis = {
  name: "threat-list",
  description: "traffic with any address on an imported threat list",
  usesText: false,
  start(o, flags) {
    const t = new Tally(8192, "records");
    return {
      visit(c, i, _s, _d, bytes, packets) {
        // Decided on the dictionary codes; the text is read for the (few) hits only.
        const s = flags.threat(c, c.text.srcaddr[i]),
          d = flags.threat(c, c.text.dstaddr[i]);
        if (!s && !d) return;
        const sa = text(c, "srcaddr", i),
          da = text(c, "dstaddr", i);
        if (s) t.add(`${sa}|${da}`, bytes, packets);
        if (d) t.add(`${da}|${sa}`, bytes, packets);
      },
      rows(base) {
        return t.top(o.top ?? 10, "records").map(([k, v]) => {
          const [listed, peer] = k.split("|");
          return {
            listed,
            peer,
            records: v.records,
            bytes: v.bytes,
            search: and(base, `(srcaddr: ${q(listed)} or dstaddr: ${q(listed)})`),
          };
        });
      },
      approximate: () => t.approximate,
    };
  },
};
