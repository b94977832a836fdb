// Saved and recent searches in the control plane's IndexedDB (fake-indexeddb): named per
// logstore, refused with their field, kept across a reopened database.
import { describe, expect, it } from "vitest";
import { english } from "../support/catalogues";
import { freshPlane, refusal } from "./fixture";

describe("saved searches", () => {
  it("are kept per logstore by name, refused when the name is taken or bad, and deleted", async () => {
    const { cp } = await freshPlane();
    await cp.saveSearch({ name: "rejected ssh", store: "lab/flows", q: "action: REJECT and dstport: 22" });
    await cp.saveSearch({ name: "dns", store: "lab/flows", q: "dstport: 53" });
    await cp.saveSearch({ name: "dns", store: "lab/other", q: "dstport: 53 and protocol: 17" });
    expect((await cp.savedSearches("lab/flows")).map((s) => [s.name, s.q])).toEqual([
      ["dns", "dstport: 53"],
      ["rejected ssh", "action: REJECT and dstport: 22"],
    ]);
    const taken = await refusal(cp.saveSearch({ name: "dns", store: "lab/flows", q: "x" }));
    expect([taken.code, english(taken.problems[0].text)]).toEqual(["search.exists", "lab/flows already has a saved search named dns"]);
    const bad = await refusal(cp.saveSearch({ name: " ", store: "lab/flows", q: "x" }));
    expect([bad.code, bad.field]).toEqual(["search.bad-name", "name"]);
    await cp.saveSearch({ name: "dns", store: "lab/flows", q: "dstport: 53 or dstport: 5353" }, true);
    expect((await cp.savedSearches("lab/flows")).find((s) => s.name === "dns")?.q).toBe("dstport: 53 or dstport: 5353");
    await cp.deleteSavedSearch("lab/flows", "dns");
    expect((await cp.savedSearches()).map((s) => `${s.store} ${s.name}`)).toEqual(["lab/other dns", "lab/flows rejected ssh"]);
  });

  it("remember the recent searches, newest first, once each, at most ten", async () => {
    const { cp } = await freshPlane();
    for (let i = 0; i < 12; i++) await cp.rememberSearch("lab/flows", `dstport: ${i}`);
    await cp.rememberSearch("lab/flows", "dstport: 5");
    await cp.rememberSearch("lab/flows", "  ");
    const recent = (await cp.recentSearches("lab/flows")).map((r) => r.q);
    expect(recent).toHaveLength(10);
    expect(recent.slice(0, 3)).toEqual(["dstport: 5", "dstport: 11", "dstport: 10"]);
    expect(recent.filter((q) => q === "dstport: 5")).toHaveLength(1);
  });
});
