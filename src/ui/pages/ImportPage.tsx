// Import: files dropped anywhere on the viewer, or picked here — captures and flow-log
// files, several at once, .gz too. Per file: a progress bar with bytes, packets or lines,
// flows and speed, cancel, and what was skipped and why. A capture nothing covers offers
// the proposed network and flow log (docs/rules.md §4.6) in one confirmation.
import { useEffect, useState } from "preact/hooks";
import { parseLogFormat } from "../../formats/json/cloudwatch-events";
import type { FileImportResult } from "../../workspace/api";
import { ErrorBox } from "../components/Field";
import { hasPicker, pickFiles } from "../file-handles";
import { errorText, formatBytes, formatCount, formatTime, t, tn } from "../i18n";
import { useApp, useLoad } from "../models/app";
import type { ImportJob, ImportQueue } from "../models/import-queue";
import { recordsHash } from "../models/records-url";
import { Proposal } from "./ImportProposal";

export function ImportPage(props: { queue: ImportQueue; sampleUrl: string }) {
  const app = useApp();
  const { queue } = props;
  const [jobs, setJobs] = useState(queue.jobs());
  useEffect(() => queue.subscribe(() => setJobs(queue.jobs())), [queue]);
  const { data: logstores } = useLoad(() => app.cp.logstores(), []);
  const [sampleError, setSampleError] = useState<string | null>(null);
  const target = queue.logTarget();
  useEffect(() => {
    if (!target && logstores?.length) queue.setLogTarget({ project: logstores[0].project, logstore: logstores[0].name });
  }, [logstores]);

  async function importSample() {
    setSampleError(null);
    try {
      const bytes = await (await fetch(props.sampleUrl)).arrayBuffer();
      queue.add([new File([bytes], props.sampleUrl.split("/").pop()!)]);
    } catch (e) {
      setSampleError((e as Error).message);
    }
  }

  return (
    <section aria-labelledby="import-title">
      <div class="toolbar">
        <h1 id="import-title">{t("navImport")}</h1>
      </div>
      <div class="drop-hint" data-testid="drop-zone">
        <p>{t("dropHint")}</p>
        <label class="button primary">
          {t("chooseFiles")}
          <input
            type="file"
            multiple
            class="hidden-input"
            data-testid="import-file"
            onClick={(e) => {
              // Chromium's picker keeps each file's handle (a record's packets read the file again later); elsewhere this input.
              if (!hasPicker()) return;
              e.preventDefault();
              const input = e.currentTarget;
              void pickFiles().then((picked) => (picked ? queue.add(picked) : input.click()));
            }}
            onChange={(e) => {
              queue.add([...(e.currentTarget.files ?? [])]);
              e.currentTarget.value = "";
            }}
          />
        </label>
        <button type="button" onClick={importSample} data-testid="import-sample">
          {t("importSample")}
        </button>
      </div>
      <ErrorBox error={sampleError} />
      <div class="row">
        <label for="log-target">{t("logTarget")}</label>
        <select
          id="log-target"
          value={target ? `${target.project}/${target.logstore}` : ""}
          onChange={(e) => {
            const [project, logstore] = e.currentTarget.value.split("/");
            queue.setLogTarget(project ? { project, logstore, logFormat: target?.logFormat } : undefined);
          }}
        >
          {!logstores?.length && <option value="">{t("noLogstores")}</option>}
          {logstores?.map((l) => (
            <option value={`${l.project}/${l.name}`}>
              {l.project}/{l.name}
            </option>
          ))}
        </select>
        <span class="muted">{t("logTargetHint")}</span>
      </div>
      <LogFormatField queue={queue} />
      <AutoExtendSetting />
      {jobs.some((j) => j.state === "done" || j.state === "error" || j.state === "cancelled") && (
        <button type="button" onClick={() => queue.clearFinished()} data-testid="clear-jobs">
          {t("clearFinished")}
        </button>
      )}
      <ul class="jobs" data-testid="import-jobs">
        {[...jobs].reverse().map((j) => (
          <JobRow key={j.id} job={j} queue={queue} />
        ))}
      </ul>
    </section>
  );
}

