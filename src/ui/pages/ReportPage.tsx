// Report: the analyses of a logstore (docs/history.md #5) over a search, as tables and a chart
// of traffic over time; every row links to the records it counts.
import { useEffect, useMemo, useState } from "preact/hooks";
import type { AnalysisResult } from "../../query/analyses";
import { parseThreatList } from "../../query/threat-list";
import { ErrorBox } from "../components/Field";
import { TimeChart } from "../components/TimeChart";
import { errorText, formatBytes, formatCount, formatTime, t } from "../i18n";
import { useApp, useLoad } from "../models/app";

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

export function ReportPage() {
  const app = useApp();
  const { data: stores } = useLoad(() => app.cp.logstores(), []);
  const { data: settings } = useLoad(() => app.cp.analysisSettings(), []);
  const [store, setStore] = useState("");
  const [query, setQuery] = useState("");
  const [applied, setApplied] = useState("");
  const [results, setResults] = useState<Record<string, AnalysisResult | string>>({});
  useEffect(() => {
    if (!store && stores?.length) setStore(`${stores[0].project}/${stores[0].name}`);
  }, [stores]);

  useEffect(() => {
    if (!store || !settings) return;
    let live = true;
    const [project, logstore] = store.split("/");
    setResults({});
    (async () => {
      for (const name of SHOWN) {
        const r = await app.worker
          .analysis(
            project,
            logstore,
            name,
            applied,
            {},
            { threatList: settings.threatList, scanDestinations: settings.scanDestinations, scanPorts: settings.scanPorts },
          )
          .catch((e) => ({ ok: false as const, error: { message: (e as Error).message, position: 0 } }));
        if (!live) return;
        setResults((prev) => ({ ...prev, [name]: r.ok ? r.result : r.error.message }));
      }
    })();
    return () => {
      live = false;
      void app.worker.cancelSearch();
    };
  }, [store, applied, settings, app.revision]);

  const open = (search: string) => app.go(`#records?store=${encodeURIComponent(store)}&q=${encodeURIComponent(search)}`);
  return (
    <section aria-labelledby="report-title">
      <div class="toolbar">
        <h1 id="report-title">{t("navReport")}</h1>
      </div>
      <div class="row filters">
        <label>
          {t("fieldLogstore")}
          <select value={store} onChange={(e) => setStore(e.currentTarget.value)}>
            {!stores?.length && <option value="">{t("noLogstores")}</option>}
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
            setApplied(query);
          }}
        >
          <label for="report-query" class="sr-only">
            {t("search")}
          </label>
          <input id="report-query" value={query} placeholder={t("searchPlaceholder")} onInput={(e) => setQuery(e.currentTarget.value)} />
          <button type="submit">{t("apply")}</button>
        </form>
      </div>
      {settings && <SettingsPanel settings={settings} />}
      <div class="report-grid">
        {SHOWN.map((name) => (
          <AnalysisCard key={name} name={name} result={results[name]} open={open} />
        ))}
      </div>
    </section>
  );
}

function AnalysisCard(props: { name: string; result: AnalysisResult | string | undefined; open: (q: string) => void }) {
  const r = props.result;
  const chart = useMemo(() => {
    if (props.name !== "traffic-over-time" || !r || typeof r === "string") return null;
    const buckets = [...new Set(r.rows.map((x) => Number(x.bucket)))].sort((a, b) => a - b);
    const of = (action: string) =>
      buckets.map((b) => r.rows.filter((x) => Number(x.bucket) === b && x.action === action).reduce((s, x) => s + Number(x.bytes), 0));
    return {
      x: buckets,
      series: [
        { label: "ACCEPT", values: of("ACCEPT"), color: "#1677ff" },
        { label: "REJECT", values: of("REJECT"), color: "#e5484d" },
      ],
    };
  }, [r]);
  const cols = r && typeof r !== "string" && r.rows.length ? Object.keys(r.rows[0]).filter((k) => k !== "search") : [];
  return (
    <section class="panel analysis" data-analysis={props.name} aria-labelledby={`a-${props.name}`}>
      <h2 id={`a-${props.name}`}>{t(`analysis_${props.name.replace(/-/g, "_")}`)}</h2>
      {r === undefined && <p class="muted">{t("computing")}</p>}
      {typeof r === "string" && (
        <div class="error" role="alert">
          {r}
        </div>
      )}
      {chart && chart.x.length > 0 && <TimeChart x={chart.x} series={chart.series} label={t("analysis_traffic_over_time")} />}
      {r &&
        typeof r !== "string" &&
        (r.rows.length === 0 ? (
          <p class="muted">{t("nothingFound")}</p>
        ) : (
          <table class="grid compact">
            <thead>
              <tr>
                {cols.map((c) => (
                  <th key={c}>{c}</th>
                ))}
                <th />
              </tr>
            </thead>
            <tbody>
              {r.rows.slice(0, 12).map((row, i) => (
                <tr key={i}>
                  {cols.map((c) => (
                    <td key={c}>
                      {c === "bytes"
                        ? formatBytes(Number(row[c]))
                        : c === "bucket" || c === "window"
                          ? formatTime(Number(row[c]))
                          : typeof row[c] === "number"
                            ? formatCount(row[c] as number)
                            : String(row[c])}
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
        ))}
      {r && typeof r !== "string" && r.approximate && <p class="muted">{t("approximate")}</p>}
    </section>
  );
}

function SettingsPanel(props: { settings: { threatList: string[]; scanDestinations: number; scanPorts: number } }) {
  const app = useApp();
  const [text, setText] = useState(props.settings.threatList.join("\n"));
  const [dest, setDest] = useState(String(props.settings.scanDestinations));
  const [ports, setPorts] = useState(String(props.settings.scanPorts));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const list = parseThreatList(text);
    if (list.errors.length) {
      setError(
        list.errors
          .slice(0, 5)
          .map((x) => t("threatLineError", x.line, x.text))
          .join("\n"),
      );
      return;
    }
    try {
      await app.cp.setAnalysisSettings({ threatList: list.entries, scanDestinations: Number(dest), scanPorts: Number(ports) });
      setSaved(true);
      app.changed();
    } catch (err) {
      setError(errorText(err, { separator: "\n" }));
    }
  }
  return (
    <details class="panel">
      <summary>{t("analysisSettings")}</summary>
      <form onSubmit={save} noValidate>
        <label for="threat-list">{t("threatList")}</label>
        <textarea id="threat-list" rows={4} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <label class="button">
          {t("threatListFile")}
          <input
            type="file"
            class="hidden-input"
            accept=".txt,.csv,text/plain,text/csv"
            onChange={async (e) => {
              const f = e.currentTarget.files?.[0];
              if (f) setText(await f.text());
            }}
          />
        </label>
        <div class="row">
          <label>
            {t("scanDestinations")} <input type="number" min="2" value={dest} onInput={(e) => setDest(e.currentTarget.value)} />
          </label>
          <label>
            {t("scanPorts")} <input type="number" min="2" value={ports} onInput={(e) => setPorts(e.currentTarget.value)} />
          </label>
          <button type="submit">{t("save")}</button>
          {saved && <span role="status">{t("saved")}</span>}
        </div>
        <ErrorBox error={error} />
      </form>
    </details>
  );
}
