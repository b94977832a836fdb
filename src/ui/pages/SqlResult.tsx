// SQL after the search, shown (SPEC §9): DuckDB's rows as a table, a bar chart where the result has
// one text or time column and numbers (the first number over the first such column), and export
// as CSV and JSON lines; presets to start from.
import { rowsCsv, rowsJsonl } from "../../query/sql/sql-output";
import { SQL_PRESETS } from "../../query/sql/sql-presets";
import type { SqlValue } from "../../query/sql/sql-run";
import type { SqlAnswer } from "../../workspace/sql-service";
import { formatCount, t } from "../i18n";
import { download } from "../models/app";

type Result = Extract<SqlAnswer, { ok: true }>;

const cell = (v: SqlValue) => (v === null ? "" : typeof v === "number" ? v.toLocaleString() : String(v));

/** The column to chart over (one text or time column) and the number charted, or null. */
function chartOf(r: Result): { label: number; value: number } | null {
  const numeric = (k: number) => r.rows.every((row) => row[k] === null || typeof row[k] === "number");
  const labels = r.columns.map((_, k) => k).filter((k) => !numeric(k));
  const values = r.columns.map((_, k) => k).filter((k) => numeric(k));
  if (labels.length !== 1 || !values.length || r.rows.length < 2) return null;
  return { label: labels[0], value: values[0] };
}

function Bars(props: { r: Result; label: number; value: number }) {
  const rows = props.r.rows.slice(0, 30);
  const max = Math.max(1, ...rows.map((row) => Number(row[props.value] ?? 0)));
  const h = 18;
  return (
    <svg
      class="sql-chart"
      role="img"
      aria-label={t("sqlChart", props.r.columns[props.value].name, props.r.columns[props.label].name)}
      width="100%"
      height={rows.length * h}
      data-testid="sql-chart"
    >
      {rows.map((row, k) => {
        const v = Number(row[props.value] ?? 0);
        return (
          <g key={k} transform={`translate(0 ${k * h})`}>
            <text x="0" y={h - 5} class="mono">
              {cell(row[props.label])}
            </text>
            <rect x="40%" y="2" height={h - 4} width={`${(55 * v) / max}%`} class="bar" />
          </g>
        );
      })}
    </svg>
  );
}

export function SqlResult(props: { r: Result; stamp: string }) {
  const { r } = props;
  const chart = chartOf(r);
  const names = r.columns.map((c) => c.name);
  return (
    <div data-testid="sql-result">
      <p class="muted" role="status" data-testid="sql-count">
        {t(r.truncated ? "sqlRowsTruncated" : "sqlRows", formatCount(r.rows.length), formatCount(r.records), r.ms)}
      </p>
      {chart && <Bars r={r} label={chart.label} value={chart.value} />}
      <table class="grid compact" data-testid="sql-table">
        <thead>
          <tr>
            {r.columns.map((c) => (
              <th key={c.name} title={c.type}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {r.rows.map((row, k) => (
            <tr key={k}>
              {row.map((v, j) => (
                <td key={j} class={typeof v === "number" ? "num" : "mono"}>
                  {cell(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        <button
          type="button"
          data-testid="sql-csv"
          onClick={() => download(`${props.stamp}.csv`, `${rowsCsv(names, r.rows).join("\n")}\n`, "text/csv")}
        >
          {t("sqlExportCsv")}
        </button>
        <button
          type="button"
          data-testid="sql-jsonl"
          onClick={() => download(`${props.stamp}.jsonl`, `${rowsJsonl(names, r.rows).join("\n")}\n`, "application/x-ndjson")}
        >
          {t("sqlExportJsonl")}
        </button>
      </div>
    </div>
  );
}

/** The presets: choosing one puts its query in the search box. */
export function SqlPresets(props: { onPick: (query: string) => void }) {
  return (
    <select
      aria-label={t("sqlPresets")}
      data-testid="sql-presets"
      value=""
      onChange={(e) => {
        const p = SQL_PRESETS.find((x) => x.key === e.currentTarget.value);
        if (p) props.onPick(p.query);
      }}
    >
      <option value="">{t("sqlPresets")}</option>
      {SQL_PRESETS.map((p) => (
        <option key={p.key} value={p.key}>
          {t(p.key)}
        </option>
      ))}
    </select>
  );
}
