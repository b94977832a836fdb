// SQL after the search in the CLI (SPEC §9) on DuckDB's native build (@duckdb/node-api), one thread:
// the selected records go into the table `records` through DuckDB's appender, a vector (2,048 rows)
// at a time, only the columns the SQL names, as each chunk of the inputs is read (none is kept
// here). The viewer's worker runs the WASM build over Arrow (sql-run.ts); the CLI measured 3x
// faster on the native one, which starts in milliseconds where the WASM module takes 1.3 s to
// instantiate and takes no Arrow stream (docs/history.md #17).
import {
  BIGINT,
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  type DuckDBType,
  INTEGER,
  VARCHAR,
} from "@duckdb/node-api";
import { fieldsOfColumns, type Kind, plainColumn, SQL_COLUMN_NAMES, type SqlColumn } from "../query/sql/arrow-records";
import { namedColumns, statement } from "../query/sql/sql-query";
import { type RecordFeed, recordsTable, refused, type SqlResult, type SqlValue, value } from "../query/sql/sql-run";

const TYPES: Record<Kind, DuckDBType> = { text: VARCHAR, int32: INTEGER, int64: BIGINT };

let connection: Promise<DuckDBConnection> | null = null;
const connect = () => (connection ??= DuckDBInstance.create(":memory:", { threads: "1" }).then((db) => db.connect()));

/** As sql-run.ts's runSql, on the native build: `sql` over the records `feed` gives, at most `maxRows` rows back. */
export async function runSqlNative(sql: string, sqlAt: number, feed: RecordFeed, maxRows: number): Promise<SqlResult> {
  const st = statement(sql);
  const names = namedColumns(st.text, SQL_COLUMN_NAMES);
  const { columns, ddl } = recordsTable(names);
  const conn = await connect();
  await conn.run("DROP TABLE IF EXISTS records");
  await conn.run(ddl);
  try {
    const records = await append(conn, columns, (take) => feed(take, fieldsOfColumns(names)));
    const reader = await conn.runAndReadAll(st.text).catch((e) => {
      throw refused(e, st, sql, sqlAt);
    });
    const out = reader.columnNames();
    const types = reader.columnTypes();
    const all = reader.getRowsJS();
    const rows: SqlValue[][] = all.slice(0, maxRows).map((r) => r.map(value));
    return { columns: out.map((name, k) => ({ name, type: String(types[k]) })), rows, truncated: all.length > maxRows, records };
  } finally {
    await conn.run("DROP TABLE IF EXISTS records");
  }
}

/** The records `feed` gives into the table, a data chunk (one vector of 2,048 rows at most) at a time; how many. */
async function append(
  conn: DuckDBConnection,
  columns: SqlColumn[],
  feed: (take: Parameters<RecordFeed>[0]) => Promise<void>,
): Promise<number> {
  const appender: DuckDBAppender = await conn.createAppender("records");
  const types = columns.map((c) => TYPES[c.kind]);
  const vector = 2048;
  let records = 0;
  try {
    await feed((c, rows) => {
      records += rows.length;
      for (let at = 0; at < rows.length; at += vector) {
        const part = rows.subarray(at, at + vector);
        const chunk = DuckDBDataChunk.create(types, part.length);
        chunk.setColumns(columns.map((col) => plainColumn(col, c, part)));
        appender.appendDataChunk(chunk);
      }
    });
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return records;
}
