// Flow logs: the consoles' list (docs/rules.md §2) with enable, disable, edit and delete, the
// Create flow log dialog, and the projects and logstores the flow logs write into.
import { useEffect, useMemo, useReducer, useState } from "preact/hooks";
import type { FlowLogRow } from "../../storage/control-plane";
import { Dialog } from "../components/Dialog";
import { ErrorBox, Field } from "../components/Field";
import { errorText, formatCount, problemText, t } from "../i18n";
import { useApp } from "../models/app";
import { createFlowLogsModel, type FlowLogsModel } from "../models/flow-logs";
import { recordsHash } from "../models/records-url";
import { FlowLogDialog } from "./FlowLogDialog";
import { LogstoresSection } from "./LogstoresSection";

export function FlowLogsPage() {
  const app = useApp();
  const model = useMemo(() => createFlowLogsModel({ cp: app.cp, changed: () => app.changed() }), []);
  const [, redraw] = useReducer((n: number, _: unknown) => n + 1, 0);
  useEffect(() => model.subscribe(() => redraw(undefined)), [model]);
  // Read again whenever something was stored or changed (an import, another page's edit).
  useEffect(() => void model.load(), [app.revision]);
  const { data, error, dialog } = model.state();
  const close = () => model.open(null);

  return (
    <section aria-labelledby="flow-logs-title">
      <div class="toolbar">
        <h1 id="flow-logs-title">{t("navFlowLogs")}</h1>
        <button type="button" class="primary" onClick={() => model.open({ kind: "create" })} disabled={!data}>
          {t("createFlowLog")}
        </button>
      </div>
      <ErrorBox error={error ? errorText(error) : null} />
      {data && (
        <table class="grid" data-testid="flow-log-table">
          <thead>
            <tr>
              <th>{t("colInstance")}</th>
              <th>{t("fieldResourceType")}</th>
              <th>{t("fieldResource")}</th>
              <th>{t("colStatus")}</th>
              <th>{t("fieldTrafficType")}</th>
              <th>{t("fieldLogstore")}</th>
              <th>{t("colCreatedAt")}</th>
              <th>{t("fieldDescription")}</th>
              <th>{t("colActions")}</th>
            </tr>
          </thead>
          <tbody>
            {!data.flowLogs.length && (
              <tr>
                <td colSpan={9} class="empty">
                  {t("noFlowLogs")}
                </td>
              </tr>
            )}
            {data.flowLogs.map((f) => (
              <tr key={f.id} data-flow-log={f.id}>
                <td>
                  <div class="mono">{f.id}</div>
                  <div>{f.name}</div>
                  {f.warning && (
                    <div class="warning" title={f.warning.instances.join(", ")}>
                      ⚠ {problemText(f.warning)}
                    </div>
                  )}
                </td>
                <td>{f.resourceType}</td>
                <td class="mono">{f.resourceId}</td>
                <td>
                  <span class={`status ${f.status.toLowerCase()}`}>{f.status === "Active" ? t("statusActive") : t("statusInactive")}</span>
                </td>
                <td>{f.trafficType === "All" ? t("trafficAll") : f.trafficType === "Allow" ? t("trafficAllow") : t("trafficDrop")}</td>
                <td>
                  {/* As the seeds' console links the logstore column to its query page. */}
                  <a href={recordsHash({ store: `${f.project}/${f.logstore}`, q: "", okOnly: false })} data-testid="flow-log-logstore">
                    {f.project}/{f.logstore}
                  </a>
                </td>
                <td>{f.createdAt.replace("T", " ").slice(0, 19)}</td>
                <td>{f.description}</td>
                <td class="actions-cell">
                  {f.status === "Active" ? (
                    <button type="button" class="link" onClick={() => model.setStatus(f.id, "Inactive")}>
                      {t("disable")}
                    </button>
                  ) : (
                    <button type="button" class="link" onClick={() => model.setStatus(f.id, "Active")}>
                      {t("enable")}
                    </button>
                  )}
                  <button type="button" class="link" onClick={() => model.open({ kind: "edit", flowLog: f })}>
                    {t("edit")}
                  </button>
                  <button type="button" class="link danger" onClick={() => model.open({ kind: "delete", flowLog: f })}>
                    {t("delete")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && <QuotaSetting quota={data.context.quotaPerRegion} onSave={(n) => model.setQuota(n)} />}
      <LogstoresSection />
      {dialog?.kind === "create" && data && <FlowLogDialog context={data.context} onClose={close} />}
      {dialog?.kind === "edit" && <EditDialog model={model} flowLog={dialog.flowLog} onClose={close} />}
      {dialog?.kind === "delete" && (
        <Dialog title={t("deleteFlowLogTitle")} onClose={close} testId="confirm-delete">
          <p>{t("deleteFlowLogConfirm", dialog.flowLog.name, dialog.flowLog.id)}</p>
          <div class="actions">
            <button type="button" onClick={close}>
              {t("cancel")}
            </button>
            <button type="button" class="danger" onClick={() => void model.confirmDelete()}>
              {t("delete")}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

function EditDialog(props: { model: FlowLogsModel; flowLog: FlowLogRow; onClose: () => void }) {
  // What is typed is the form's; what the control plane says of it is the model's.
  const [name, setName] = useState(props.flowLog.name);
  const [description, setDescription] = useState(props.flowLog.description);
  const problems = props.model.state().editProblems;
  const at = (field: string) => {
    const p = problems?.problems.find((x) => x.field === field);
    return p ? problemText(p) : null;
  };
  async function save(e: Event) {
    e.preventDefault();
    await props.model.saveEdit(props.flowLog.id, { name, description });
  }
  return (
    <Dialog title={t("editFlowLog")} onClose={props.onClose} testId="edit-dialog">
      <form onSubmit={save} noValidate>
        <Field label={t("fieldName")} error={at("name")}>
          {(id, d) => <input id={id} aria-describedby={d} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <Field label={t("fieldDescription")} error={at("description")}>
          {(id, d) => <textarea id={id} aria-describedby={d} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />}
        </Field>
        <p class="muted">{t("editFixedNote")}</p>
        <div class="actions">
          <button type="button" onClick={props.onClose}>
            {t("cancel")}
          </button>
          <button type="submit" class="primary">
            {t("save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The flow-log quota per region (default 10, as the clouds'): a setting here, since a capture's proposal may need more. */
function QuotaSetting(props: { quota: number; onSave: (n: number) => Promise<void> }) {
  const [text, setText] = useState(String(props.quota));
  return (
    <form
      class="quota"
      data-testid="quota-setting"
      onSubmit={(e) => {
        e.preventDefault();
        void props.onSave(Number(text.trim()));
      }}
    >
      <label>
        {t("quotaLabel")} <input type="number" min={1} step={1} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={text.trim() === String(props.quota)}>
        {t("save")}
      </button>
      <span class="muted">{t("quotaNote", formatCount(props.quota))}</span>
    </form>
  );
}
