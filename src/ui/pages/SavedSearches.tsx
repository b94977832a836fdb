// The Records page's saved and recent searches (storage/saved-searches.ts): the current
// search saved under a name, a saved or recent one run with a click, a saved one deleted.
import { useState } from "preact/hooks";
import { ErrorBox } from "../components/Field";
import { errorText, t } from "../i18n";
import { useApp, useLoad } from "../models/app";

export function SavedSearches(props: { store: string; q: string; onRun: (q: string) => void }) {
  const app = useApp();
  const [version, setVersion] = useState(0);
  const { data: saved } = useLoad(() => app.cp.savedSearches(props.store), [props.store, version]);
  const { data: recent } = useLoad(() => app.cp.recentSearches(props.store), [props.store, props.q, version]);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await app.cp.saveSearch({ name, store: props.store, q: props.q });
      setName("");
      setVersion((v) => v + 1);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <details class="saved-searches" data-testid="saved-searches">
      <summary>{t("savedSearches")}</summary>
      <div class="saved-list">
        <form onSubmit={save} class="row">
          <input
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            aria-label={t("savedSearchName")}
            placeholder={t("savedSearchName")}
          />
          <button type="submit" disabled={!props.q.trim()}>
            {t("saveSearch")}
          </button>
        </form>
        <ErrorBox error={error} />
        <h3>{t("savedSearches")}</h3>
        {!saved?.length && <p class="muted">{t("noSavedSearches")}</p>}
        <ul>
          {saved?.map((s) => (
            <li key={s.name}>
              <button type="button" class="link" onClick={() => props.onRun(s.q)} title={s.q}>
                {s.name}
              </button>
              <button
                type="button"
                class="link danger"
                aria-label={t("deleteSavedSearch", s.name)}
                onClick={async () => {
                  await app.cp.deleteSavedSearch(props.store, s.name);
                  setVersion((v) => v + 1);
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <h3>{t("recentSearches")}</h3>
        <ul data-testid="recent-searches">
          {recent?.map((r) => (
            <li key={r.q}>
              <button type="button" class="link mono" onClick={() => props.onRun(r.q)}>
                {r.q}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
