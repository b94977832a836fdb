// What if and rules in use, on the Inventory page (SPEC §8): a logstore and a time range; the
// rules' use over its records (shown beside each rule in the tables above, and here with the
// unused and shadowed ones); a draft of several groups' and ACLs' rules, edited as text in
// the form's notation, replayed beside the network as it is — the records whose action would
// change, the counts per change in words — then applied (the control plane's update) or
// discarded. Replaying records is not replaying packets: the panel says where they differ.
import { useEffect, useState } from "preact/hooks";
import type { Inventory } from "../../model/inventory";
import type { RuleUse } from "../../query/whatif";
import type { DraftEdit, WhatIfAnswer } from "../../workspace/whatif-service";
import { ErrorBox } from "../components/Field";
import { errorText, formatCount, formatTime, problemText, t } from "../i18n";
import { download, useApp, useLoad } from "../models/app";
import { recordsHash } from "../models/records-url";
import { ExportControls, type ExportFormat } from "./ExportControls";
import { draftRules, FormError, formatRule } from "./inventory-forms";

interface Drafted {
  kind: DraftEdit["kind"];
  id: string;
  text: string;
}

/** The panel's draft and last answer, outliving the page's component (the viewer's other pages come and go). */
let kept: { target: string; from: string; to: string; drafts: Drafted[]; answer: WhatIfAnswer | null } = {
  target: "",
  from: "",
  to: "",
  drafts: [],
  answer: null,
};

const seconds = (local: string) => (local ? Math.floor(Date.parse(local) / 1000) : undefined);

