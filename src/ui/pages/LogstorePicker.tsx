// The logstores a search runs over: one, or several at once as CLS's cross-topic search
// takes them; at least one stays chosen. The value is `project/logstore[,project/logstore…]`.
import { t } from "../i18n";

export function LogstorePicker(props: { stores: { project: string; name: string }[]; value: string; onChange: (value: string) => void }) {
  const chosen = props.value ? props.value.split(",") : [];
  const all = props.stores.map((l) => `${l.project}/${l.name}`);
  const toggle = (s: string, on: boolean) => {
    const next = all.filter((x) => (x === s ? on : chosen.includes(x)));
    if (next.length) props.onChange(next.join(","));
  };
  return (
    <div class="logstore-picker">
      <span class="picker-label" id="logstore-picker-label">
        {t("fieldLogstore")}
      </span>
      <details data-testid="records-logstore">
        <summary aria-labelledby="logstore-picker-label logstore-picker-value">
          <span id="logstore-picker-value">{chosen.length ? chosen.join(", ") : t("noLogstores")}</span>
        </summary>
        <div class="picker-list" role="group" aria-labelledby="logstore-picker-label">
          {all.map((s) => (
            <label key={s} class="check">
              <input type="checkbox" checked={chosen.includes(s)} onChange={(e) => toggle(s, e.currentTarget.checked)} /> {s}
            </label>
          ))}
        </div>
      </details>
    </div>
  );
}
