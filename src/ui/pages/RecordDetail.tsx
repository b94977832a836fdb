// A record's detail, as a log console's: every field with its value, each value offering
// Filter and Exclude (appending `field: value` or `not field: value` to the search), the
// row copied as its format's line or as JSON, and for a REJECT the rule that decided.
import { useState } from "preact/hooks";
import type { RecordFormat } from "../../formats/record-writers";
import type { Inventory, Rule } from "../../model/inventory";
import type { FlowLogEntry } from "../../model/records";
import { resolveField } from "../../query/fields";
import { formatTime, t } from "../i18n";
import { useApp, useLoad } from "../models/app";
import { protocolName } from "./record-columns";

/** `sg-web/allow-https` -> the group or ACL and its rule; `…/default-inbound` -> the default. */
function findRule(inv: Inventory, ruleId: string): { owner: string; rule: Rule | null; note: string } | null {
  const [owner, id] = ruleId.split("/");
  const holder = [...inv.securityGroups, ...inv.networkAcls].find((x) => x.id === owner);
  if (!holder) return null;
  const rule = holder.rules.find((r) => r.id === id) ?? null;
  return { owner: `${holder.id} (${holder.name})`, rule, note: rule ? (rule.description ?? "") : id };
}

const TIMES = new Set(["start", "end", "window"]);

function shown(key: string, v: unknown): string {
  if (v === null || v === undefined) return "-";
  if (TIMES.has(key)) return `${v} (${formatTime(v as number)})`;
  if (key === "protocol") return protocolName(v as number);
  return String(v);
}

export function RecordDetail(props: {
  record: FlowLogEntry;
  onClose: () => void;
  onPivot: (field: string, value: string, exclude: boolean) => void;
  onCopy: (as: RecordFormat | "json") => void;
  /** The record came from a capture still known: its packets can be opened. */
  onPackets?: () => void;
  format: RecordFormat;
}) {
  const app = useApp();
  const r = props.record;
  const { data: inv } = useLoad(() => app.cp.inventory(), []);
  const found = r["rule-id"] && inv ? findRule(inv, r["rule-id"]) : null;
  return (
    <aside class="detail" aria-label={t("recordDetail")} data-testid="record-detail">
      <div class="toolbar">
        <h2>{t("recordDetail")}</h2>
        <button type="button" onClick={() => props.onCopy(props.format)} data-testid="copy-line">
          {t("copyLine", props.format)}
        </button>
        <button type="button" onClick={() => props.onCopy("json")} data-testid="copy-json">
          {t("copyJson")}
        </button>
        {props.onPackets && (
          <button type="button" onClick={props.onPackets} data-testid="packets-open">
            {t("packetsOpen")}
          </button>
        )}
        <button type="button" onClick={props.onClose} aria-label={t("close")}>
          ×
        </button>
      </div>
      <dl>
        {Object.entries(r).map(([k, v]) => {
          const field = resolveField(k);
          const pivotable = field !== null && v !== null && v !== undefined && v !== "";
          return [
            <dt key={`${k}t`}>{k}</dt>,
            <dd key={`${k}d`}>
              <span class="mono">{shown(k, v)}</span>
              {pivotable && (
                <span class="pivot">
                  {([false, true] as const).map((exclude) => (
                    <button
                      key={String(exclude)}
                      type="button"
                      class="link"
                      onClick={() => props.onPivot(field, String(v), exclude)}
                      aria-label={t(exclude ? "excludeBy" : "filterBy", field, String(v))}
                    >
                      {t(exclude ? "exclude" : "filter")}
                    </button>
                  ))}
                </span>
              )}
            </dd>,
          ];
        })}
      </dl>
      {r.action === "REJECT" && (
        <div class="rule" data-testid="deciding-rule">
          <h3>{t("decidingRule")}</h3>
          {!r["rule-id"] && <p>{t("ruleNotRecorded")}</p>}
          {r["rule-id"] && inv && !found && (
            <p class="mono">
              {r["rule-id"]} — {t("ruleNotInInventory")}
            </p>
          )}
          {found && (
            <div>
              <div class="mono">{found.owner}</div>
              {found.rule ? <RuleTable rule={found.rule} /> : <p>{t("defaultRule", found.note)}</p>}
            </div>
          )}
        </div>
      )}
      {r.srcaddr && r.dstaddr && r.protocol !== null && inv?.enis.some((e) => e.id === r["interface-id"]) && <WhyDecided record={r} />}
    </aside>
  );
}

/**
 * Why: which rule decides this record's flow at its ENI today, step by step, as a new connection
 * (a record does not say whether it answers one the groups accepted: the replay knows, a record alone does not).
 */
function WhyDecided(props: { record: FlowLogEntry }) {
  const app = useApp();
  const r = props.record;
  const [lines, setLines] = useState<string[] | null>(null);
  const inbound = r.direction === "in";
  const ask = async () => {
    const e = await app.worker.explain({
      eni: r["interface-id"],
      direction: r.direction ?? "in",
      protocol: String(r.protocol),
      peer: (inbound ? r.srcaddr : r.dstaddr) ?? "",
      port: String(r.dstport ?? 0),
    });
    setLines("error" in e ? [e.error] : e.lines);
  };
  return (
    <div class="rule" data-testid="why">
      <button type="button" class="link" onClick={ask} data-testid="why-open">
        {t("whyDecided")}
      </button>
      {lines && (
        <>
          <pre class="mono" data-testid="why-steps">
            {lines.join("\n")}
          </pre>
          <p class="muted">{t("whyNote")}</p>
        </>
      )}
    </div>
  );
}

function RuleTable({ rule }: { rule: Rule }) {
  return (
    <table class="grid compact">
      <tbody>
        <tr>
          <th>{t("fieldId")}</th>
          <td class="mono">{rule.id}</td>
        </tr>
        <tr>
          <th>{t("rulePriority")}</th>
          <td>{rule.priority}</td>
        </tr>
        <tr>
          <th>{t("ruleDirection")}</th>
          <td>{rule.direction}</td>
        </tr>
        <tr>
          <th>{t("ruleProtocol")}</th>
          <td>{String(rule.protocol)}</td>
        </tr>
        <tr>
          <th>{t("rulePorts")}</th>
          <td>{rule.ports ? `${rule.ports[0]}-${rule.ports[1]}` : t("allPorts")}</td>
        </tr>
        <tr>
          <th>{t("rulePeer")}</th>
          <td class="mono">{rule.peer}</td>
        </tr>
        <tr>
          <th>{t("rulePolicy")}</th>
          <td>{rule.policy}</td>
        </tr>
        {rule.description && (
          <tr>
            <th>{t("fieldDescription")}</th>
            <td>{rule.description}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
