// The confirmation of a capture's network extension (docs/history.md #12): what would be added,
// editable, with the capture's named interfaces mappable to ENIs, checked against the quota.
import { useState } from "preact/hooks";
import type { ExtensionEdits } from "../../model/network-extension";
import type { FileImportResult } from "../../workspace/api";
import { formatCount, t } from "../i18n";
import { useApp, useLoad } from "../models/app";

/**
 * The extension of the network a capture needs, listed for one confirmation, with what the
 * user may change: the new VPCs' region, and the logstore and window of their flow logs.
 * Past the quota it says where to raise it.
 */
export function Proposal(props: {
  result: Extract<FileImportResult, { status: "proposal" }>;
  onAccept: (edits: ExtensionEdits) => void;
  onDismiss: () => void;
}) {
  const { extension: x, flows } = props.result;
  const first = x.flowLogs[0];
  const [edits, setEdits] = useState<ExtensionEdits>({
    regionId: x.vpcs[0]?.regionId,
    project: first?.project,
    logstore: first?.logstore,
    windowSeconds: first?.windowSeconds as ExtensionEdits["windowSeconds"],
  });
  const set = (patch: ExtensionEdits) => setEdits({ ...edits, ...patch });
  // Interfaces mapped to ENIs, by index; the ENIs offered as suggestions when there are not too many.
  const [mapped, setMapped] = useState<Record<number, string>>({});
  const app = useApp();
  const { data: enis } = useLoad(
    async () => (props.result.interfaces.length ? (await app.cp.inventory()).enis.slice(0, 1000).map((e) => e.id) : []),
    [],
  );
  const SHOW = 8;
  return (
    <div class="proposal" data-testid="proposal">
      <p>{t("extensionIntro", formatCount(x.addresses), formatCount(flows))}</p>
      <ul>
        {x.vpcs.slice(0, SHOW).map((v) => (
          <li key={v.id}>{t("extensionVpc", v.id, v.cidrs.join(", "), edits.regionId ?? v.regionId)}</li>
        ))}
        {x.vpcs.length > SHOW && <li>{t("extensionMoreVpcs", formatCount(x.vpcs.length - SHOW))}</li>}
        {(x.vswitches > 0 || x.enis > 0) && (
          <li>{t("extensionCounts", formatCount(x.vswitches), formatCount(x.enis), formatCount(x.securityGroups))}</li>
        )}
        {x.flowLogs.slice(0, SHOW).map((f) => (
          <li key={f.name}>{t("proposalFlowLog", f.name, edits.project ?? f.project, edits.logstore ?? f.logstore)}</li>
        ))}
      </ul>
      {(x.vpcs.length > 0 || first) && (
        <div class="row edits" data-testid="proposal-edits">
          {x.vpcs.length > 0 && (
            <label>
              {t("fieldRegion")} <input value={edits.regionId ?? ""} onInput={(e) => set({ regionId: e.currentTarget.value.trim() })} />
            </label>
          )}
          {first && (
            <label>
              Project <input value={edits.project ?? ""} onInput={(e) => set({ project: e.currentTarget.value.trim() })} />
            </label>
          )}
          {first && (
            <label>
              Logstore <input value={edits.logstore ?? ""} onInput={(e) => set({ logstore: e.currentTarget.value.trim() })} />
            </label>
          )}
          {first && (
            <label>
              {t("fieldWindow")}{" "}
              <select
                value={String(edits.windowSeconds ?? 600)}
                onChange={(e) => set({ windowSeconds: Number(e.currentTarget.value) as ExtensionEdits["windowSeconds"] })}
              >
                {[60, 300, 600].map((w) => (
                  <option value={String(w)}>{w} s</option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
      {props.result.interfaces.length > 0 && (
        <div class="interfaces" data-testid="capture-interfaces">
          <p>{t("captureInterfacesIntro")}</p>
          <datalist id={`enis-${props.result.token}`}>
            {(enis ?? []).map((id) => (
              <option value={id} />
            ))}
          </datalist>
          {props.result.interfaces.map((i) => (
            <label key={i.index}>
              {i.name || `#${i.index}`}
              {i.description ? ` (${i.description})` : ""} →{" "}
              <input
                list={`enis-${props.result.token}`}
                placeholder={t("interfaceNotMapped")}
                value={mapped[i.index] ?? ""}
                onInput={(e) => setMapped({ ...mapped, [i.index]: e.currentTarget.value.trim() })}
              />
            </label>
          ))}
        </div>
      )}
      {x.overQuota.map((q) => (
        <p key={q.region} class="error" role="alert">
          {t("extensionOverQuota", q.region, formatCount(q.have), formatCount(q.adding), formatCount(q.quota))}{" "}
          <a href="#flow-logs">{t("extensionRaiseQuota")}</a>
        </p>
      ))}
      <div class="actions">
        <button
          type="button"
          class="primary"
          onClick={() =>
            props.onAccept({
              ...edits,
              interfaces: Object.entries(mapped)
                .filter(([, id]) => id)
                .map(([k, id]) => ({ index: Number(k), eniId: id })),
            })
          }
        >
          {t("acceptProposal")}
        </button>
        <button type="button" onClick={props.onDismiss}>
          {t("storeWithoutExtending")}
        </button>
      </div>
    </div>
  );
}
