// Projects and logstores (the log service side of a flow log): create them, see how
// many records each holds, delete an empty one.
import { useState } from "preact/hooks";
import { ControlPlaneError } from "../../model/problems";
import { ErrorBox, Field } from "../components/Field";
import { errorText, formatCount, problemText, t } from "../i18n";
import { useApp, useLoad } from "../models/app";

export function LogstoresSection() {
  const app = useApp();
  const { data } = useLoad(async () => ({ projects: await app.cp.projects(), stats: await app.worker.stats() }), []);
  const [project, setProject] = useState("");
  const [logstore, setLogstore] = useState("");
  const [retention, setRetention] = useState("30");
  const [error, setError] = useState<ControlPlaneError | Error | null>(null);
  const [projectError, setProjectError] = useState<string | null>(null);
  const at = (field: string) => {
    if (!(error instanceof ControlPlaneError)) return null;
    const p = error.problems.find((x) => x.field === field);
    return p ? problemText(p) : null;
  };

  async function create(e: Event) {
    e.preventDefault();
    setError(null);
    setProjectError(null);
    try {
      if (!data?.projects.some((p) => p.name === project)) {
        try {
          await app.cp.createProject({ name: project, description: "" });
        } catch (err) {
          setProjectError(errorText(err));
          return;
        }
      }
      await app.cp.createLogstore({ project, name: logstore, retentionDays: Number(retention) });
      setLogstore("");
      app.changed();
    } catch (err) {
      setError(err as Error);
    }
  }

  return (
    <section aria-labelledby="logstores-title" class="panel">
      <h2 id="logstores-title">{t("logstoresTitle")}</h2>
      <table class="grid compact" data-testid="logstore-table">
        <thead>
          <tr>
            <th>{t("fieldProject")}</th>
            <th>{t("fieldLogstore")}</th>
            <th>{t("colRecords")}</th>
            <th>{t("colImports")}</th>
          </tr>
        </thead>
        <tbody>
          {data?.stats.length === 0 && (
            <tr>
              <td colSpan={4} class="empty">
                {t("noLogstores")}
              </td>
            </tr>
          )}
          {data?.stats.map((s) => (
            <tr key={`${s.project}/${s.logstore}`}>
              <td>{s.project}</td>
              <td>{s.logstore}</td>
              <td>{formatCount(s.records)}</td>
              <td>{formatCount(s.imports)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="row" onSubmit={create} noValidate aria-label={t("createLogstore")}>
        <Field label={t("fieldProject")} error={projectError ?? at("project")}>
          {(id, d) => (
            <input id={id} aria-describedby={d} list="project-names" value={project} onInput={(e) => setProject(e.currentTarget.value)} />
          )}
        </Field>
        <datalist id="project-names">
          {data?.projects.map((p) => (
            <option value={p.name} />
          ))}
        </datalist>
        <Field label={t("fieldLogstore")} error={at("name")}>
          {(id, d) => <input id={id} aria-describedby={d} value={logstore} onInput={(e) => setLogstore(e.currentTarget.value)} />}
        </Field>
        <Field label={t("fieldRetention")} error={at("retentionDays")}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              type="number"
              min="1"
              max="3650"
              value={retention}
              onInput={(e) => setRetention(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit">{t("createLogstore")}</button>
      </form>
      <ErrorBox error={error && !(error instanceof ControlPlaneError) ? errorText(error) : null} />
    </section>
  );
}