function JobRow(props: { job: ImportJob; queue: ImportQueue }) {
  const { job, queue } = props;
  const p = job.progress;
  const r = job.result;
  const seconds = ((job.finishedAt ?? Date.now()) - job.startedAt) / 1000;
  const capture = r?.status === "done" && r.kind === "capture" ? r : null;
  const bytes = capture ? capture.report.bytes : (p?.bytesRead ?? 0);
  const packets = capture ? capture.report.packetsRead : (p?.packets ?? 0);
  const flows = capture ? capture.flows : r?.status === "proposal" ? r.flows : (p?.flows ?? 0);
  const total = p?.bytesTotal ?? job.file.size;
  const pct = job.state === "done" ? 100 : total ? Math.min(100, (100 * (p?.bytesRead ?? 0)) / total) : 0;
  return (
    <li
      class={`job ${job.state}`}
      data-file={job.file.name}
      data-state={job.state}
      data-engine={r?.status === "done" && r.kind === "capture" ? r.engine : undefined}
    >
      <div class="job-head">
        <strong>{job.file.name}</strong>
        <span class="muted">{formatBytes(job.file.size)}</span>
        <span class="state">{t(`state_${job.state}`)}</span>
        {(job.state === "running" || job.state === "queued") && (
          <button type="button" onClick={() => queue.cancel(job.id)}>
            {t("cancel")}
          </button>
        )}
      </div>
      <progress max={100} value={pct} aria-label={t("progressOf", job.file.name)} />
      <div class="muted">
        {t(
          "progressLine",
          formatBytes(bytes),
          p?.kind === "log" ? tn("linesCount", p.lines) : tn("packetsCount", packets),
          tn("flowsCount", flows),
          formatBytes(seconds > 0 ? bytes / seconds : 0),
        )}
      </div>
      {r && <Outcome job={job} queue={queue} />}
    </li>
  );
}

