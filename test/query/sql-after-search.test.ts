// SQL after the search (SPEC §9): the query split at its `|`, FROM optional, only the columns named
// handed over — and the rows DuckDB gives over the records the search selects equal what DuckDB
// itself (@duckdb/node-api, reading the same file) gives with the same filter in SQL.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SQL_COLUMN_NAMES } from "../../src/query/sql/arrow-records";
import { namedColumns, splitQuery, statementOf } from "../../src/query/sql/sql-query";
import { prng } from "../fuzz/fuzz-lib";
import { flowlens } from "../support/cli";
import { duckdbRows } from "../support/duckdb";

const dir = mkdtempSync(join(tmpdir(), "flowlens-sql-"));
const LOG = join(dir, "flows.log");
const rand = prng(17);
const lines = ["version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"];
// 20 000 lines: three chunks, so that each chunk's own dictionaries go over in one stream.
for (let i = 0; i < 20_000; i++) {
  const t = 1_700_000_000 + i;
  const n = (k: number) => Math.floor(rand() * k);
  const port = [22, 80, 443, 3389, 5432][n(5)];
  lines.push(
    `2 123456789010 eni-${n(8)} 10.0.${n(4)}.${n(30)} 172.31.0.${n(9)} ${1024 + n(60000)} ${port} 6 ${1 + n(9)} ${40 + n(9000)} ` +
      `${t} ${t + 30} ${rand() < 0.3 ? "REJECT" : "ACCEPT"} OK`,
  );
}
writeFileSync(LOG, `${lines.join("\n")}\n`);

const duckdb = duckdbRows;
const csv = `read_csv('${LOG}', delim = ' ', header = true, columns = {'version': 'INTEGER', 'account_id': 'VARCHAR',
  'interface_id': 'VARCHAR', 'srcaddr': 'VARCHAR', 'dstaddr': 'VARCHAR', 'srcport': 'INTEGER', 'dstport': 'INTEGER',
  'protocol': 'INTEGER', 'packets': 'BIGINT', 'bytes': 'BIGINT', 'start': 'BIGINT', 'end': 'BIGINT', 'action': 'VARCHAR',
  'log_status': 'VARCHAR'})`;
const jsonl = (out: string) =>
  out
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const plain = (rows: Record<string, unknown>[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));

describe("the query and its SQL", () => {
  it("splits at the first | outside a quoted value; * or nothing before it is every record", () => {
    expect(splitQuery('srcaddr: "a|b" | SELECT 1')).toEqual({ search: 'srcaddr: "a|b"', sql: " SELECT 1", sqlAt: 16 });
    expect(splitQuery("* | SELECT count(*)").search).toBe("");
    expect(splitQuery("| SELECT count(*)").search).toBe("");
    expect(splitQuery("action: REJECT")).toEqual({ search: "action: REJECT", sql: null, sqlAt: 14 });
  });

  it("puts FROM records where the log services let it be left out", () => {
    expect(statementOf(" SELECT srcaddr, count(*) AS n GROUP BY srcaddr ORDER BY n DESC LIMIT 10")).toBe(
      "SELECT srcaddr, count(*) AS n FROM records GROUP BY srcaddr ORDER BY n DESC LIMIT 10",
    );
    expect(statementOf("SELECT count(*)")).toBe("SELECT count(*) FROM records");
    expect(statementOf("SELECT (SELECT 1 FROM records) AS x")).toBe("SELECT (SELECT 1 FROM records) AS x FROM records");
    expect(statementOf("SELECT count(*) WHERE dstport = 22;")).toBe("SELECT count(*) FROM records WHERE dstport = 22");
    expect(statementOf("SELECT * FROM records WHERE dstport = 22")).toBe("SELECT * FROM records WHERE dstport = 22");
    expect(statementOf("SELECT 'group' AS g")).toBe("SELECT 'group' AS g FROM records");
  });

  it("hands DuckDB only the columns the SQL names (all for *, not for count(*))", () => {
    expect(namedColumns("SELECT srcaddr, count(*) FROM records GROUP BY srcaddr", SQL_COLUMN_NAMES)).toEqual(["srcaddr"]);
    expect(namedColumns("SELECT * FROM records", SQL_COLUMN_NAMES)).toHaveLength(SQL_COLUMN_NAMES.length);
    expect(namedColumns("SELECT count(*) FROM records", SQL_COLUMN_NAMES)).toEqual(["version"]);
    expect(SQL_COLUMN_NAMES.slice(0, 4)).toEqual(["version", "account_id", "interface_id", "srcaddr"]);
    expect(SQL_COLUMN_NAMES.slice(-4)).toEqual(["direction", "window", "rule_id", "flow_log_id"]);
  });
});

