// One kind of the inventory as a table: each entity's fields labelled, rules as a small
// table, Edit (the Add form, filled in) and Delete (after asking); the control plane's
// checks shown at their fields. A select with one choice (one region, one VPC) is preselected.
import { useState } from "preact/hooks";
import type { Inventory, InventoryKind, Rule } from "../../model/inventory";
import { ControlPlaneError, type Problem } from "../../model/problems";
import type { RuleUse } from "../../query/whatif";
import { Dialog } from "../components/Dialog";
import { ErrorBox, Field } from "../components/Field";
import { errorText, formatCount, problemText, t } from "../i18n";
import { useApp } from "../models/app";
import { entityFromForm, FORM_FIELDS, FormError, type FormField, formFromEntity, idsOf, preselected } from "./inventory-forms";

export const KIND_LABELS: Record<InventoryKind, string> = {
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

/** Each field but id and name, labelled as its form labels it; lists joined. */
function Details(props: { kind: InventoryKind; e: Record<string, unknown>; use: Map<string, RuleUse> | null }) {
  const fields = (FORM_FIELDS[props.kind] ?? []).filter((f) => f.key !== "id" && f.key !== "name" && f.kind !== "rules");
  const shown = fields.filter(
    (f) => props.e[f.key] !== undefined && props.e[f.key] !== "" && !(Array.isArray(props.e[f.key]) && !(props.e[f.key] as []).length),
  );
  return (
    <>
      {shown.length > 0 && (
        <dl class="fields">
          {shown.map((f) => [
            <dt key={`${f.key}t`}>{t(f.label)}</dt>,
            <dd key={`${f.key}d`} class="mono">
              {Array.isArray(props.e[f.key]) ? (props.e[f.key] as string[]).join(", ") : String(props.e[f.key])}
            </dd>,
          ])}
        </dl>
      )}
      {Array.isArray(props.e.rules) && props.e.rules.length > 0 && (
        <RulesTable rules={props.e.rules as Rule[]} owner={String(props.e.id)} use={props.use} />
      )}
    </>
  );
}

function RulesTable(props: { rules: Rule[]; owner: string; use: Map<string, RuleUse> | null }) {
  const { use } = props;
  const headers = ["rulePriority", "ruleDirection", "ruleProtocol", "rulePorts", "rulePeer", "rulePolicy", "fieldId"];
  return (
    <table class="grid compact rules-table">
      <thead>
        <tr>
          {(use ? [...headers, "ruleRecords"] : headers).map((k) => (
            <th key={k}>{t(k)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {[...props.rules]
          .sort((a, b) => a.priority - b.priority)
          .map((r) => (
            <tr key={r.id}>
              <td>{r.priority}</td>
              <td>{r.direction}</td>
              <td>{String(r.protocol)}</td>
              <td>{r.ports ? `${r.ports[0]}-${r.ports[1]}` : t("allPorts")}</td>
              <td class="mono">{r.peer}</td>
              <td class={r.policy === "drop" ? "reject" : undefined}>{r.policy}</td>
              <td class="mono">{r.id}</td>
              {use && <RuleUseCell u={use.get(`${props.owner}/${r.id}`)} />}
            </tr>
          ))}
      </tbody>
    </table>
  );
}

/** A rule's use beside it: its records, or that it is unused or shadowed. */
function RuleUseCell(props: { u: RuleUse | undefined }) {
  const u = props.u;
  if (!u) return <td />;
  return (
    <td data-testid="rule-use-cell">
      {formatCount(u.records)}
      {u["shadowed-by"] ? ` · ${t("ruleShadowed", u["shadowed-by"])}` : u.unused ? ` · ${t("ruleUnused")}` : ""}
    </td>
  );
}

export function KindSection(props: { kind: InventoryKind; inv: Inventory; use?: Map<string, RuleUse> | null }) {
  const app = useApp();
  const { kind, inv } = props;
  const list = inv[kind] as unknown as Record<string, unknown>[];
  const fields = FORM_FIELDS[kind];
  /** null: no form; "" adding; an id: editing that entity. */
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<{ field: string; text: string }[]>([]);
  const [rowError, setRowError] = useState<string | null>(null);
  const at = (field: string) =>
    problems
      .filter((p) => p.field === field)
      .map((p) => p.text)
      .join("; ") || null;
  const open = (id: string | null) => {
    setProblems([]);
    setEditing(id);
    if (id === "") setValues(preselected(kind, inv));
    else if (id !== null) setValues(formFromEntity(kind, list.find((e) => e.id === id) ?? {}));
  };

  async function save(e: Event) {
    e.preventDefault();
    setProblems([]);
    try {
      const entity = entityFromForm(kind, values);
      if (editing) {
        delete entity.id; // an id never changes
        await app.cp.update(kind, editing, entity as never);
      } else await app.cp.create(kind, entity as never);
      setEditing(null);
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
    setDeleting(null);
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
          <button type="button" onClick={() => open(editing === "" ? null : "")} aria-expanded={editing === ""}>
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
                  <Details kind={kind} e={e} use={props.use ?? null} />
                </td>
                <td class="actions-cell">
                  {fields && (
                    <button type="button" class="link" onClick={() => open(String(e.id))} aria-label={`${t("edit")} ${String(e.id)}`}>
                      {t("edit")}
                    </button>
                  )}
                  <button
                    type="button"
                    class="link danger"
                    onClick={() => setDeleting(String(e.id))}
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
      {deleting && (
        <Dialog title={t("deleteEntityTitle", deleting)} onClose={() => setDeleting(null)} testId="confirm-delete-entity">
          <p>{t("deleteEntityBody", deleting)}</p>
          <div class="actions">
            <button type="button" onClick={() => setDeleting(null)}>
              {t("cancel")}
            </button>
            <button type="button" class="danger" onClick={() => remove(deleting)}>
              {t("delete")}
            </button>
          </div>
        </Dialog>
      )}
      {editing !== null && fields && (
        <EntityForm
          kind={kind}
          inv={inv}
          fields={editing ? fields.filter((f) => f.key !== "id") : fields}
          values={values}
          setValues={setValues}
          at={at}
          title={`${editing ? t("edit") : t("add")} ${editing || t(KIND_LABELS[kind])}`}
          submit={editing ? t("save") : t("add")}
          onSubmit={save}
          onCancel={() => setEditing(null)}
        />
      )}
    </section>
  );
}

function EntityForm(props: {
  kind: InventoryKind;
  inv: Inventory;
  fields: FormField[];
  values: Record<string, string>;
  setValues: (v: Record<string, string>) => void;
  at: (field: string) => string | null;
  title: string;
  submit: string;
  onSubmit: (e: Event) => void;
  onCancel: () => void;
}) {
  const { values, setValues } = props;
  return (
    <form class="inline-form" onSubmit={props.onSubmit} noValidate aria-label={props.title}>
      {props.fields.map((f) => (
        <Field
          key={f.key}
          label={t(f.label)}
          error={props.at(f.key)}
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
                {(f.options ?? idsOf(props.inv, f.from!)).map((o) => (
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
      <ErrorBox error={props.at("")} />
      <div class="actions">
        <button type="button" onClick={props.onCancel}>
          {t("cancel")}
        </button>
        <button type="submit" class="primary">
          {props.submit}
        </button>
      </div>
    </form>
  );
}
