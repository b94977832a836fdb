// Records: a logstore, the search box (the language's errors shown at their position), a
// histogram of the result over time that sets the range, quick ranges, a grid over every
// match sorted by any column, NODATA and SKIPDATA hidden with one toggle, a record's detail
// with Filter / Exclude and the deciding rule, and export. The state is the URL's
// (models/records-url.ts), run by the page's model (models/records-search.ts).
import { useEffect, useMemo, useReducer, useRef, useState } from "preact/hooks";
import { writeRecord } from "../../formats/record-writers";
import { STATUS_NODATA, STATUS_SKIPDATA } from "../../model/record-codes";
import { ErrorBox } from "../components/Field";
import { HistogramBox } from "../components/RecordsHistogram";
import { VirtualTable } from "../components/VirtualTable";
import { fileOfHandle } from "../file-handles";
import { formatCount, formatTime, t, tn } from "../i18n";
import { downloadBlob, useApp, useLoad } from "../models/app";
import { createRecordPackets } from "../models/record-packets";
import { createRecordsSearch, type OpenResult } from "../models/records-search";
import { parseRange, readRecordsQuery, recordsHash, viewToOpen } from "../models/records-url";
import { CellMenu, type CellMenuAt } from "./CellMenu";
import { ExportControls, type ExportFormat } from "./ExportControls";
import { LogstorePicker } from "./LogstorePicker";
import { PacketsDialog } from "./PacketsDialog";
import { RecordDetail } from "./RecordDetail";
import { DEFAULT_COLUMNS, LOGSTORE_COLUMN, RECORD_COLUMNS } from "./record-columns";
import { SavedSearches } from "./SavedSearches";
import { SqlPresets, SqlResult } from "./SqlResult";

export type RecordsParams = Record<string, string>;