describe("flowlens search … | SELECT …, beside DuckDB over the same file", () => {
  it("gives DuckDB's rows for the top talkers among rejected records", async () => {
    const q = "action: REJECT | SELECT srcaddr, count(*) AS n, sum(bytes) AS b GROUP BY srcaddr ORDER BY n DESC, srcaddr LIMIT 10";
    const r = flowlens("search", LOG, "--query", q);
    expect(r.code).toBe(0);
    const want = await duckdb(
      `SELECT srcaddr, count(*)::INTEGER AS n, sum(bytes)::BIGINT AS b FROM ${csv} WHERE action = 'REJECT' ` +
        "GROUP BY srcaddr ORDER BY n DESC, srcaddr LIMIT 10",
    );
    expect(jsonl(r.out)).toEqual(plain(want));
    expect(r.err).toMatch(/^10 rows over \d+ records/);
  });

  it("runs Athena's SSH/RDP query unchanged but for its table, with AWS's types, and prints CSV", async () => {
    const q =
      "* | SELECT dstport, action, count(*) AS n, typeof(dstport) AS t, typeof(bytes) AS tb " +
      "FROM records WHERE dstport IN (22, 3389) GROUP BY ALL ORDER BY ALL";
    const r = flowlens("search", LOG, "--query", q, "--format", "csv");
    expect(r.code).toBe(0);
    const want = await duckdb(`SELECT dstport, action, count(*) AS n FROM ${csv} WHERE dstport IN (22, 3389) GROUP BY ALL ORDER BY ALL`);
    const [header, ...rows] = r.out.trim().split("\n");
    expect(header).toBe("dstport,action,n,t,tb");
    expect(rows).toEqual(plain(want).map((w) => `${w.dstport},${w.action},${w.n},INTEGER,BIGINT`));
  });

  it("hands over a NODATA record's missing fields as NULL, as DuckDB reads AWS's '-'", async () => {
    const withGaps = join(dir, "gaps.log");
    const nodata = "2 123456789010 eni-7 - - - - - - - 1700030000 1700030060 - NODATA";
    writeFileSync(withGaps, `${lines.slice(0, 200).join("\n")}\n${nodata}\n${nodata.replace("eni-7", "eni-8")}\n`);
    const q = "* | SELECT log_status, action, count(srcaddr) AS a, count(dstport) AS p, count(*) AS n GROUP BY ALL ORDER BY ALL";
    const r = flowlens("search", withGaps, "--query", q);
    expect(r.code).toBe(0);
    const want = await duckdb(
      `SELECT log_status, action, count(srcaddr) AS a, count(dstport) AS p, count(*) AS n FROM ${csv
        .replace(LOG, withGaps)
        .replace("header = true", "header = true, nullstr = '-'")} GROUP BY ALL ORDER BY ALL`,
    );
    expect(jsonl(r.out)).toEqual(plain(want));
    expect(jsonl(r.out).find((x) => x.log_status === "NODATA")).toEqual({ log_status: "NODATA", action: null, a: 0, p: 0, n: 2 });
  });

  it("reads every column it names for * (only those filled), as DuckDB reads them", async () => {
    const q =
      '* | SELECT version, account_id, interface_id, dstaddr, protocol, count(*) AS n, sum(packets) AS p, max("end") AS e ' +
      "GROUP BY ALL ORDER BY ALL LIMIT 20";
    const r = flowlens("search", LOG, "--query", q);
    expect(r.code).toBe(0);
    const want = await duckdb(
      'SELECT version, account_id, interface_id, dstaddr, protocol, count(*) AS n, sum(packets)::BIGINT AS p, max("end") AS e ' +
        `FROM ${csv} GROUP BY ALL ORDER BY ALL LIMIT 20`,
    );
    expect(jsonl(r.out)).toEqual(plain(want));
  });

  it("shows DuckDB's error at its place in the query, exit code 2", () => {
    const r = flowlens("search", LOG, "--query", "action: REJECT | SELECT srcaddr, count(*) GROUP BY nosuchcolumn");
    expect(r.code).toBe(2);
    const [first, query, caret] = r.err.trim().split("\n");
    expect(first).toMatch(/^flowlens: search: SQL: Binder Error: .*nosuchcolumn/);
    expect(query.trim()).toBe("action: REJECT | SELECT srcaddr, count(*) GROUP BY nosuchcolumn");
    expect(query.indexOf("nosuchcolumn") - query.indexOf("action")).toBe(caret.indexOf("^") - query.indexOf("action"));
  });
});
