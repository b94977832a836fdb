// @vitest-environment happy-dom
// The Inventory page with the control plane behind it (fake-indexeddb): an entity edited
// in its form, a delete asked before it happens, a single choice preselected, fields
// labelled and rules as a table, and an imported document merged into the network.
import "fake-indexeddb/auto";
import { render } from "preact";
import { act } from "preact/test-utils";
import { beforeEach, describe, expect, it } from "vitest";
import { type App, AppContext } from "../../src/ui/models/app";
import { InventoryPage, mergeDocuments } from "../../src/ui/pages/InventoryPage";
import { freshPlane, seed } from "../storage/fixture";
import { typeInto, until } from "./setup";

let plane: Awaited<ReturnType<typeof freshPlane>>;
let root: HTMLElement;

beforeEach(async () => {
  plane = await freshPlane();
  await seed(plane.cp);
  root = document.createElement("div");
  document.body.replaceChildren(root);
  const app: App = { cp: plane.cp, worker: {} as never, revision: 0, changed: () => {}, go: () => {} };
  act(() => render(<AppContext.Provider value={app}>{<InventoryPage />}</AppContext.Provider>, root));
  await until(() => root.querySelector('[data-kind="securityGroups"] tbody tr') !== null, "the inventory's tables");
});

const section = (kind: string) => root.querySelector(`[data-kind="${kind}"]`)!;
const button = (within: Element, label: string) =>
  [...within.querySelectorAll("button")].find(
    (b) => b.getAttribute("aria-label") === label || b.textContent === label,
  ) as HTMLButtonElement;

describe("the Inventory page", () => {
  it("edits an entity in its form, filled in, without changing its id", async () => {
    const vpcs = section("vpcs");
    const id = (await plane.cp.inventory()).vpcs[0].id;
    act(() => button(vpcs, `Edit ${id}`).click());
    const form = vpcs.querySelector("form")!;
    const name = form.querySelector("input") as HTMLInputElement;
    expect(name.value).toBe((await plane.cp.inventory()).vpcs[0].name);
    act(() => typeInto(name, "renamed"));
    act(() => {
      form.dispatchEvent(new Event("submit", { cancelable: true }));
    });
    await until(async () => (await plane.cp.inventory()).vpcs.find((v) => v.id === id)?.name === "renamed", "the renamed VPC");
    await until(() => vpcs.querySelector("form") === null, "the form closed");
  });

  it("asks before deleting, and deletes only once confirmed", async () => {
    const regions = section("regions");
    const before = (await plane.cp.inventory()).accounts.length;
    const accounts = section("accounts");
    const id = (await plane.cp.inventory()).accounts[0].id;
    act(() => button(accounts, `Delete ${id}`).click());
    const dialog = document.querySelector('[data-testid="confirm-delete-entity"]')!;
    expect(dialog.textContent).toContain(`Delete ${id}?`);
    act(() => button(dialog, "Cancel").click());
    expect(document.querySelector('[data-testid="confirm-delete-entity"]')).toBeNull();
    expect((await plane.cp.inventory()).accounts.length).toBe(before);
    // Confirmed: the control plane refuses (its VPCs refer to it), and says so at the table.
    act(() => button(accounts, `Delete ${id}`).click());
    act(() => button(document.querySelector('[data-testid="confirm-delete-entity"]')!, "Delete").click());
    await until(() => accounts.textContent!.includes(`${id} cannot be deleted while these refer to it`), "the refusal");
    expect((await plane.cp.inventory()).accounts.length).toBe(before);
    expect(regions.querySelector("tbody")).toBeTruthy();
  });

  it("labels each field and shows rules as a table", () => {
    const vpc = section("vpcs").querySelector("tbody tr")!;
    expect([...vpc.querySelectorAll("dt")].map((d) => d.textContent)).toContain("Region");
    const rules = section("securityGroups").querySelector(".rules-table");
    expect(rules?.querySelector("thead")?.textContent).toMatch(/Priority.*Direction.*Protocol/);
  });

  it("preselects a select that has one choice", () => {
    const vswitches = section("vswitches");
    act(() => (vswitches.querySelector(".toolbar button") as HTMLButtonElement).click());
    const select = vswitches.querySelector("form select") as HTMLSelectElement;
    expect(select.value).toBe("vpc-main");
  });
});

describe("merging an imported document", () => {
  it("adds the other's entities and replaces those with the same id", () => {
    const merged = mergeDocuments(
      {
        format: "flowlens-inventory",
        regions: [
          { id: "a", name: "A" },
          { id: "b", name: "B" },
        ],
        vpcs: [],
      },
      {
        regions: [
          { id: "b", name: "B2" },
          { id: "c", name: "C" },
        ],
      },
    ) as { regions: { id: string; name: string }[]; format: string };
    expect(merged.format).toBe("flowlens-inventory");
    expect(merged.regions).toEqual([
      { id: "a", name: "A" },
      { id: "b", name: "B2" },
      { id: "c", name: "C" },
    ]);
  });
});
