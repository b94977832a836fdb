// The Flow logs page's model over a real control plane (fake-indexeddb), without a DOM: the
// list and the Create dialog's context, disable and enable, an edit refused at its field
// and then saved, delete only through the confirmation, the quota; each change told.
import { describe, expect, it } from "vitest";
import { createFlowLogsModel } from "../../src/ui/models/flow-logs";
import { freshPlane, seed, WEB_FLOW_LOG } from "../storage/fixture";

async function withFlowLog() {
  const { cp } = await freshPlane();
  await seed(cp);
  const f = await cp.createFlowLog(WEB_FLOW_LOG);
  let changes = 0;
  const model = createFlowLogsModel({ cp, changed: () => changes++ });
  await model.load();
  return { cp, f, model, changes: () => changes };
}

describe("the Flow logs page's model", () => {
  it("lists the flow logs with what the Create dialog checks against", async () => {
    const { model, f } = await withFlowLog();
    const data = model.state().data!;
    expect(data.flowLogs.map((x) => x.id)).toEqual([f.id]);
    expect(data.context.quotaPerRegion).toBe(10);
    expect(data.context.logstores.map((l) => l.name)).toEqual(["vpc-flowlog"]);
  });

  it("disables and enables, each change told", async () => {
    const { cp, model, f, changes } = await withFlowLog();
    await model.setStatus(f.id, "Inactive");
    expect((await cp.flowLogs())[0].status).toBe("Inactive");
    await model.setStatus(f.id, "Active");
    expect((await cp.flowLogs())[0].status).toBe("Active");
    expect(changes()).toBe(2);
  });

  it("keeps an edit the control plane refuses open with its problem at the field, then saves it", async () => {
    const { cp, model, f } = await withFlowLog();
    const row = model.state().data!.flowLogs[0];
    model.open({ kind: "edit", flowLog: row });
    await model.saveEdit(f.id, { name: "", description: "" });
    expect(model.state().dialog?.kind).toBe("edit");
    expect(model.state().editProblems?.problems.map((p) => p.field)).toContain("name");
    await model.saveEdit(f.id, { name: "web-renamed", description: "the web tier" });
    expect(model.state()).toMatchObject({ dialog: null, editProblems: null });
    expect((await cp.flowLogs())[0]).toMatchObject({ name: "web-renamed", description: "the web tier" });
  });

  it("deletes only the flow log its confirmation names, and a failed action keeps its error", async () => {
    const { cp, model, f } = await withFlowLog();
    await model.confirmDelete(); // no confirmation open: nothing happens
    expect(await cp.flowLogs()).toHaveLength(1);
    model.open({ kind: "delete", flowLog: model.state().data!.flowLogs[0] });
    await model.confirmDelete();
    expect(model.state().dialog).toBeNull();
    expect(await cp.flowLogs()).toEqual([]);
    await model.setStatus(f.id, "Inactive");
    expect(model.state().error).toBeTruthy();
  });

  it("sets the quota, and refuses one that is not a positive whole number", async () => {
    const { cp, model } = await withFlowLog();
    await model.setQuota(25);
    expect(await cp.flowLogQuota()).toBe(25);
    await model.setQuota(0);
    expect(model.state().error).toBeTruthy();
    expect(await cp.flowLogQuota()).toBe(25);
  });
});