export function RecordsPage(props: { params: RecordsParams }) {
  const app = useApp();
  const model = useMemo(
    () =>
      createRecordsSearch({
        worker: app.worker,
        navigate: (hash) => app.go(hash),
        remember: (store, q) => void app.cp.rememberSearch(store, q).catch(() => {}),
      }),
    [],
  );
  const packets = useMemo(() => createRecordPackets({ worker: app.worker, fileOf: fileOfHandle, save: downloadBlob }), []);
  const [, redraw] = useReducer((n: number, _: unknown) => n + 1, 0);
  const revision = useRef(app.revision);
  useEffect(() => model.subscribe(() => redraw(undefined)), [model]);
  useEffect(() => packets.subscribe(() => redraw(undefined)), [packets]);
  const { data: stores } = useLoad(() => app.cp.logstores(), []);
  const query = readRecordsQuery(props.params);
  const firstStore = stores?.length ? `${stores[0].project}/${stores[0].name}` : "";
  useEffect(() => {
    // No logstore named: the one last looked at (here or on the Report), else the first; the URL then says which.
    if (!query.store && firstStore) {
      const view = viewToOpen();
      app.go(recordsHash({ ...query, ...view, store: view.store || firstStore }));
    } else {
      // A new revision (an import stored records, a flow log changed): the same search runs again.
      void model.load(query, revision.current !== app.revision);
      revision.current = app.revision;
    }
  }, [JSON.stringify(props.params), firstStore, app.revision]);
  const s = model.state();
  const [text, setText] = useState(query.q);
  useEffect(() => setText(query.q), [query.q]);
  const [columns, setColumns] = useState(DEFAULT_COLUMNS);
  const [format, setFormat] = useState<ExportFormat>("jsonl");
  const [menu, setMenu] = useState<CellMenuAt | null>(null);
  const opened = s.opened;
  // Over several logstores each row says which holds it, first.
  const several = (s.query?.store ?? "").includes(",");
  // A pinned column (log-status) goes last, where it stays in view at the grid's right edge.
  const chosen = RECORD_COLUMNS.filter((c) => columns.includes(c.key));
  const cols = [...(several ? [LOGSTORE_COLUMN] : []), ...chosen.filter((c) => !c.pinned), ...chosen.filter((c) => c.pinned)];
  const selectedRow = s.selected !== null ? s.pages?.rowAt(s.selected) : undefined;
  // The selected record's capture, if it has one: its packets can be opened.
  useEffect(() => void packets.select(opened?.id ?? null, s.selected), [opened?.id, s.selected]);
  const ps = packets.state();
  const [, logstore] = (s.query?.store ?? "").split("/");

  return (
    <section aria-labelledby="records-title">
      <div class="toolbar">
        <h1 id="records-title">{t("navRecords")}</h1>
      </div>
      <div class="row filters">
        <LogstorePicker stores={stores ?? []} value={query.store} onChange={(v) => model.setStore(v)} />
        <QuickRanges opened={opened} from={query.from} to={query.to} onRange={(a, b) => model.setRange(a, b)} />
      </div>
      <div class="search-row">
        <form
          class="search"
          onSubmit={(e) => {
            e.preventDefault();
            model.search(text);
          }}
          role="search"
        >
          <label for="query" class="sr-only">
            {t("search")}
          </label>
          <input
            id="query"
            data-testid="search-input"
            value={text}
            placeholder={t("searchPlaceholder")}
            onInput={(e) => setText(e.currentTarget.value)}
            aria-invalid={s.queryError !== null}
            aria-describedby={s.queryError ? "query-error" : undefined}
          />
          <button type="submit" class="primary">
            {t("search")}
          </button>
        </form>
        <SqlPresets onPick={(q) => setText(q)} />
        {query.store && <SavedSearches store={query.store} q={query.q} onRun={(q) => model.search(q)} />}
      </div>
      {s.queryError && (
        <div id="query-error" class="query-error" role="alert" data-testid="search-error">
          <pre>
            {query.q}
            {"\n"}
            {" ".repeat(s.queryError.position)}^
          </pre>
          <div>{s.queryError.message}</div>
        </div>
      )}
      <ErrorBox error={s.failure} />
      {s.sql && <SqlResult r={s.sql} stamp={`${logstore}-sql`} />}
      {opened?.histogram && <HistogramBox histogram={opened.histogram} onRange={(a, b) => model.setRange(a, b)} />}
      {opened && (
        <div class="row result-bar">
          <span data-testid="result-count">{tn("resultCount", opened.total, opened.ms)}</span>
          <EmptyToggle opened={opened} on={query.okOnly} onChange={(on) => model.setOkOnly(on)} />
          <details class="columns">
            <summary>{t("chooseColumns")}</summary>
            <div class="column-list">
              {RECORD_COLUMNS.map((c) => (
                <label key={c.key} class="check">
                  <input
                    type="checkbox"
                    checked={columns.includes(c.key)}
                    onChange={(e) =>
                      setColumns(
                        e.currentTarget.checked
                          ? RECORD_COLUMNS.map((x) => x.key).filter((k) => k === c.key || columns.includes(k))
                          : columns.filter((k) => k !== c.key),
                      )
                    }
                  />{" "}
                  {c.label}
                </label>
              ))}
            </div>
          </details>
          <ExportControls resultId={opened.id} logstore={logstore} format={format} onFormat={setFormat} />
        </div>
      )}
      {opened && s.pages && (
        <div class={selectedRow ? "records-layout with-detail" : "records-layout"}>
          <VirtualTable
            key={opened.id} // a new result: its rows are asked for afresh, from the top
            total={opened.total}
            columns={cols}
            rowAt={(i) => s.pages!.rowAt(i)}
            onView={(a, b) => s.pages!.view(a, b)}
            selected={s.selected}
            onSelect={(i) => model.select(i)}
            label={t("navRecords")}
            sort={query.sort}
            onSort={(c) => model.sortBy(c)}
            onCellMenu={(r, c, at) => setMenu({ field: c.key, value: c.text?.(r) ?? "", ...at })}
            resizeLabel={(label) => t("resizeColumn", label)}
          />
          {selectedRow && (
            <RecordDetail
              record={selectedRow}
              format={format === "parquet" || format === "s3-text" ? "aws" : format}
              onClose={() => model.select(null)}
              onPivot={(f, v, x) => model.pivot(f, v, x)}
              onPackets={ps.capture ? () => void packets.open() : undefined}
              onCopy={(as) =>
                void navigator.clipboard?.writeText(as === "json" ? JSON.stringify(selectedRow) : writeRecord(selectedRow, as))
              }
            />
          )}
        </div>
      )}
      {opened && opened.total === 0 && <p class="empty">{t("noRecords")}</p>}
      {ps.capture && ps.phase !== "idle" && <PacketsDialog model={packets} state={ps} />}
      {menu && <CellMenu at={menu} onPivot={(f, v, x) => model.pivot(f, v, x)} onClose={() => setMenu(null)} />}
    </section>
  );
}

