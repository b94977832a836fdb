// Inventory: the network the flow logs see — each kind as a table with an Add form
// (the control plane's checks, errors at their fields) and delete; the inventory
// document and the clouds' JSON in and out.
import { useState } from "preact/hooks";
import { convertCloudJson } from "../../formats/cloud/convert";
import { INVENTORY_KINDS, type Inventory, type InventoryKind } from "../../model/inventory";
import { placeOf } from "../../model/inventory-document";
import { ControlPlaneError, type Problem } from "../../model/problems";
import { ErrorBox, Field } from "../components/Field";
import { errorText, problemText, t } from "../i18n";
import { download, useApp, useLoad } from "../models/app";
import { entityFromForm, FORM_FIELDS, FormError, formatRule, idsOf } from "./inventory-forms";

const KIND_LABELS: Record<InventoryKind, string> = {
  regions: "kindRegions",
  accounts: "kindAccounts",
  vpcs: "kindVpcs",
  vswitches: "kindVSwitches",
  instances: "kindInstances",
  enis: "kindEnis",
  securityGroups: "kindSecurityGroups",
  networkAcls: "kindNetworkAcls",
  ccns: "kindCcns",
};

/** The form field a control-plane problem points at: `vswitches[vsw-1].cidr` -> `cidr`. */
const fieldOf = (p: Problem) => /\]\.([A-Za-z0-9]+)/.exec(p.field)?.[1] ?? p.field;

function describe(kind: InventoryKind, e: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(e)) {
    if (k === "id" || k === "name") continue;
    if (k === "rules") parts.push(t("rulesCount", (v as unknown[]).length));
    else if (Array.isArray(v)) parts.push(`${k}: ${v.map((x) => (typeof x === "object" ? JSON.stringify(x) : x)).join(", ")}`);
    else parts.push(`${k}: ${String(v)}`);
  }
  return kind === "regions" || kind === "accounts" ? "" : parts.join(" · ");
}

