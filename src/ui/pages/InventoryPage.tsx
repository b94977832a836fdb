// Inventory: the network the flow logs see — each kind as a table (InventoryKindSection.tsx)
// — and the inventory document and the clouds' JSON in and out: an import into a network
// that already holds entities asks whether to merge into it or replace it.
import { useState } from "preact/hooks";
import { convertCloudJson } from "../../formats/cloud/convert";
import { INVENTORY_KINDS } from "../../model/inventory";
import { placeOf } from "../../model/inventory-document";
import type { RuleUse } from "../../query/whatif";
import { Dialog } from "../components/Dialog";
import { ErrorBox } from "../components/Field";
import { errorText, t } from "../i18n";
import { download, useApp, useLoad } from "../models/app";
import { KindSection } from "./InventoryKindSection";
import { WhatIfPanel } from "./WhatIfPanel";

/** The network's document with another merged in: the other's entities added, an entity with the same id replaced. */
export function mergeDocuments(into: unknown, other: unknown): unknown {
  const a = into as Record<string, unknown>,
    b = other as Record<string, unknown>;
  const out: Record<string, unknown> = { ...a };
  for (const kind of INVENTORY_KINDS) {
    const theirs = (b[kind] as { id: string }[] | undefined) ?? [];
    const ids = new Set(theirs.map((e) => e?.id));
    out[kind] = [...((a[kind] as { id: string }[] | undefined) ?? []).filter((e) => !ids.has(e.id)), ...theirs];
  }
  return out;
}

export function InventoryPage() {
  const app = useApp();
  const { data: inv, error } = useLoad(() => app.cp.inventory(), []);
  const [importError, setImportError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** A document waiting for the user's answer: merge it into the network, or replace the network with it. */
  const [asking, setAsking] = useState<{ name: string; document: unknown; notice: string } | null>(null);
  /** Each rule's use over the records the What if panel replayed, shown beside the rule. */
  const [use, setUse] = useState<Map<string, RuleUse> | null>(null);

  async function store(document: unknown, notice: string, how: "merge" | "replace") {
    setAsking(null);
    try {
      await app.cp.importDocument(how === "merge" ? mergeDocuments(await app.cp.exportDocument(), document) : document);
      setNotice(notice);
      app.changed();
    } catch (e) {
      setImportError(errorText(e, { separator: "\n", fields: true, place: (field) => placeOf(document, field) }));
    }
  }

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
      let notice: string;
      if (inputs.length === 1 && isDocument(inputs[0].json)) {
        imported = inputs[0].json;
        notice = t("inventoryImported", inputs[0].name);
      } else {
        const { document, notes } = convertCloudJson(inputs.filter((i) => !isDocument(i.json)));
        imported = document;
        notice = t("cloudImported", inputs.length) + (notes.length ? ` ${notes.join(" ")}` : "");
      }
      const current = await app.cp.inventory();
      // An empty network takes the document as it is; one that holds entities asks first.
      if (INVENTORY_KINDS.some((k) => current[k].length))
        setAsking({ name: [...files].map((f) => f.name).join(", "), document: imported, notice });
      else await store(imported, notice, "replace");
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
      {asking && (
        <Dialog title={t("importMergeTitle")} onClose={() => setAsking(null)} testId="import-merge">
          <p>{t("importMergeBody", asking.name)}</p>
          <div class="actions">
            <button type="button" onClick={() => setAsking(null)}>
              {t("cancel")}
            </button>
            <button type="button" onClick={() => store(asking.document, asking.notice, "replace")}>
              {t("importReplace")}
            </button>
            <button type="button" class="primary" onClick={() => store(asking.document, asking.notice, "merge")}>
              {t("importMerge")}
            </button>
          </div>
        </Dialog>
      )}
      {inv && INVENTORY_KINDS.map((kind) => <KindSection key={kind} kind={kind} inv={inv} use={use} />)}
      {inv && <WhatIfPanel inv={inv} onUse={setUse} />}
    </section>
  );
}
