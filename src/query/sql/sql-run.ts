// SQL after the search, run (SPEC §9): the selected records go into DuckDB's table `records` a chunk
// at a time (Arrow IPC, only the columns the SQL names: arrow-records.ts), the statement runs, and
// its rows come back as plain values. DuckDB is the WASM build, in the viewer's worker and in the
// CLI alike (the same engine on both sides: sql-engine-*.ts make it); its errors keep DuckDB's
// message, and their position is found in the query as the user typed it.
import type { DuckDBBindings } from "@duckdb/duckdb-wasm/blocking";
import type { RecordBatch, Table } from "apache-arrow";
import type { ChunkColumns } from "../../storage/record-columns";
import { arrowBatches, fieldsOfColumns, SQL_COLUMN_NAMES, SQL_COLUMNS, type SqlColumn } from "./arrow-records";
import { namedColumns, type Statement, statement } from "./sql-query";

export type SqlValue = string | number | boolean | null;

export interface SqlResult {
  columns: { name: string; type: string }[];
  rows: SqlValue[][];
  /** Rows past the limit were left out. */
  truncated: boolean;
  /** Records handed to DuckDB. */
  records: number;
}

/** DuckDB refused the statement: its message, and where in the query as typed (when it says). */
export class SqlError extends Error {
  constructor(
    message: string,
    readonly position: number | null,
  ) {
    super(message);
    this.name = "SqlError";
  }
}

/**
 * Feeds the selected records, a chunk (and the rows of it that match) at a time. `fields`: the
 * records' fields the SQL reads (arrow-records.ts fieldsOfColumns), for a reader that can fill
 * only those.
 */
export type RecordFeed = (take: (c: ChunkColumns, rows: Int32Array) => void, fields: ReadonlySet<string>) => Promise<void>;

const SQL_TYPES = { text: "VARCHAR", int32: "INTEGER", int64: "BIGINT" } as const;

/** The table `records` with only the columns `names` holds, as DuckDB creates it. */
export function recordsTable(names: readonly string[]): { columns: SqlColumn[]; ddl: string } {
  const columns = SQL_COLUMNS.filter((c) => names.includes(c.name));
  return { columns, ddl: `CREATE TABLE records (${columns.map((c) => `"${c.name}" ${SQL_TYPES[c.kind]}`).join(", ")})` };
}
/** Rows of the chunks held before they go to DuckDB as one stream. */
const BATCH_ROWS = 131_072;

export function value(v: unknown): SqlValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return v.toISOString();
  // HUGEINT and DECIMAL (a sum of BIGINTs is one) come as Arrow's big numbers: a number where one holds them.
  const s = String(v);
  return /^-?\d+(\.\d+)?$/.test(s) && Number.isSafeInteger(Math.trunc(Number(s))) ? Number(s) : s;
}

/** DuckDB's caret (`LINE 1: …` then `^`) as an offset into the statement, or null. */
function caretAt(message: string): number | null {
  const lines = message.split("\n");
  const k = lines.findIndex((l) => /^LINE \d+: /.test(l));
  if (k < 0 || !lines[k + 1]?.includes("^")) return null;
  return lines[k + 1].indexOf("^") - lines[k].indexOf(": ") - 2;
}

/** DuckDB's refusal of the statement, placed in the query as typed. */
export function refused(e: unknown, st: Statement, sql: string, sqlAt: number): SqlError {
  const message = String((e as Error).message ?? e);
  const raw = caretAt(message);
  // Back to the SQL as typed: past the FROM put in, by its length; the statement starts at the SQL's first word.
  const at = raw === null ? null : raw >= st.insertedAt + st.inserted ? raw - st.inserted : Math.min(raw, st.insertedAt);
  const lead = sql.length - sql.trimStart().length;
  return new SqlError(message, at === null ? null : sqlAt + lead + Math.max(at, 0));
}

/**
 * Runs `sql` (the part after the `|`, FROM optional) over the records `feed` gives; at most
 * `maxRows` rows come back. `sqlAt` is where the SQL starts in the query as typed.
 */
export async function runSql(db: DuckDBBindings, sql: string, sqlAt: number, feed: RecordFeed, maxRows: number): Promise<SqlResult> {
  const st = statement(sql);
  const names = namedColumns(st.text, SQL_COLUMN_NAMES);
  const conn = db.connect();
  try {
    conn.query("DROP TABLE IF EXISTS records");
    conn.query(recordsTable(names).ddl);
    let records = 0;
    // Chunks go over in streams of about BATCH_ROWS rows: one insert per stream, not per chunk (measured: docs/history.md #17).
    const arrow = arrowBatches(names);
    let held: RecordBatch[] = [];
    let heldRows = 0;
    const flush = () => {
      if (!held.length) return;
      conn.insertArrowFromIPCStream(arrow.stream(held), { name: "records", create: false });
      held = [];
      heldRows = 0;
    };
    await feed((c, rows) => {
      if (!rows.length) return;
      held.push(arrow.batch(c, rows));
      heldRows += rows.length;
      records += rows.length;
      if (heldRows >= BATCH_ROWS) flush();
    }, fieldsOfColumns(names));
    flush();
    let table: Table;
    try {
      table = conn.query(st.text);
    } catch (e) {
      throw refused(e, st, sql, sqlAt);
    }
    const fields = table.schema.fields;
    const rows: SqlValue[][] = [];
    const n = Math.min(table.numRows, maxRows);
    const vectors = fields.map((_, k) => table.getChildAt(k)!);
    for (let i = 0; i < n; i++) rows.push(vectors.map((v) => value(v.get(i))));
    return { columns: fields.map((f) => ({ name: f.name, type: String(f.type) })), rows, truncated: table.numRows > n, records };
  } finally {
    try {
      conn.query("DROP TABLE IF EXISTS records");
    } finally {
      conn.close();
    }
  }
}
