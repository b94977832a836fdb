// The analyses' settings on the Report page: the threat list (typed or from a file) and the
// scan thresholds, checked by the control plane.
import { useState } from "preact/hooks";
import { parseThreatList } from "../../query/threat-list";
import { ErrorBox } from "../components/Field";
import { errorText, t } from "../i18n";
import { useApp } from "../models/app";

export function SettingsPanel(props: { settings: { threatList: string[]; scanDestinations: number; scanPorts: number } }) {
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
