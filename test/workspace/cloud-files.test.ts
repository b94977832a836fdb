// The other clouds' files dropped on the viewer (the worker's workspace in Node): a CloudWatch
// page in the format the Log format field gives, Azure's PT1H.json with its rules kept and
// searchable, GCP's LogEntry lines; a format that is none is refused before anything is stored.
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import type { WorkspaceApi } from "../../src/workspace/api";
import { freshWorkspace, labFlowLog, type Plane } from "./workspace-fixture";

let ws: WorkspaceApi;
let plane: Plane;
beforeEach(async () => {
  ({ ws, plane } = await freshWorkspace());
  await labFlowLog(plane);
});
const fixture = (name: string) => new File([readFileSync(new URL(`../files/logs/${name}`, import.meta.url))], name);
const FORMAT = readFileSync(new URL("../files/logs/cloudwatch-get-log-events-custom.format", import.meta.url), "utf8");

async function found(query: string) {
  const s = await ws.openSearch("lab", "flows", query, {});
  if (!s.ok) throw new Error(`search failed: ${JSON.stringify(s)}`);
  return ws.rows(s.id, 0, 100);
}

describe("the clouds' JSON files in the viewer", () => {
  it("stores a CloudWatch page in the format given, and searches its fields", async () => {
    const logTarget = { project: "lab", logstore: "flows", logFormat: FORMAT };
    const r = await ws.importFile(fixture("cloudwatch-get-log-events-custom.json"), { jobId: "cw", logTarget });
    expect(r).toMatchObject({ status: "done", kind: "log", stored: [{ records: 3 }] });
    const rows = await found("instance-id: i-01234567890123456 and tcp-flags: 2");
    expect(rows.map((e) => [e.srcaddr, e.dstport, e["vpc-id"], e["subnet-id"]])).toEqual([
      ["52.213.180.42", 5001, "vpc-abcdefab012345678", "subnet-aaaaaaaa012345678"],
    ]);
  });

  it("refuses a log format that is none, naming the file, and stores nothing", async () => {
    const logTarget = { project: "lab", logstore: "flows", logFormat: `\${version} \${srcaddr} \${bogus}` };
    const r = await ws.importFile(fixture("cloudwatch-filter-log-events.json"), { jobId: "bad", logTarget });
    expect(r).toMatchObject({ status: "error", kind: "log", error: { code: "log-format" } });
    if (r.status === "error") expect(r.error.message).toContain('the log format names "bogus", which is no field of AWS\'s flow logs');
    expect(await ws.stats()).toEqual([{ project: "lab", logstore: "flows", records: 0, imports: 0 }]);
  });

  it("stores Azure NSG records with the deciding rule, and GCP entries with the reporting VM", async () => {
    const logTarget = { project: "lab", logstore: "flows" };
    expect(await ws.importFile(fixture("azure-nsg-v2-PT1H.json"), { jobId: "az", logTarget })).toMatchObject({ stored: [{ records: 8 }] });
    expect(await ws.importFile(fixture("gcp-vpc-flows.jsonl"), { jobId: "gcp", logTarget })).toMatchObject({ stored: [{ records: 5 }] });
    const denied = await found("rule-id: DefaultRule_DenyAllInBound");
    expect(denied.map((e) => [e.srcaddr, e.action, e.direction])).toEqual([
      ["203.0.113.10", "REJECT", "in"],
      ["198.51.100.190", "REJECT", "in"],
    ]);
    const db = await found("interface-id: db-1");
    expect(db.map((e) => [e.direction, e["az-id"], e.dstport])).toEqual([
      ["out", "us-central1-b", 53],
      ["in", "us-central1-b", 5432],
    ]);
  });
});
