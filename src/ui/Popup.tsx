// The toolbar popup: flow logs by status, logstores with their record counts, the last
// imports, and the button that opens the viewer. Reads only small stores (fast when full).
import type { FlowLog } from "../model/flow-log";
import type { LogstoreStats, RecentImport } from "../storage/logstore-stats";
import { formatCount, t } from "./i18n";

export interface PopupData {
  flowLogs: Pick<FlowLog, "status">[];
  stores: LogstoreStats[];
  imports: RecentImport[];
}

export function Popup(props: { data: PopupData; openViewer: () => void }) {
  const { flowLogs, stores, imports } = props.data;
  const active = flowLogs.filter((f) => f.status === "Active").length;
  return (
    <div class="popup-body">
      <h1>
        <img src="icons/icon-32.png" alt="" width={18} height={18} /> FlowLens
      </h1>
      <section aria-labelledby="p-fl">
        <h2 id="p-fl">{t("navFlowLogs")}</h2>
        <p data-testid="popup-flow-logs">{t("flowLogCounts", active, flowLogs.length - active)}</p>
      </section>
      <section aria-labelledby="p-ls">
        <h2 id="p-ls">{t("logstoresTitle")}</h2>
        {!stores.length && <p class="muted">{t("noLogstores")}</p>}
        <ul data-testid="popup-logstores">
          {stores.map((s) => (
            <li key={`${s.project}/${s.logstore}`}>
              {s.project}/{s.logstore}: {t("recordsCount", formatCount(s.records))}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="p-im">
        <h2 id="p-im">{t("lastImports")}</h2>
        {!imports.length && <p class="muted">{t("noImports")}</p>}
        <ul data-testid="popup-imports">
          {imports.map((i) => (
            <li key={i.id}>
              {i.source ?? i.id} → {i.project}/{i.logstore}:{" "}
              {i.status === "committed"
                ? t("importCommitted", formatCount(i.records))
                : i.abandoned
                  ? t("importAbandoned")
                  : t("importWriting")}
              {i.outcome && ` ${t("popupStatuses", formatCount(i.outcome.ok), formatCount(i.outcome.nodata + i.outcome.skipdata))}`}
              {i.outcome && i.outcome.unattributedPackets > 0 && (
                <span class="warning" title={t("popupUnattributedTitle")}>
                  {" "}
                  ⚠ {t("popupUnattributed", formatCount(i.outcome.unattributedPackets))}
                </span>
              )}
            </li>
          ))}
        </ul>
      </section>
      <button type="button" class="primary" onClick={props.openViewer} data-testid="open-viewer">
        {t("openViewer")}
      </button>
    </div>
  );
}
