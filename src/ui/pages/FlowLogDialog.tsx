// Create flow log (docs/rules.md §2), as the consoles' dialog: every rule's error shows at its
// field while the user types (the same checks the control plane runs on save).
import { useMemo, useState } from "preact/hooks";
import { checkNewFlowLog, type FlowLogContext, type FlowLogInput, RESOURCE_KINDS, type ResourceType } from "../../model/flow-log";
import { ControlPlaneError, type Problem, problem } from "../../model/problems";
import { text } from "../../model/text";
import { Dialog } from "../components/Dialog";
import { ErrorBox, Field } from "../components/Field";
import { problemText, t } from "../i18n";
import { useApp } from "../models/app";

export function FlowLogDialog(props: { context: FlowLogContext; onClose: () => void }) {
  const app = useApp();
  const ctx = props.context;
  const [input, setInput] = useState<FlowLogInput>(() => ({
    name: "",
    description: "",
    regionId: ctx.inventory.regions[0]?.id ?? "",
    resourceType: "VPC",
    resourceId: ctx.inventory.vpcs[0]?.id ?? "",
    trafficType: "All",
    project: ctx.projects[0]?.name ?? "",
    logstore: ctx.logstores.find((l) => l.project === ctx.projects[0]?.name)?.name ?? "",
    windowSeconds: 600,
    format: "alibaba",
    analysisReport: true,
  }));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [saveError, setSaveError] = useState<Problem[] | null>(null);
  const [busy, setBusy] = useState(false);
  const problems = useMemo(() => checkNewFlowLog(input, ctx), [input, ctx]);
  const errorAt = (field: string) => {
    const p = (saveError ?? problems).find((x) => x.field === field);
    return p && (touched.has(field) || saveError) ? problemText(p) : null;
  };
  const set = (patch: Partial<FlowLogInput>, field: string) => {
    setInput({ ...input, ...patch });
    setTouched(new Set(touched).add(field));
    setSaveError(null);
  };
  const resources = ctx.inventory[RESOURCE_KINDS[input.resourceType]] as { id: string; name: string }[];

  async function save(e: Event) {
    e.preventDefault();
    if (problems.length) {
      setSaveError(problems);
      return;
    }
    setBusy(true);
    try {
      await app.cp.createFlowLog(input);
      app.changed();
      props.onClose();
    } catch (err) {
      setSaveError(err instanceof ControlPlaneError ? err.problems : [problem("error", "", text("verbatim", (err as Error).message))]);
    } finally {
      setBusy(false);
    }
  }

  const general = (saveError ?? []).filter(
    (p) =>
      ![
        "name",
        "description",
        "regionId",
        "resourceType",
        "resourceId",
        "trafficType",
        "project",
        "logstore",
        "windowSeconds",
        "format",
        "tags",
      ].includes(p.field),
  );
  return (
    <Dialog title={t("createFlowLog")} onClose={props.onClose} testId="flow-log-dialog">
      <form onSubmit={save} noValidate>
        {!ctx.inventory.regions.length && (
          <p class="warning" role="status" data-testid="no-network">
            {t("flowLogNeedsNetwork")}{" "}
            {/* biome-ignore lint/a11y/useValidAnchor: a link to another page that also closes the dialog it is in */}
            <a href="#import" onClick={props.onClose}>
              {t("navImport")}
            </a>{" "}
            · {/* biome-ignore lint/a11y/useValidAnchor: a link to another page that also closes the dialog it is in */}
            <a href="#inventory" onClick={props.onClose}>
              {t("navInventory")}
            </a>
          </p>
        )}
        <Field label={t("fieldName")} error={errorAt("name")} hint={t("nameHint")}>
          {(id, d) => (
            <input id={id} aria-describedby={d} value={input.name} onInput={(e) => set({ name: e.currentTarget.value }, "name")} />
          )}
        </Field>
        <Field label={t("fieldDescription")} error={errorAt("description")}>
          {(id, d) => (
            <textarea
              id={id}
              aria-describedby={d}
              value={input.description}
              onInput={(e) => set({ description: e.currentTarget.value }, "description")}
            />
          )}
        </Field>
        <Field label={t("fieldRegion")} error={errorAt("regionId")}>
          {(id, d) => (
            <select
              id={id}
              aria-describedby={d}
              value={input.regionId}
              onChange={(e) => set({ regionId: e.currentTarget.value }, "regionId")}
            >
              {!ctx.inventory.regions.length && <option value="">{t("noneYet")}</option>}
              {ctx.inventory.regions.map((r) => (
                <option value={r.id}>
                  {r.id} ({r.name})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("fieldResourceType")} error={errorAt("resourceType")}>
          {(id, d) => (
            <select
              id={id}
              aria-describedby={d}
              value={input.resourceType}
              onChange={(e) => {
                const type = e.currentTarget.value as ResourceType;
                set(
                  {
                    resourceType: type,
                    resourceId: (ctx.inventory[RESOURCE_KINDS[type]] as { id: string }[])[0]?.id ?? "",
                    windowSeconds: type === "CCN" ? 60 : input.windowSeconds,
                    format: type === "CCN" ? "ccn" : input.format === "ccn" ? "alibaba" : input.format,
                  },
                  "resourceType",
                );
              }}
            >
              <option value="NetworkInterface">{t("typeEni")}</option>
              <option value="VSwitch">{t("typeVSwitch")}</option>
              <option value="VPC">{t("typeVpc")}</option>
              <option value="CCN">{t("typeCcn")}</option>
            </select>
          )}
        </Field>
        <Field label={t("fieldResource")} error={errorAt("resourceId")}>
          {(id, d) => (
            <select
              id={id}
              aria-describedby={d}
              value={input.resourceId}
              onChange={(e) => set({ resourceId: e.currentTarget.value }, "resourceId")}
            >
              {!resources.length && <option value="">{t("noneYet")}</option>}
              {resources.map((r) => (
                <option value={r.id}>
                  {r.id}
                  {r.name ? ` (${r.name})` : ""}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("fieldTrafficType")} error={errorAt("trafficType")}>
          {(id, d) => (
            <select
              id={id}
              aria-describedby={d}
              value={input.trafficType}
              onChange={(e) => set({ trafficType: e.currentTarget.value as FlowLogInput["trafficType"] }, "trafficType")}
            >
              <option value="All">{t("trafficAll")}</option>
              <option value="Allow">{t("trafficAllow")}</option>
              <option value="Drop">{t("trafficDrop")}</option>
            </select>
          )}
        </Field>
        <div class="row">
          <Field label={t("fieldProject")} error={errorAt("project")}>
            {(id, d) => (
              <select
                id={id}
                aria-describedby={d}
                value={input.project}
                onChange={(e) =>
                  set(
                    {
                      project: e.currentTarget.value,
                      logstore: ctx.logstores.find((l) => l.project === e.currentTarget.value)?.name ?? "",
                    },
                    "project",
                  )
                }
              >
                {!ctx.projects.length && <option value="">{t("noneYet")}</option>}
                {ctx.projects.map((p) => (
                  <option value={p.name}>{p.name}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("fieldLogstore")} error={errorAt("logstore")}>
            {(id, d) => (
              <select
                id={id}
                aria-describedby={d}
                value={input.logstore}
                onChange={(e) => set({ logstore: e.currentTarget.value }, "logstore")}
              >
                {!ctx.logstores.some((l) => l.project === input.project) && <option value="">{t("noneYet")}</option>}
                {ctx.logstores
                  .filter((l) => l.project === input.project)
                  .map((l) => (
                    <option value={l.name}>{l.name}</option>
                  ))}
              </select>
            )}
          </Field>
        </div>
        <div class="row">
          <Field label={t("fieldWindow")} error={errorAt("windowSeconds")}>
            {(id, d) => (
              <select
                id={id}
                aria-describedby={d}
                value={String(input.windowSeconds)}
                onChange={(e) => set({ windowSeconds: Number(e.currentTarget.value) as 60 | 300 | 600 }, "windowSeconds")}
              >
                {[60, 300, 600].map((w) => (
                  <option value={String(w)}>{t("seconds", w)}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("fieldFormat")} error={errorAt("format")}>
            {(id, d) => (
              <select
                id={id}
                aria-describedby={d}
                value={input.format}
                onChange={(e) => set({ format: e.currentTarget.value as FlowLogInput["format"] }, "format")}
              >
                {["alibaba", "tencent", "aws", "ccn"].map((f) => (
                  <option value={f}>{f}</option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={input.analysisReport}
            onChange={(e) => set({ analysisReport: e.currentTarget.checked }, "analysisReport")}
          />{" "}
          {t("fieldAnalysisReport")}
        </label>
        <ErrorBox error={general.length ? general.map(problemText).join("; ") : null} />
        <div class="actions">
          <button type="button" onClick={props.onClose}>
            {t("cancel")}
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {t("create")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
