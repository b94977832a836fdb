// @vitest-environment happy-dom
// The forms with the control plane behind them (fake-indexeddb): errors at their fields
// as the user types and on save, and a refused save writes nothing.
import "fake-indexeddb/auto";
import { render } from "preact";
import { act } from "preact/test-utils";
import { beforeEach, describe, expect, it } from "vitest";
import { type App, AppContext } from "../../src/ui/models/app";
import { FlowLogDialog } from "../../src/ui/pages/FlowLogDialog";
import { InventoryPage } from "../../src/ui/pages/InventoryPage";
import { draftRules, parseRuleLine } from "../../src/ui/pages/inventory-forms";
import { freshPlane, seed } from "../storage/fixture";
import { choose, errorAt, settle, typeInto } from "./setup";

let plane: Awaited<ReturnType<typeof freshPlane>>;
let root: HTMLElement;
let closed: boolean;

function mount(node: preact.ComponentChildren) {
  const app: App = { cp: plane.cp, worker: { stats: async () => [] } as never, revision: 0, changed: () => {}, go: () => {} };
  act(() => render(<AppContext.Provider value={app}>{node}</AppContext.Provider>, root));
}

beforeEach(async () => {
  plane = await freshPlane();
  root = document.createElement("div");
  document.body.replaceChildren(root);
  closed = false;
});

async function context() {
  const cp = plane.cp;
  return {
    inventory: await cp.inventory(),
    projects: await cp.projects(),
    logstores: await cp.logstores(),
    flowLogs: await cp.flowLogs(),
    quotaPerRegion: await cp.flowLogQuota(),
  };
}

describe("Create flow log dialog", () => {
  it("shows a rule's error at its field as the user types, and clears it when fixed", async () => {
    await seed(plane.cp);
    mount(<FlowLogDialog context={await context()} onClose={() => (closed = true)} />);
    const name = root.querySelector("input")!;
    act(() => typeInto(name, "1web"));
    expect(errorAt(root, "Name")).toBe(
      "the name must start with a letter or a Chinese character and contain only letters, digits, - and _",
    );
    act(() => typeInto(name, "web-flows"));
    expect(errorAt(root, "Name")).toBeNull();
    expect(errorAt(root, "Resource")).toBeNull();
  });

  it("with every field wrong, shows each error at its field on save and writes nothing", async () => {
    mount(<FlowLogDialog context={await context()} onClose={() => (closed = true)} />);
    act(() => typeInto(root.querySelector("input"), "x"));
    act(() => typeInto(root.querySelector("textarea"), "http://example.com"));
    act(() => {
      (root.querySelector("form") as HTMLFormElement).dispatchEvent(new Event("submit", { cancelable: true }));
    });
    await settle();
    expect(errorAt(root, "Name")).toMatch(/^the name has 1 characters; it needs 2/);
    expect(errorAt(root, "Description")).toMatch(/http/);
    // Nothing to choose from (docs/history.md #12: not "region  does not exist"): what to do, at each field and above them.
    expect(errorAt(root, "Region")).toBe("choose a region (the network has none yet: import a capture or add one on the Inventory page)");
    expect(errorAt(root, "Resource")).toBe("choose a VPC to cover");
    expect(errorAt(root, "Project")).toBe("choose a project and logstore (create them on the Flow logs page)");
    expect(root.querySelector('[data-testid="no-network"]')?.textContent).toMatch(/^There is no network yet: .*Import · Inventory$/);
    expect(closed).toBe(false);
    expect(await plane.cp.flowLogs()).toEqual([]);
  });

  it("creates the flow log when every rule holds", async () => {
    await seed(plane.cp);
    mount(<FlowLogDialog context={await context()} onClose={() => (closed = true)} />);
    act(() => typeInto(root.querySelector("input"), "web-flows"));
    act(() => {
      (root.querySelector("form") as HTMLFormElement).dispatchEvent(new Event("submit", { cancelable: true }));
    });
    await settle(50);
    expect(closed).toBe(true);
    expect((await plane.cp.flowLogs()).map((f) => [f.name, f.resourceId, f.project, f.logstore])).toEqual([
      ["web-flows", "vpc-main", "flowlens-demo", "vpc-flowlog"],
    ]);
  });
});

