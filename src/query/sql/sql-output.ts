// SQL rows as the CLI prints them and the viewer exports them: CSV (a header, then the rows) or
// JSON lines (one object per row, by column name).
import { csvCell } from "../../formats/text-formats";

type Value = string | number | boolean | null;

export const rowsCsv = (names: string[], rows: Value[][]): string[] => [
  names.map(csvCell).join(","),
  ...rows.map((r) => r.map(csvCell).join(",")),
];

export const rowsJsonl = (names: string[], rows: Value[][]): string[] =>
  rows.map((r) => JSON.stringify(Object.fromEntries(names.map((n, k) => [n, r[k]]))));