export function InventoryPage() {
  const app = useApp();
  const { data: inv, error } = useLoad(() => app.cp.inventory(), []);
  const [importError, setImportError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function importFiles(files: FileList | null) {
    setImportError(null);
    setNotice(null);
    if (!files?.length) return;
    let imported: unknown = null; // the document whose problems are shown, for the entities' ids
    try {
      const inputs = await Promise.all(
        [...files].map(async (f) => {
          const text = await f.text();
          try {
            return { name: f.name, json: JSON.parse(text) as unknown };
          } catch (e) {
            throw new Error(`${f.name}: not JSON: ${(e as Error).message}`);
          }
        }),
      );
      const isDocument = (j: unknown) => (j as { format?: string })?.format === "flowlens-inventory";
      if (inputs.length === 1 && isDocument(inputs[0].json)) {
        imported = inputs[0].json;
        await app.cp.importDocument(imported);
        setNotice(t("inventoryImported", inputs[0].name));
      } else {
        const { document, notes } = convertCloudJson(inputs.filter((i) => !isDocument(i.json)));
        imported = document;
        await app.cp.importDocument(document);
        setNotice(t("cloudImported", inputs.length) + (notes.length ? ` ${notes.join(" ")}` : ""));
      }
      app.changed();
    } catch (e) {
      setImportError(errorText(e, { separator: "\n", fields: true, place: (field) => placeOf(imported, field) }));
    }
  }

  return (
    <section aria-labelledby="inventory-title">
      <div class="toolbar">
        <h1 id="inventory-title">{t("navInventory")}</h1>
        <label class="button">
          {t("importInventory")}
          <input
            type="file"
            accept=".json,application/json"
            multiple
            class="hidden-input"
            data-testid="inventory-file"
            onChange={(e) => {
              void importFiles(e.currentTarget.files);
              e.currentTarget.value = "";
            }}
          />
        </label>
        <button
          type="button"
          onClick={async () =>
            download("flowlens-inventory.json", JSON.stringify(await app.cp.exportDocument(), null, 2), "application/json")
          }
        >
          {t("exportInventory")}
        </button>
      </div>
      <p class="muted">{t("inventoryImportHint")}</p>
      <ErrorBox error={error ?? importError} testId="inventory-error" />
      {notice && (
        <div class="notice" role="status">
          {notice}
        </div>
      )}
      {inv && INVENTORY_KINDS.map((kind) => <KindSection key={kind} kind={kind} inv={inv} />)}
    </section>
  );
}

function KindSection(props: { kind: InventoryKind; inv: Inventory }) {
  const app = useApp();
  const { kind, inv } = props;
  const list = inv[kind] as unknown as Record<string, unknown>[];
  const fields = FORM_FIELDS[kind];
  const [adding, setAdding] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<{ field: string; text: string }[]>([]);
  const [rowError, setRowError] = useState<string | null>(null);
  const at = (field: string) =>
    problems
      .filter((p) => p.field === field)
      .map((p) => p.text)
      .join("; ") || null;

  async function add(e: Event) {
    e.preventDefault();
    setProblems([]);
    try {
      await app.cp.create(kind, entityFromForm(kind, values) as never);
      setValues({});
      setAdding(false);
      app.changed();
    } catch (err) {
      if (err instanceof FormError) setProblems([{ field: err.field, text: err.message }]);
      else if (err instanceof ControlPlaneError)
        setProblems(
          err.problems.map((p) => ({ field: fields?.some((f) => f.key === fieldOf(p)) ? fieldOf(p) : "", text: problemText(p) })),
        );
      else setProblems([{ field: "", text: (err as Error).message }]);
    }
  }

  async function remove(id: string) {
    setRowError(null);
    try {
      await app.cp.remove(kind, id);
      app.changed();
    } catch (err) {
      setRowError(errorText(err));
    }
  }

  return (
    <section class="panel" aria-labelledby={`kind-${kind}`} data-kind={kind}>
      <div class="toolbar">
        <h2 id={`kind-${kind}`}>
          {t(KIND_LABELS[kind])} <span class="count">{list.length}</span>
        </h2>
        {fields && (
          <button
            type="button"
            onClick={() => {
              setAdding(!adding);
              setValues(Object.fromEntries(fields.filter((f) => f.options).map((f) => [f.key, f.options![0]])));
            }}
            aria-expanded={adding}
          >
            {t("add")}
          </button>
        )}
      </div>
      <ErrorBox error={rowError} />
      {list.length > 0 && (
        <table class="grid compact">
          <thead>
            <tr>
              <th>{t("fieldId")}</th>
              <th>{t("fieldName")}</th>
              <th>{t("colDetails")}</th>
              <th>{t("colActions")}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((e) => (
              <tr key={String(e.id)}>
                <td class="mono">{String(e.id)}</td>
                <td>{String(e.name ?? "")}</td>
                <td>
                  {describe(kind, e)}
                  {Array.isArray(e.rules) && e.rules.length > 0 && (
                    <pre class="rules">{(e.rules as Parameters<typeof formatRule>[0][]).map(formatRule).join("\n")}</pre>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    class="link danger"
                    onClick={() => remove(String(e.id))}
                    aria-label={`${t("delete")} ${String(e.id)}`}
                  >
                    {t("delete")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {adding && fields && (
        <form class="inline-form" onSubmit={add} noValidate aria-label={`${t("add")} ${t(KIND_LABELS[kind])}`}>
          {fields.map((f) => (
            <Field
              key={f.key}
              label={t(f.label)}
              error={at(f.key)}
              hint={f.kind === "rules" ? t("rulesHint") : f.kind === "list" ? t("listHint") : undefined}
            >
              {(id, d) =>
                f.kind === "rules" ? (
                  <textarea
                    id={id}
                    aria-describedby={d}
                    rows={4}
                    value={values[f.key] ?? ""}
                    onInput={(e) => setValues({ ...values, [f.key]: e.currentTarget.value })}
                  />
                ) : f.kind === "select" || f.kind === "optional-select" ? (
                  <select
                    id={id}
                    aria-describedby={d}
                    value={values[f.key] ?? ""}
                    onChange={(e) => setValues({ ...values, [f.key]: e.currentTarget.value })}
                  >
                    <option value="">{f.kind === "optional-select" ? t("none") : t("choose")}</option>
                    {(f.options ?? idsOf(inv, f.from!)).map((o) => (
                      <option value={o}>{o}</option>
                    ))}
                  </select>
                ) : (
                  <input
                    id={id}
                    aria-describedby={d}
                    value={values[f.key] ?? ""}
                    onInput={(e) => setValues({ ...values, [f.key]: e.currentTarget.value })}
                  />
                )
              }
            </Field>
          ))}
          <ErrorBox error={at("")} />
          <div class="actions">
            <button type="button" onClick={() => setAdding(false)}>
              {t("cancel")}
            </button>
            <button type="submit" class="primary">
              {t("add")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
