// SQL after the search in the viewer's worker (in Node, DuckDB's WASM build given as the CLI loads
// it): the capture's records stored, then `search | SELECT …` over them — the rows equal what the
// records themselves say — and DuckDB's error with its place in the query.
import { describe, expect, it } from "vitest";
import { createWorkspaceService } from "../../src/workspace/service";
import { freshPlane } from "../storage/fixture";
import { nodeDuckDb } from "../support/duckdb-wasm-node";
import { capture, engine, labFlowLog } from "./workspace-fixture";

async function stored() {
  const plane = await freshPlane();
  const ws = createWorkspaceService(plane.db, engine, Date.now, { duckDb: nodeDuckDb });
  await labFlowLog(plane);
  await ws.importFile(capture(), { jobId: "c" });
  return ws;
}

describe("SQL after the search, in the worker", () => {
  it("counts the rejected records by rule as the records say", async () => {
    const ws = await stored();
    const r = await ws.sqlSearch(
      "lab",
      "flows",
      "action: REJECT | SELECT rule_id, count(*) AS n GROUP BY rule_id ORDER BY n DESC, rule_id",
      {},
    );
    if (!r.ok) throw new Error(r.error.message);
    const s = await ws.openSearch("lab", "flows", "action: REJECT", {});
    if (!s.ok) throw new Error("search failed");
    const rows = await ws.rows(s.id, 0, 1000);
    const byRule = new Map<string, number>();
    for (const x of rows) byRule.set(x["rule-id"] ?? "", (byRule.get(x["rule-id"] ?? "") ?? 0) + 1);
    expect(Object.fromEntries(r.rows.map(([rule, n]) => [rule, n]))).toEqual(Object.fromEntries(byRule));
    expect(r.columns.map((c) => c.name)).toEqual(["rule_id", "n"]);
    expect(r.records).toBe(rows.length);
  });

  it("reads every record for * or nothing before the |, with Athena's names and AWS's types", async () => {
    const ws = await stored();
    for (const q of [
      "* | SELECT count(*) AS n, typeof(any_value(srcport)) AS p, typeof(any_value(bytes)) AS b",
      "| SELECT count(*) AS n, typeof(any_value(srcport)) AS p, typeof(any_value(bytes)) AS b",
    ]) {
      const r = await ws.sqlSearch("lab", "flows", q, {});
      expect(r).toMatchObject({ ok: true, rows: [[23, "INTEGER", "BIGINT"]] });
    }
  });

  it("gives DuckDB's error with its place in the query as typed", async () => {
    const ws = await stored();
    const q = "action: REJECT | SELECT nosuch, count(*)";
    const r = await ws.sqlSearch("lab", "flows", q, {});
    expect(r).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^Binder Error: .*nosuch/), position: q.indexOf("nosuch") },
    });
  });
});