describe("Inventory forms", () => {
  /** The seeded network's Inventory page, the Add form of `kind` open, named "db" in vpc-main. */
  async function openAddForm(kind: string): Promise<HTMLFormElement> {
    await seed(plane.cp);
    mount(<InventoryPage />);
    await settle(50);
    const section = root.querySelector(`[data-kind="${kind}"]`)!;
    act(() => (section.querySelector(".toolbar button") as HTMLButtonElement).click());
    const form = section.querySelector("form")!;
    act(() => typeInto(form.querySelector("input"), "db"));
    act(() => choose(form.querySelector("select"), "vpc-main"));
    return form;
  }
  async function submit(form: HTMLFormElement) {
    act(() => {
      form.dispatchEvent(new Event("submit", { cancelable: true }));
    });
    await settle(50);
  }

  it("shows the control plane's refusal at the field it names", async () => {
    const form = await openAddForm("vswitches");
    act(() => typeInto(form.querySelectorAll("input")[2], "192.168.0.0/24"));
    await submit(form);
    expect(errorAt(form, "IPv4 CIDR block")).toMatch(/192\.168\.0\.0\/24/);
    expect((await plane.cp.inventory()).vswitches.map((v) => v.id)).toEqual(["vsw-web"]);
  });

  it("adds a security group with its rules, the defaults preset", async () => {
    const form = await openAddForm("securityGroups");
    act(() => typeInto(form.querySelector("textarea"), "1 in tcp 3306-3306 10.0.1.0/24 accept mysql\n\n2 in all - 0.0.0.0/0 drop"));
    await submit(form);
    const added = (await plane.cp.inventory()).securityGroups.find((g) => g.name === "db")!;
    expect(added).toMatchObject({ vpcId: "vpc-main", dialect: "alibaba", defaultInbound: "drop", defaultOutbound: "accept" });
    expect(added.rules).toEqual([
      { id: "mysql", priority: 1, direction: "in", protocol: "tcp", ports: [3306, 3306], peer: "10.0.1.0/24", policy: "accept" },
      { id: "rule-3", priority: 2, direction: "in", protocol: "all", peer: "0.0.0.0/0", policy: "drop" },
    ]);
  });

  it("reads a draft's rules, leaving out blank lines and the rules switched off with #", () => {
    const text = "1 in tcp 22-22 10.0.0.0/8 accept ssh\n\n# 2 in icmp - 0.0.0.0/0 drop deny-ping\n  3 out all - 0.0.0.0/0 accept out";
    expect(draftRules(text).map((r) => r.id)).toEqual(["ssh", "out"]);
    // A bad line is named by its line in the draft, switched-off lines counted.
    expect(() => draftRules("# 1 in tcp 22 0.0.0.0/0 accept\n1 sideways tcp 22 0.0.0.0/0 accept")).toThrow(
      'rule line 2: direction "sideways" is not in or out',
    );
  });

  it("reads a rule line, and says what is wrong with a bad one", () => {
    expect(parseRuleLine("1 in tcp 22-25 10.0.0.0/8 accept ssh", 1)).toEqual({
      id: "ssh",
      priority: 1,
      direction: "in",
      protocol: "tcp",
      ports: [22, 25],
      peer: "10.0.0.0/8",
      policy: "accept",
    });
    expect(parseRuleLine("5 out 47 - 0.0.0.0/0 drop", 3)).toEqual({
      id: "rule-3",
      priority: 5,
      direction: "out",
      protocol: 47,
      peer: "0.0.0.0/0",
      policy: "drop",
    });
    expect(() => parseRuleLine("1 sideways tcp 22 0.0.0.0/0 accept", 2)).toThrow('rule line 2: direction "sideways" is not in or out');
    expect(() => parseRuleLine("1 in tcp", 4)).toThrow(
      'rule line 4: "1 in tcp" has 3 of 6 values: priority direction protocol ports peer policy [id]',
    );
  });
});
