// The import lifecycle (docs/history.md #10): an import abandoned by a closed tab is known at once by
// its lock, a full quota stops an import with the numbers and keeps what was stored before,
// and a capture into several logstores — or an accepted proposal — is whole or absent.
import { describe, expect, it } from "vitest";
import type { FlowLogEntry } from "../../src/model/records";
import { browse } from "../../src/query/newest-matches";
import { memoryImportLocks } from "../../src/storage/import-locks";
import { createLogstoreAccess } from "../../src/storage/logstore";
import { recentImports } from "../../src/storage/logstore-stats";
import type { FlowLensDb } from "../../src/storage/schema";
import { freshPlane, refusal, seed } from "./fixture";

const W = 1_700_000_400;
const entry = (i: number): FlowLogEntry => ({
  flowLogId: "fl-1",
  window: W,
  version: "2",
  "account-id": "1234567890",
  "interface-id": "eni-web1",
  "vpc-id": "vpc-main",
  "subnet-id": "vsw-web",
  "instance-id": null,
  srcaddr: `10.0.1.${i & 255}`,
  dstaddr: "10.0.1.5",
  srcport: 1024 + (i % 50000),
  dstport: 443,
  protocol: 6,
  direction: "in",
  packets: 1,
  bytes: 60,
  start: W + (i % 600),
  end: W + (i % 600),
  action: "ACCEPT",
  "log-status": "OK",
  "tcp-flags": null,
  "rule-id": null,
});
const records = (n: number) => Array.from({ length: n }, (_, i) => entry(i));

/** `db`, except that record chunks after the first `allowed` fail as a full disk does. */
function quotaAfter(db: FlowLensDb, allowed: number): FlowLensDb {
  let puts = 0;
  // Methods run on the real objects (fake-indexeddb checks its own fields on `this`).
  const own = (o: object, k: string | symbol) => {
    const v = Reflect.get(o, k);
    return typeof v === "function" ? v.bind(o) : v;
  };
  return new Proxy(db, {
    get(target, key) {
      if (key !== "transaction") return own(target, key);
      return (...args: Parameters<FlowLensDb["transaction"]>) => {
        const tx = target.transaction(...args);
        return new Proxy(tx, {
          get(t, k) {
            if (k !== "objectStore") return own(t, k);
            return (name: string) => {
              const store = t.objectStore(name as never);
              if (name !== "recordChunks") return store;
              return new Proxy(store, {
                get(s, m) {
                  if (m !== "put") return own(s, m);
                  return (...a: unknown[]) =>
                    ++puts > allowed
                      ? Promise.reject(new DOMException("The quota has been exceeded.", "QuotaExceededError"))
                      : (s.put as (...x: unknown[]) => unknown)(...a);
                },
              });
            };
          },
        });
      };
    },
  });
}

async function setup() {
  const { cp, db } = await freshPlane();
  await seed(cp);
  await cp.createLogstore({ project: "flowlens-demo", name: "second", retentionDays: 30 });
  return { cp, db };
}

describe("abandoned imports", () => {
  it("are removed at the next open as soon as their lock is gone, not a minute later", async () => {
    const { db } = await setup();
    const locks = memoryImportLocks();
    const clock = () => Date.UTC(2026, 11, 1); // no time passes at all
    const tab = createLogstoreAccess(db, clock, { locks });
    const imp = await tab.beginImport("flowlens-demo", "vpc-flowlog", "big.pcap");
    await imp.add(records(9000)); // one chunk written, the rest held back
    const other = createLogstoreAccess(db, clock, { locks });
    expect(await other.cleanUp()).toEqual({ removedImports: 0, expiredChunks: 0 }); // its tab is alive
    expect((await recentImports(db, 5, locks)).map((i) => [i.source, i.status, i.abandoned])).toEqual([["big.pcap", "writing", undefined]]);
    locks.dropAll(); // the tab closes
    expect((await recentImports(db, 5, locks)).map((i) => [i.source, i.status, i.abandoned])).toEqual([["big.pcap", "writing", true]]);
    expect(await other.cleanUp()).toEqual({ removedImports: 1, expiredChunks: 0 });
    expect([await db.count("imports"), await db.count("recordChunks"), await db.count("chunkSummaries")]).toEqual([0, 0, 0]);
  });
});

