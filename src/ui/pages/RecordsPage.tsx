// Records: a logstore, a time range and a capture window, the search box (the language's
// errors shown at their position), a virtualized table over every match, column choice,
// a record's detail with the rule that rejected it, and export of the whole result.
import { useEffect, useMemo, useReducer, useState } from "preact/hooks";
import { RECORD_FORMATS, type RecordFormat } from "../../formats/record-writers";
import type { Inventory, Rule } from "../../model/inventory";
import type { FlowLogEntry } from "../../model/records";
import type { TimeRange } from "../../storage/logstore";
import type { SearchOpened } from "../../workspace/api";
import { ErrorBox } from "../components/Field";
import { VirtualTable } from "../components/VirtualTable";
import { formatCount, formatTime, t } from "../i18n";
import { download, useApp, useLoad } from "../models/app";
import { ResultPages } from "../models/result-pages";
import { DEFAULT_COLUMNS, RECORD_COLUMNS } from "./record-columns";

export interface RecordsParams {
  store?: string;
  q?: string;
  window?: string;
}

const toSeconds = (local: string) => (local ? Math.floor(new Date(local).getTime() / 1000) : undefined);

export function RecordsPage(props: { params: RecordsParams }) {
  const app = useApp();
  const { data: stores } = useLoad(() => app.cp.logstores(), []);
  const [store, setStore] = useState(props.params.store ?? "");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [win, setWin] = useState<number | undefined>(props.params.window ? Number(props.params.window) : undefined);
  const [text, setText] = useState(props.params.q ?? "");
  const [applied, setApplied] = useState(props.params.q ?? "");
  const [opened, setOpened] = useState<Exclude<SearchOpened, { cancelled: true }> | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [columns, setColumns] = useState(DEFAULT_COLUMNS);
  const [selected, setSelected] = useState<number | null>(null);
  const [format, setFormat] = useState<RecordFormat>("jsonl");
  const [, redraw] = useReducer((n: number, _: unknown) => n + 1, 0);

  useEffect(() => {
    if (!store && stores?.length) setStore(`${stores[0].project}/${stores[0].name}`);
  }, [stores]);
  useEffect(() => {
    setStore(props.params.store ?? store);
    setText(props.params.q ?? "");
    setApplied(props.params.q ?? "");
  }, [props.params.store, props.params.q]);
  const [project, logstore] = store.split("/");
  const range: TimeRange = { from: toSeconds(from), to: toSeconds(to), window: win };
  const { data: windows } = useLoad(
    async () => (project ? app.worker.windows(project, logstore, { from: range.from, to: range.to }) : []),
    [store, from, to],
  );

  useEffect(() => {
    if (!project) return;
    let live = true;
    setFailure(null);
    setSelected(null);
    app.worker.openSearch(project, logstore, applied, range).then(
      (r) => live && !("cancelled" in r) && setOpened(r),
      (e) => live && setFailure((e as Error).message),
    );
    // A search still running when the query changes (or the page closes) stops at its next chunk.
    return () => {
      live = false;
      void app.worker.cancelSearch();
    };
  }, [store, applied, from, to, win, app.revision]);

  const pages = useMemo(
    () =>
      opened?.ok
        ? new ResultPages(
            (o, l) => app.worker.rows(opened.id, o, l),
            () => redraw(undefined),
          )
        : null,
    [opened],
  );
  const cols = RECORD_COLUMNS.filter((c) => columns.includes(c.key));
  const selectedRow = selected !== null ? pages?.rowAt(selected) : undefined;
  const winIndex = windows?.findIndex((w) => w.window === win) ?? -1;

  return (
    <section aria-labelledby="records-title">
      <div class="toolbar">
        <h1 id="records-title">{t("navRecords")}</h1>
      </div>
      <div class="row filters">
        <label>
          {t("fieldLogstore")}
          <select
            value={store}
            onChange={(e) => {
              setStore(e.currentTarget.value);
              setWin(undefined);
            }}
            data-testid="records-logstore"
          >
            {!stores?.length && <option value="">{t("noLogstores")}</option>}
            {stores?.map((l) => (
              <option value={`${l.project}/${l.name}`}>
                {l.project}/{l.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("from")} <input type="datetime-local" step="1" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t("to")} <input type="datetime-local" step="1" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
      </div>
      <nav class="windows" aria-label={t("windowNav")}>
        <button
          type="button"
          disabled={!windows?.length || winIndex >= (windows?.length ?? 0) - 1}
          onClick={() => setWin(windows![winIndex + 1].window)}
          aria-label={t("olderWindow")}
        >
          ‹
        </button>
        <button type="button" class={win === undefined ? "on" : ""} onClick={() => setWin(undefined)}>
          {t("allWindows")}
        </button>
        {windows?.slice(Math.max(0, winIndex - 6), Math.max(0, winIndex - 6) + 12).map((w) => (
          <button
            type="button"
            key={w.window}
            class={w.window === win ? "on" : ""}
            onClick={() => setWin(w.window)}
            title={t("windowTitle", formatCount(w.records), formatCount(w.reject))}
          >
            {formatTime(w.window).slice(5, 16)} <span class="count">{formatCount(w.records)}</span>
          </button>
        ))}
        <button type="button" disabled={winIndex <= 0} onClick={() => setWin(windows![winIndex - 1].window)} aria-label={t("newerWindow")}>
          ›
        </button>
      </nav>
      <form
        class="search"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(text);
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
          aria-invalid={opened?.ok === false}
          aria-describedby={opened?.ok === false ? "query-error" : undefined}
        />
        <button type="submit" class="primary">
          {t("search")}
        </button>
      </form>
      {opened?.ok === false && (
        <div id="query-error" class="query-error" role="alert" data-testid="search-error">
          <pre>
            {applied}
            {"\n"}
            {" ".repeat(opened.error.position)}^
          </pre>
          <div>{opened.error.message}</div>
        </div>
      )}
      <ErrorBox error={failure} />
      {opened?.ok && (
        <div class="row result-bar">
          <span data-testid="result-count">{t("resultCount", formatCount(opened.total), opened.ms)}</span>
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
          <label>
            {t("exportAs")}
            <select value={format} onChange={(e) => setFormat(e.currentTarget.value as RecordFormat)}>
              {RECORD_FORMATS.map((f) => (
                <option value={f}>{f}</option>
              ))}
            </select>
          </label>
          <button
            type="button"
            data-testid="export"
            onClick={async () => {
              const out = await app.worker.exportSearch(opened.id, format);
              download(
                `${logstore}-${new Date().toISOString().slice(0, 19).replace(/:/g, "")}` +
                  `.${format === "jsonl" ? "jsonl" : format === "alibaba-csv" ? "csv" : "log"}`,
                out.text,
              );
            }}
          >
            {t("export")}
          </button>
        </div>
      )}
      {opened?.ok && pages && (
        <div class="records-layout">
          <VirtualTable
            total={opened.total}
            columns={cols}
            rowAt={(i) => pages.rowAt(i)}
            onView={(a, b) => pages.view(a, b)}
            selected={selected}
            onSelect={setSelected}
            label={t("navRecords")}
          />
          {selectedRow && <RecordDetail record={selectedRow} onClose={() => setSelected(null)} />}
        </div>
      )}
      {opened?.ok && opened.total === 0 && <p class="empty">{t("noRecords")}</p>}
    </section>
  );
}

/** `sg-web/allow-https` -> the group or ACL and its rule; `…/default-inbound` -> the default. */
function findRule(inv: Inventory, ruleId: string): { owner: string; rule: Rule | null; note: string } | null {
  const [owner, id] = ruleId.split("/");
  const holder = [...inv.securityGroups, ...inv.networkAcls].find((x) => x.id === owner);
  if (!holder) return null;
  const rule = holder.rules.find((r) => r.id === id) ?? null;
  return { owner: `${holder.id} (${holder.name})`, rule, note: rule ? (rule.description ?? "") : id };
}

function RecordDetail(props: { record: FlowLogEntry; onClose: () => void }) {
  const app = useApp();
  const r = props.record;
  const { data: inv } = useLoad(() => app.cp.inventory(), []);
  const found = r["rule-id"] && inv ? findRule(inv, r["rule-id"]) : null;
  return (
    <aside class="detail" aria-label={t("recordDetail")} data-testid="record-detail">
      <div class="toolbar">
        <h2>{t("recordDetail")}</h2>
        <button type="button" onClick={props.onClose} aria-label={t("close")}>
          ×
        </button>
      </div>
      <dl>
        {Object.entries(r).map(([k, v]) => [
          <dt key={`${k}t`}>{k}</dt>,
          <dd key={`${k}d`} class="mono">
            {v === null ? "-" : k === "start" || k === "end" || k === "window" ? `${v} (${formatTime(v as number)})` : String(v)}
          </dd>,
        ])}
      </dl>
      {r.action === "REJECT" && (
        <div class="rule" data-testid="deciding-rule">
          <h3>{t("decidingRule")}</h3>
          {!r["rule-id"] && <p>{t("ruleNotRecorded")}</p>}
          {r["rule-id"] && inv && !found && (
            <p class="mono">
              {r["rule-id"]} — {t("ruleNotInInventory")}
            </p>
          )}
          {found && (
            <div>
              <div class="mono">{found.owner}</div>
              {found.rule ? (
                <table class="grid compact">
                  <tbody>
                    <tr>
                      <th>{t("fieldId")}</th>
                      <td class="mono">{found.rule.id}</td>
                    </tr>
                    <tr>
                      <th>{t("rulePriority")}</th>
                      <td>{found.rule.priority}</td>
                    </tr>
                    <tr>
                      <th>{t("ruleDirection")}</th>
                      <td>{found.rule.direction}</td>
                    </tr>
                    <tr>
                      <th>{t("ruleProtocol")}</th>
                      <td>{String(found.rule.protocol)}</td>
                    </tr>
                    <tr>
                      <th>{t("rulePorts")}</th>
                      <td>{found.rule.ports ? `${found.rule.ports[0]}-${found.rule.ports[1]}` : t("allPorts")}</td>
                    </tr>
                    <tr>
                      <th>{t("rulePeer")}</th>
                      <td class="mono">{found.rule.peer}</td>
                    </tr>
                    <tr>
                      <th>{t("rulePolicy")}</th>
                      <td>{found.rule.policy}</td>
                    </tr>
                    {found.rule.description && (
                      <tr>
                        <th>{t("fieldDescription")}</th>
                        <td>{found.rule.description}</td>
                      </tr>
                    )}
                  </tbody>
                </table>
              ) : (
                <p>{t("defaultRule", found.note)}</p>
              )}
            </div>
          )}
        </div>
      )}
    </aside>
  );
}
