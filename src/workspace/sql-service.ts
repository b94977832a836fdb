// SQL after the search in the viewer (SPEC §9): `search | SELECT …` over a logstore's records in a
// range, run by DuckDB's WASM build in this worker (loaded at the first query; sql-engine-browser.ts),
// the records handed over a chunk at a time as they are scanned (query/sql/sql-run.ts). The rows
// come back to the page, up to a limit; DuckDB's errors with their place in the query.
import type { DuckDBBindings } from "@duckdb/duckdb-wasm/blocking";
import { chunkCannotMatch, compileForChunk } from "../query/execute";
import { MatchScan } from "../query/matches";
import { parseQuery, QueryError } from "../query/parse";
import { splitQuery } from "../query/sql/sql-query";
import type { SqlValue } from "../query/sql/sql-run";
import type { LogstoreAccess } from "../storage/logstore";
import type { TimeRange } from "../storage/time-range";

export type SqlAnswer =
  | { ok: true; columns: { name: string; type: string }[]; rows: SqlValue[][]; truncated: boolean; records: number; ms: number }
  | { ok: false; error: { message: string; position: number | null } };

/** The rows the page gets at most (a result past it says so): an export of more goes through the CLI. */
export const SQL_ROWS = 10_000;

export function createSqlService(ls: () => Promise<LogstoreAccess>, duckDb: () => Promise<DuckDBBindings>) {
  return {
    async sqlSearch(project: string, logstore: string, query: string, range: TimeRange): Promise<SqlAnswer> {
      const split = splitQuery(query);
      if (split.sql === null) return { ok: false, error: { message: "no SQL: it starts after a |", position: query.length } };
      let search: ReturnType<typeof parseQuery>;
      try {
        search = parseQuery(split.search);
      } catch (e) {
        if (e instanceof QueryError) return { ok: false, error: { message: e.message, position: e.position } };
        throw e;
      }
      const access = await ls();
      const started = Date.now();
      // Arrow and the SQL runner load with DuckDB, at the first query (the worker's bundle splits them off).
      const { runSql, SqlError } = await import("../query/sql/sql-run");
      const scan = new MatchScan();
      try {
        const r = await runSql(
          await duckDb(),
          split.sql,
          split.sqlAt,
          async (take) => {
            for (const s of await access.summaries(project, logstore, range)) {
              if (chunkCannotMatch(search, s)) continue;
              const c = await access.columns(s);
              take(c, scan.rows(c, compileForChunk(search, c), range));
            }
          },
          SQL_ROWS,
        );
        return { ok: true, ...r, ms: Date.now() - started };
      } catch (e) {
        if (e instanceof SqlError) return { ok: false, error: { message: e.message, position: e.position } };
        throw e;
      }
    },
  };
}