export function WhatIfPanel(props: { inv: Inventory; onUse: (use: Map<string, RuleUse> | null) => void }) {
  const app = useApp();
  const { inv } = props;
  const { data: logstores } = useLoad(() => app.cp.logstores(), []);
  const [target, setTarget] = useState(kept.target);
  const [from, setFrom] = useState(kept.from);
  const [to, setTo] = useState(kept.to);
  const [drafts, setDrafts] = useState<Drafted[]>(kept.drafts);
  const [pick, setPick] = useState("");
  const [answer, setAnswer] = useState<WhatIfAnswer | null>(kept.answer);
  // Kept while the viewer is open: a look at the changed records in Records comes back to the draft.
  useEffect(() => {
    kept = { target, from, to, drafts, answer };
  }, [target, from, to, drafts, answer]);
  const [use, setUse] = useState<{ rules: RuleUse[]; replayed: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = target || (logstores?.[0] ? `${logstores[0].project}/${logstores[0].name}` : "");
  const owners = [
    ...inv.securityGroups.map((g) => ({ kind: "securityGroups" as const, id: g.id, rules: g.rules })),
    ...inv.networkAcls.map((a) => ({ kind: "networkAcls" as const, id: a.id, rules: a.rules })),
  ];
  const range = () => ({ from: seconds(from), to: seconds(to) });
  const [project, logstore] = chosen.split("/");

  async function run<T>(f: () => Promise<T>): Promise<T | null> {
    setError(null);
    setBusy(true);
    try {
      return await f();
    } catch (e) {
      setError(e instanceof FormError ? e.message : errorText(e));
      return null;
    } finally {
      setBusy(false);
    }
  }

  const rulesInUse = () =>
    run(async () => {
      const u = await app.worker.ruleUse(project, logstore, range());
      setUse(u);
      props.onUse(new Map(u.rules.map((r) => [r["rule-id"], r])));
    });

  const replay = () =>
    run(async () => {
      // Parsed as the form parses rules: a line that is no rule is told here, by its draft and line.
      const draft: DraftEdit[] = drafts.map((d) => ({
        kind: d.kind,
        id: d.id,
        rules: draftRules(d.text),
      }));
      setAnswer(await app.worker.whatIf(project, logstore, range(), draft));
    });

  const apply = () =>
    run(async () => {
      for (const d of drafts) {
        await app.cp.update(d.kind, d.id, { rules: draftRules(d.text) } as never);
      }
      setDrafts([]);
      setAnswer(null);
      app.changed();
    });

  return (
    <section class="panel" aria-labelledby="whatif-title" data-testid="whatif">
      <h2 id="whatif-title">{t("whatIfTitle")}</h2>
      <div class="row">
        <label>
          {t("logTarget")}
          <select value={chosen} data-testid="whatif-logstore" onChange={(e) => setTarget(e.currentTarget.value)}>
            {logstores?.map((l) => (
              <option value={`${l.project}/${l.name}`}>
                {l.project}/{l.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("rangeFrom")}
          <input type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t("rangeTo")}
          <input type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="button" data-testid="rules-in-use" disabled={busy || !chosen} onClick={rulesInUse}>
          {t("rulesInUse")}
        </button>
      </div>
      {use && <RuleUseTable use={use} />}
      <h3>{t("draftTitle")}</h3>
      <p class="hint">{t("draftHint")}</p>
      <div class="row">
        <select value={pick} data-testid="draft-pick" aria-label={t("draftChoose")} onChange={(e) => setPick(e.currentTarget.value)}>
          <option value="">{t("draftChoose")}</option>
          {owners
            .filter((o) => !drafts.some((d) => d.id === o.id))
            .map((o) => (
              <option value={o.id}>{o.id}</option>
            ))}
        </select>
        <button
          type="button"
          data-testid="draft-add"
          disabled={!pick}
          onClick={() => {
            const o = owners.find((x) => x.id === pick)!;
            setDrafts([...drafts, { kind: o.kind, id: o.id, text: o.rules.map(formatRule).join("\n") }]);
            setPick("");
          }}
        >
          {t("draftEdit")}
        </button>
      </div>
      {drafts.map((d, k) => (
        <div class="draft" key={d.id}>
          <label for={`draft-${d.id}`} class="mono">
            {d.id}
          </label>
          <textarea
            id={`draft-${d.id}`}
            data-testid={`draft-${d.id}`}
            rows={Math.max(3, d.text.split("\n").length + 1)}
            class="mono wide"
            value={d.text}
            onInput={(e) => setDrafts(drafts.map((x, j) => (j === k ? { ...x, text: e.currentTarget.value } : x)))}
          />
        </div>
      ))}
      {drafts.length > 0 && (
        <div class="actions">
          <button type="button" class="primary" data-testid="replay" disabled={busy || !chosen} onClick={replay}>
            {t("replay")}
          </button>
          <button type="button" data-testid="draft-apply" disabled={busy} onClick={apply}>
            {t("draftApply")}
          </button>
          <button
            type="button"
            data-testid="draft-discard"
            onClick={() => {
              setDrafts([]);
              setAnswer(null);
            }}
          >
            {t("draftDiscard")}
          </button>
        </div>
      )}
      <p class="muted">{t("replayNote")}</p>
      <ErrorBox error={error} testId="whatif-error" />
      {answer && !answer.ok && (
        <ErrorBox error={answer.problems.map((p) => `${p.field}: ${problemText(p)}`).join("\n")} testId="whatif-error" />
      )}
      {answer?.ok && <WhatIfResult answer={answer} logstore={logstore} store={chosen} />}
    </section>
  );
}

function WhatIfResult(props: { answer: Extract<WhatIfAnswer, { ok: true }>; logstore: string; store: string }) {
  const a = props.answer;
  const [format, setFormat] = useState<ExportFormat>("jsonl");
  return (
    <div data-testid="whatif-result">
      <p role="status">{t("whatIfSummary", formatCount(a.replayed), formatCount(a.changed))}</p>
      <ul data-testid="whatif-changes">
        {a.changes.map((c) => (
          <li key={`${c.to}${c.from}${c.by}`}>
            {c.to === "REJECT"
              ? t("whatIfBlocks", c.by ?? "-", formatCount(c.records), c.from ?? "-")
              : t("whatIfAccepts", c.by ?? "-", formatCount(c.records), c.from ?? "-")}
          </li>
        ))}
      </ul>
      {a.records.length > 0 && (
        <>
          <table class="grid compact" data-testid="whatif-records">
            <thead>
              <tr>
                {["fieldStart", "fieldInterface", "fieldFlow", "whatIfBefore", "whatIfAfter"].map((k) => (
                  <th key={k}>{t(k)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {a.records.map((r, k) => (
                <tr key={k}>
                  <td>{formatTime(r.start)}</td>
                  <td class="mono">{r["interface-id"]}</td>
                  <td class="mono">
                    {r.direction ?? "-"} {r.protocol} {r.srcaddr}:{r.srcport} → {r.dstaddr}:{r.dstport}
                  </td>
                  <td class={r.before === "REJECT" ? "reject" : undefined}>
                    {r.before} <span class="muted mono">{r["before-rule"] ?? ""}</span>
                  </td>
                  <td class={r.after === "REJECT" ? "reject" : undefined}>
                    {r.after} <span class="muted mono">{r["after-rule"] ?? ""}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            data-testid="whatif-export"
            onClick={() => download("whatif.jsonl", `${a.records.map((r) => JSON.stringify(r)).join("\n")}\n`, "application/x-ndjson")}
          >
            {t("whatIfExport", formatCount(a.records.length))}
          </button>
          {/* Every changed record (not only those shown), in any format the Records page exports. */}
          <div class="row" data-testid="whatif-export-all">
            <span class="muted">{t("whatIfExportAll", formatCount(a.changed))}</span>
            <a href={recordsHash({ store: props.store, q: "", okOnly: false, result: a.resultId })} data-testid="whatif-open-records">
              {t("whatIfOpenRecords")}
            </a>
            <ExportControls resultId={a.resultId} logstore={`${props.logstore}-whatif`} format={format} onFormat={setFormat} />
          </div>
        </>
      )}
    </div>
  );
}

function RuleUseTable(props: { use: { rules: RuleUse[]; replayed: number } }) {
  const { rules, replayed } = props.use;
  return (
    <table class="grid compact" data-testid="rule-use">
      <caption>
        {t("ruleUseCaption", formatCount(replayed), rules.filter((r) => r.unused).length, rules.filter((r) => r["shadowed-by"]).length)}
      </caption>
      <thead>
        <tr>
          {["fieldRuleId", "rulePolicy", "fieldRecords", "fieldPackets", "fieldBytes", "ruleFirst", "ruleLast", "ruleState"].map((k) => (
            <th key={k}>{t(k)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rules.map((r) => (
          <tr key={r["rule-id"]} data-rule={r["rule-id"]}>
            <td class="mono">{r["rule-id"]}</td>
            <td class={r.policy === "drop" ? "reject" : undefined}>{r.policy}</td>
            <td>{formatCount(r.records)}</td>
            <td>{formatCount(r.packets)}</td>
            <td>{formatCount(r.bytes)}</td>
            <td>{r.first === null ? "" : formatTime(r.first)}</td>
            <td>{r.last === null ? "" : formatTime(r.last)}</td>
            <td>{r["shadowed-by"] ? t("ruleShadowed", r["shadowed-by"]) : r.unused ? t("ruleUnused") : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
