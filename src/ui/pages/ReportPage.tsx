// Report: the analyses of a logstore (docs/history.md #5) over a search and a time range, with
// the result's records and bytes over time as bars (dragging sets the range, here and on the
// Records page); every table sorts and every row links to the records it counts. The
// logstore, search and range live in the URL, and carry over from the Records page; the run
// itself is the page's model (models/report-run.ts).
import { useEffect, useMemo, useReducer, useState } from "preact/hooks";
import type { AnalysisResult } from "../../query/analyses";
import { splitQuery } from "../../query/sql/sql-query";
import { HistogramBox } from "../components/RecordsHistogram";
import { t } from "../i18n";
import { useApp, useLoad } from "../models/app";
import { readRecordsQuery, recordsHash, rememberView, reportHash, viewToOpen } from "../models/records-url";
import { createReportRun } from "../models/report-run";
import { AnalysisTable } from "./AnalysisCard";
import { SettingsPanel } from "./ReportSettings";

const SHOWN = [
  "traffic-over-time",
  "top-talkers",
  "top-ports",
  "protocols",
  "per-eni",
  "in-out",
  "rejected",
  "admin-ports-from-outside",
  "ip-versions",
  "scans",
  "threat-list",
  "rare-protocols",
];

export function ReportPage(props: { params: Record<string, string> }) {
  const app = useApp();
  const { data: stores } = useLoad(() => app.cp.logstores(), []);
  const { data: settings } = useLoad(() => app.cp.analysisSettings(), []);
  const query = readRecordsQuery(props.params);
  const [text, setText] = useState(query.q);
  useEffect(() => setText(query.q), [query.q]);
  const run = useMemo(() => createReportRun(app.worker), []);
  const [, redraw] = useReducer((n: number, _: unknown) => n + 1, 0);
  useEffect(() => run.subscribe(() => redraw(undefined)), [run]);
  const { chart, results } = run.state();
  const firstStore = stores?.length ? `${stores[0].project}/${stores[0].name}` : "";

  useEffect(() => {
    if (!query.store && firstStore) {
      const view = viewToOpen();
      app.go(reportHash({ ...query, ...view, store: view.store || firstStore }));
    }
  }, [query.store, firstStore]);

  useEffect(() => {
    if (!query.store || !settings) return;
    rememberView(query);
    const { threatList, scanDestinations, scanPorts } = settings;
    void run.load(query, SHOWN, { threatList, scanDestinations, scanPorts }, true);
    return () => run.stop();
  }, [query.store, query.q, query.from, query.to, settings, app.revision]);

  const open = (search: string) => app.go(recordsHash({ store: query.store, q: search, from: query.from, to: query.to, okOnly: false }));
  const go = (patch: Partial<typeof query>) => app.go(reportHash({ ...query, ...patch }));
  if (stores && !stores.length) return <EmptyReport reason="noLogstoresYet" />;
  return (
    <section aria-labelledby="report-title">
      <div class="toolbar">
        <h1 id="report-title">{t("navReport")}</h1>
      </div>
      <div class="row filters">
        <label>
          {t("fieldLogstore")}
          <select value={query.store} onChange={(e) => go({ store: e.currentTarget.value, from: undefined, to: undefined })}>
            {stores?.map((l) => (
              <option value={`${l.project}/${l.name}`}>
                {l.project}/{l.name}
              </option>
            ))}
          </select>
        </label>
        <form
          class="search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            // SQL after the search (a `|`) runs where its rows are shown: the Records page, on the same range.
            if (splitQuery(text).sql !== null) open(text);
            else go({ q: text });
          }}
        >
          <label for="report-query" class="sr-only">
            {t("search")}
          </label>
          <input id="report-query" value={text} placeholder={t("searchPlaceholder")} onInput={(e) => setText(e.currentTarget.value)} />
          <button type="submit">{t("apply")}</button>
        </form>
        {(query.from !== undefined || query.to !== undefined) && (
          <button type="button" onClick={() => go({ from: undefined, to: undefined })}>
            {t("rangeAll")}
          </button>
        )}
      </div>
      {settings && <SettingsPanel settings={settings} />}
      {chart && chart.total === 0 && <EmptyReport reason="noRecordsInReport" />}
      {chart?.histogram && (
        <HistogramBox histogram={chart.histogram} onRange={(from, to) => go({ from, to })} testId="time-chart" metric="bytes" />
      )}
      {chart && chart.total > 0 && (
        <div class="report-grid">
          {SHOWN.map((name) => (
            <AnalysisCard key={name} name={name} result={results[name]} open={open} />
          ))}
        </div>
      )}
    </section>
  );
}

/** No logstore, or nothing in this one for the search: say so, and where records come from. */
function EmptyReport(props: { reason: "noLogstoresYet" | "noRecordsInReport" }) {
  return (
    <p class="empty panel" data-testid="report-empty">
      {t(props.reason)} <a href="#import">{t("goImport")}</a>
    </p>
  );
}

function AnalysisCard(props: { name: string; result: AnalysisResult | string | undefined; open: (q: string) => void }) {
  const r = props.result;
  return (
    <section class="panel analysis" data-analysis={props.name} aria-labelledby={`a-${props.name}`}>
      <h2 id={`a-${props.name}`}>{t(`analysis_${props.name.replace(/-/g, "_")}`)}</h2>
      {r === undefined && <p class="muted">{t("computing")}</p>}
      {typeof r === "string" && (
        <div class="error" role="alert">
          {r}
        </div>
      )}
      {r &&
        typeof r !== "string" &&
        (r.rows.length === 0 ? <p class="muted">{t("nothingFound")}</p> : <AnalysisTable rows={r.rows} open={props.open} />)}
      {r && typeof r !== "string" && r.approximate && <p class="muted">{t("approximate")}</p>}
    </section>
  );
}