/** The log consoles' quick ranges: the newest window of the result, its last hour, everything. */
function QuickRanges(props: { opened: OpenResult | null; from?: number; to?: number; onRange: (from?: number, to?: number) => void }) {
  const h = props.opened?.histogram;
  const end = h ? h.start + h.records.length * h.bucket : undefined;
  let newest = h ? h.records.length - 1 : -1;
  while (h && newest >= 0 && !h.records[newest]) newest--;
  return (
    <div class="quick-ranges" role="group" aria-label={t("timeRange")}>
      <RangeInput from={props.from} to={props.to} onRange={props.onRange} />
      <button
        type="button"
        disabled={!h || newest < 0}
        onClick={() => h && props.onRange(h.start + newest * h.bucket, h.start + (newest + 1) * h.bucket - 1)}
      >
        {t("rangeLastBucket")}
      </button>
      <button type="button" disabled={end === undefined} onClick={() => end !== undefined && props.onRange(end - 3600, end - 1)}>
        {t("rangeLastHour")}
      </button>
      <button
        type="button"
        class={props.from === undefined && props.to === undefined ? "on" : ""}
        onClick={() => props.onRange(undefined, undefined)}
      >
        {t("rangeAll")}
      </button>
    </div>
  );
}

/** The time range as one control: `FROM – TO` typed (or shown), Enter applies it; empty is everything. */
export function RangeInput(props: { from?: number; to?: number; onRange: (from?: number, to?: number) => void }) {
  const shown = props.from !== undefined || props.to !== undefined ? `${formatTime(props.from ?? 0)} – ${formatTime(props.to ?? 0)}` : "";
  const [text, setText] = useState(shown);
  const [bad, setBad] = useState(false);
  useEffect(() => {
    setText(shown);
    setBad(false);
  }, [shown]);
  return (
    <span class="range-input">
      <input
        value={text}
        size={42}
        aria-label={t("timeRangeInput")}
        placeholder={t("timeRangePlaceholder")}
        aria-invalid={bad}
        data-testid="time-range"
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key !== "Enter") return;
          e.preventDefault();
          const r = parseRange(text);
          setBad(r === null);
          if (r) props.onRange(r.from, r.to);
        }}
      />
      {bad && (
        <span class="error" role="alert">
          {t("timeRangeInvalid")}
        </span>
      )}
    </span>
  );
}

/** Hide NODATA and SKIPDATA: the toggle says how many the result holds. */
function EmptyToggle(props: { opened: OpenResult; on: boolean; onChange: (on: boolean) => void }) {
  const empty = props.opened.statuses[STATUS_NODATA] + props.opened.statuses[STATUS_SKIPDATA];
  if (!empty && !props.on) return null;
  return (
    <label class="check" data-testid="hide-empty">
      <input type="checkbox" checked={props.on} onChange={(e) => props.onChange(e.currentTarget.checked)} />{" "}
      {t("hideEmpty", formatCount(empty))}
    </label>
  );
}
