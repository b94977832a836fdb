// One analysis on the Report page: its rows as a table whose every header sorts, values
// read as what they are (bytes with units, times, ports and protocols as numbers without
// separators, shares as percentages), headers and kinds in the UI's language, and each
// row's Records link opening the records it counts.
import { useState } from "preact/hooks";
import type { AnalysisResult } from "../../query/analyses";
import { formatBytes, formatCount, formatTime, t } from "../i18n";

type Row = AnalysisResult["rows"][number];

/** Columns that hold identifiers, not amounts: shown as they are. */
const AS_IS = new Set(["port", "dstport", "srcport", "protocol", "rule", "address", "peer", "source", "eni"]);
const TIMES = new Set(["bucket", "window", "first", "last"]);

function cell(column: string, v: unknown): string {
  if (v === null || v === undefined) return "-";
  if (column === "bytes") return formatBytes(Number(v));
  if (TIMES.has(column)) return formatTime(Number(v));
  if (column === "share") return `${(Number(v) * 100).toFixed(Number(v) < 0.1 ? 2 : 1)}%`;
  if (column === "kind" || column === "direction")
    return t(`reportValue_${String(v)}`) === `reportValue_${String(v)}` ? String(v) : t(`reportValue_${v}`);
  if (typeof v === "number" && !AS_IS.has(column)) return formatCount(v);
  return String(v);
}

const header = (c: string) => {
  const key = `reportColumn_${c.replace(/-/g, "_")}`;
  const text = t(key);
  return text === key ? c : text;
};

export function AnalysisTable(props: { rows: Row[]; open: (q: string) => void; shown?: number }) {
  const [sort, setSort] = useState<{ column: string; descending: boolean } | null>(null);
  const cols = Object.keys(props.rows[0]).filter((k) => k !== "search");
  const rows = sort
    ? [...props.rows].sort((a, b) => {
        const x = a[sort.column],
          y = b[sort.column];
        const d = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
        return sort.descending ? -d : d;
      })
    : props.rows;
  return (
    <table class="grid compact">
      <thead>
        <tr>
          {cols.map((c) => (
            <th key={c} aria-sort={sort?.column === c ? (sort.descending ? "descending" : "ascending") : "none"}>
              <button
                type="button"
                class="sort"
                onClick={() =>
                  setSort(sort?.column !== c ? { column: c, descending: true } : sort.descending ? { column: c, descending: false } : null)
                }
              >
                {header(c)}
                <span aria-hidden="true">{sort?.column === c ? (sort.descending ? " ▼" : " ▲") : ""}</span>
              </button>
            </th>
          ))}
          <th>
            <span class="sr-only">{t("showRecords")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.slice(0, props.shown ?? 12).map((row, i) => (
          <tr key={i}>
            {cols.map((c) => (
              <td key={c} class={AS_IS.has(c) ? "mono" : undefined}>
                {cell(c, row[c])}
              </td>
            ))}
            <td>
              <button type="button" class="link" onClick={() => props.open(row.search)} title={row.search}>
                {t("showRecords")}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