function Outcome(props: { job: ImportJob; queue: ImportQueue }) {
  const r = props.job.result!;
  if (r.status === "error")
    return (
      <div class="error" role="alert">
        {errorText(r.error)}
      </div>
    );
  if (r.status === "cancelled") return <div class="muted">{t("cancelledNothingStored")}</div>;
  if (r.status === "proposal")
    return (
      <Proposal
        result={r}
        onAccept={(edits) => props.queue.accept(props.job.id, edits)}
        onDismiss={() => props.queue.dismiss(props.job.id)}
      />
    );
  if (r.status === "duplicate") {
    return (
      <div class="proposal" data-testid="duplicate">
        <p>
          {t(
            "duplicateIntro",
            r.earlier.source,
            formatTime(Math.floor(r.earlier.committedAt / 1000)),
            r.earlier.stores.join(", "),
            formatCount(r.earlier.records),
          )}
        </p>
        <div class="actions">
          <button type="button" class="primary" onClick={() => props.queue.resolveDuplicate(props.job.id, false)}>
            {t("keepOneCopy")}
          </button>
          <button type="button" onClick={() => props.queue.resolveDuplicate(props.job.id, true)}>
            {t("storeAgain")}
          </button>
        </div>
      </div>
    );
  }
  if (r.status === "skipped")
    return (
      <div class="muted" data-testid="skipped">
        {t("duplicateSkipped", r.earlier.stores.join(", "))}
      </div>
    );
  const stored = r.stored.map((s) => tn("storedIn", s.records, `${s.project}/${s.logstore}`)).join("; ") || t("nothingStored");
  if (r.kind === "log") {
    return (
      <div class="summary">
        <div>
          <span title={r.report.format}>
            {t("logSummary", briefFormat(r.report.format), tn("linesCount", r.report.lines), tn("recordsN", r.report.records))}
          </span>{" "}
          {stored} <RecordsLink stored={r.stored} />
        </div>
        {r.report.errorCount > 0 && (
          <details open>
            <summary>{tn("linesSkipped", r.report.errorCount)}</summary>
            <ul>
              {r.report.errors.slice(0, 20).map((e) => (
                <li key={e.line}>{t("lineError", e.line, e.reason)}</li>
              ))}
            </ul>
          </details>
        )}
      </div>
    );
  }
  const skipped = Object.entries(r.report.skipped).filter(([, n]) => n > 0);
  return (
    <div class="summary">
      <div>
        {t("captureSummary", r.report.format, tn("packetsCount", r.report.packetsRead), tn("flowsCount", r.flows))} {stored}{" "}
        <RecordsLink stored={r.stored} />
      </div>
      {r.engineNote && <div class="warning">{r.engineNote}</div>}
      {r.extended && <Extended extension={r.extended} />}
      {r.stored.map(
        (x) =>
          x.ok !== undefined && (
            <div key={`${x.project}/${x.logstore}`} class="muted" data-testid="record-statuses">
              {t(
                "recordStatuses",
                `${x.project}/${x.logstore}`,
                formatCount(x.ok),
                formatCount(x.nodata ?? 0),
                formatCount(x.skipdata ?? 0),
              )}
            </div>
          ),
      )}
      {r.unattributed.packets > 0 && (
        <div class="warning" role="status" data-testid="unattributed">
          ⚠{" "}
          {t(
            "unattributedTraffic",
            formatCount(r.unattributed.packets),
            formatBytes(r.unattributed.bytes),
            formatCount(r.unattributed.pairs),
          )}{" "}
          {r.unattributed.top.map((u) => `${u.srcaddr} > ${u.dstaddr} (${formatCount(u.packets)})`).join(", ")}
        </div>
      )}
      {r.excluded.dhcp + r.excluded.metadata > 0 && (
        <div class="muted">{t("excludedTraffic", formatCount(r.excluded.dhcp), formatCount(r.excluded.metadata))}</div>
      )}
      {skipped.length > 0 && (
        <details>
          <summary>
            {tn(
              "packetsSkipped",
              skipped.reduce((s, [, n]) => s + n, 0),
            )}
          </summary>
          <ul>
            {skipped.map(([why, n]) => (
              <li key={why}>
                {why}: {formatCount(n)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** A log format as detected, briefly: `aws (version account-id …)` reads `aws, 14 fields` (the fields on hover). */
function briefFormat(format: string): string {
  const m = /^(\S+) \((.*)\)$/.exec(format);
  return m ? t("formatWithFields", m[1], m[2].split(" ").length) : format;
}

/** A finished import's records, one click away. */
function RecordsLink(props: { stored: { project: string; logstore: string; records: number }[] }) {
  const first = props.stored.find((s) => s.records > 0);
  if (!first) return null;
  return (
    <a href={recordsHash({ store: `${first.project}/${first.logstore}`, q: "", okOnly: false })} data-testid="view-records">
      {t("viewRecords")}
    </a>
  );
}

/** The setting that applies a capture's network extension without asking. */
function AutoExtendSetting() {
  const app = useApp();
  const { data: on } = useLoad(() => app.cp.autoExtend(), []);
  const [value, setValue] = useState<boolean | null>(null);
  const checked = value ?? on ?? false;
  return (
    <label class="check" data-testid="auto-extend">
      <input
        type="checkbox"
        checked={checked}
        onChange={async (e) => {
          const v = e.currentTarget.checked;
          setValue(v);
          await app.cp.setAutoExtend(v);
        }}
      />{" "}
      {t("autoExtend")}
    </label>
  );
}

/** What an extension applied without asking added, with the button that undoes it as one change. */
function Extended(props: { extension: NonNullable<Extract<FileImportResult, { status: "done"; kind: "capture" }>["extended"]> }) {
  const app = useApp();
  const x = props.extension;
  const [state, setState] = useState<{ done?: true; error?: string }>({});
  return (
    <div class="muted" data-testid="extended">
      {t("extendedSummary", formatCount(x.vpcs.length), formatCount(x.vswitches), formatCount(x.enis), formatCount(x.flowLogs.length))}{" "}
      {state.done ? (
        t("extensionUndone")
      ) : (
        <button
          type="button"
          class="link"
          onClick={async () => {
            const r = await app.worker.undoExtension(x.undo);
            setState(r.ok ? { done: true } : { error: r.error ? errorText(r.error) : r.message });
            if (r.ok) app.changed();
          }}
        >
          {t("undoExtension")}
        </button>
      )}
      {state.error && (
        <div class="error" role="alert">
          {state.error}
        </div>
      )}
    </div>
  );
}

/** The flow log's format for files that do not name their fields (CloudWatch events): checked as it is typed. */
function LogFormatField(props: { queue: ImportQueue }) {
  const { queue } = props;
  const target = queue.logTarget();
  const [value, setValue] = useState(target?.logFormat ?? "");
  const parsed = value.trim() ? parseLogFormat(value) : null;
  return (
    <div class="row">
      <label for="log-format">{t("logFormat")}</label>
      <input
        id="log-format"
        data-testid="log-format"
        class="wide"
        value={value}
        spellcheck={false}
        aria-describedby="log-format-hint"
        aria-invalid={parsed !== null && "error" in parsed}
        onInput={(e) => {
          const v = e.currentTarget.value;
          setValue(v);
          const t = queue.logTarget();
          if (t) queue.setLogTarget({ ...t, logFormat: v });
        }}
      />
      <span class="muted" id="log-format-hint">
        {t("logFormatHint")}
      </span>
      {parsed && "error" in parsed && <ErrorBox error={parsed.error} />}
    </div>
  );
}
