// DuckDB itself (@duckdb/node-api, native) for the tests that hold FlowLens to a real engine: a query's rows as objects.
import { DuckDBInstance } from "@duckdb/node-api";

export async function duckdbRows(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    c.closeSync();
  }
}