describe("a full quota", () => {
  it("stops the import at once, says how much was stored and how much room is left, and keeps what was stored before", async () => {
    const { db } = await setup();
    const before = createLogstoreAccess(db);
    const first = await before.beginImport("flowlens-demo", "vpc-flowlog", "first.log");
    await first.add(records(100));
    await first.commit();
    const ls = createLogstoreAccess(quotaAfter(db, 2), Date.now, { estimate: async () => ({ usage: 50 * 2 ** 20, quota: 52 * 2 ** 20 }) });
    const imp = await ls.beginImport("flowlens-demo", "vpc-flowlog", "second.log");
    await expect(imp.add(records(30000))).rejects.toMatchObject({
      code: "storage.quota",
      message:
        "storage: the browser's storage quota is reached after 16384 records of this import; nothing of it " +
        "is kept, everything stored before is; 2.0 MB of 52.0 MB is left",
    });
    expect((await db.getAll("imports")).map((i) => [i.source, i.status, i.records])).toEqual([["first.log", "committed", 100]]);
    expect(await db.count("recordChunks")).toBe(1);
    expect((await browse(before, "flowlens-demo", "vpc-flowlog", {})).total).toBe(100);
  });
});

describe("imports into several logstores", () => {
  it("commit together: both are seen, in one step", async () => {
    const { db } = await setup();
    const ls = createLogstoreAccess(db);
    const a = await ls.beginImport("flowlens-demo", "vpc-flowlog", "c.pcap"),
      b = await ls.beginImport("flowlens-demo", "second", "c.pcap");
    await a.add(records(10));
    await b.add(records(20));
    expect(await ls.commitImports([a, b])).toEqual([
      { project: "flowlens-demo", logstore: "vpc-flowlog", records: 10 },
      { project: "flowlens-demo", logstore: "second", records: 20 },
    ]);
    expect((await db.getAll("imports")).map((i) => i.status)).toEqual(["committed", "committed"]);
  });

  it("leave nothing when one of them fails", async () => {
    const { db } = await setup();
    const ls = createLogstoreAccess(quotaAfter(db, 1));
    const a = await ls.beginImport("flowlens-demo", "vpc-flowlog", "c.pcap"),
      b = await ls.beginImport("flowlens-demo", "second", "c.pcap");
    await a.add(records(10));
    await b.add(records(20));
    await expect(ls.commitImports([a, b])).rejects.toMatchObject({ code: "storage.quota" });
    expect([await db.count("imports"), await db.count("recordChunks"), await db.count("chunkSummaries")]).toEqual([0, 0, 0]);
  });
});

describe("an accepted network change", () => {
  it("is written in one transaction: a refused flow log leaves the network, projects and logstores as they were", async () => {
    const { cp, db } = await setup();
    const before = await cp.inventory();
    const inventory = structuredClone(before);
    inventory.vpcs.push({
      id: "vpc-new",
      regionId: "cn-huhehaote",
      accountId: "1234567890",
      name: "new",
      cidrs: ["10.9.0.0/16"],
      ipv6Cidrs: [],
    });
    await cp.setFlowLogQuota(1);
    const flowLog = (id: string) => ({
      name: `fl-${id}`,
      description: "",
      regionId: "cn-huhehaote",
      resourceType: "VPC" as const,
      resourceId: id,
      project: "proposed",
      logstore: "captures",
      windowSeconds: 600 as const,
      format: "aws" as const,
      trafficType: "All" as const,
    });
    const e = await refusal(
      cp.applyNetworkChange({
        inventory,
        project: { name: "proposed", description: "" },
        logstore: { project: "proposed", name: "captures", retentionDays: 30 },
        flowLogs: [flowLog("vpc-main"), flowLog("vpc-new")],
      }),
    );
    expect(e.code).toMatch(/quota/);
    expect(await cp.inventory()).toEqual(before);
    expect([(await cp.projects()).map((p) => p.name), await db.count("flowLogs")]).toEqual([["flowlens-demo"], 0]);
  });
});
