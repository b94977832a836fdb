// @vitest-environment happy-dom
// The records table: only the rows in view exist, at any size, and keys move the selection.
import { render } from "preact";
import { act } from "preact/test-utils";
import { describe, expect, it } from "vitest";
import { type Column, ROW_HEIGHT, VirtualTable } from "../../src/ui/components/VirtualTable";
import "./setup";

const columns: Column<number>[] = [{ key: "n", label: "n", width: 100, render: (n) => `row ${n}` }];

function mount(total: number) {
  const root = document.createElement("div");
  document.body.append(root);
  const seen: [number, number][] = [];
  let selected: number | null = null;
  const draw = () =>
    render(
      <VirtualTable
        total={total}
        columns={columns}
        rowAt={(i) => i}
        onView={(a, b) => seen.push([a, b])}
        selected={selected}
        onSelect={(i) => {
          selected = i;
          draw();
        }}
        label="records"
        height={260}
      />,
      root,
    );
  act(draw);
  const scroller = root.querySelector(".vscroll") as HTMLElement;
  const rows = () => [...root.querySelectorAll('[role="row"][data-row]')].map((r) => r.textContent);
  const scrollTo = (px: number) =>
    act(() => {
      scroller.scrollTop = px;
      scroller.dispatchEvent(new Event("scroll"));
    });
  return { root, rows, scrollTo, seen, scroller, selected: () => selected };
}

describe("VirtualTable", () => {
  it("renders only the rows in view of a million", () => {
    const t = mount(1_000_000);
    expect(t.rows()).toEqual(Array.from({ length: 11 }, (_, i) => `row ${i}`));
    expect(t.root.querySelector('[role="grid"]')!.getAttribute("aria-rowcount")).toBe("1000001");
    expect(t.seen.at(-1)).toEqual([0, 10]);
  });

  it("shows the rows a scroll position stands for", () => {
    const t = mount(100_000);
    t.scrollTo(500 * ROW_HEIGHT);
    expect(t.rows()[0]).toBe("row 500");
    expect(t.seen.at(-1)).toEqual([500, 510]);
  });

  it("caps the scroll height past the browsers' limit and still reaches the last of 10 million rows", () => {
    const t = mount(10_000_000);
    const spacer = t.scroller.firstElementChild as HTMLElement;
    expect(spacer.style.height).toBe("8000000px");
    t.scrollTo(8_000_000 - 260);
    expect(t.rows().at(-1)).toBe("row 9999999");
    t.scrollTo(4_000_000 - 130);
    const middle = Number(t.rows()[0]!.slice(4));
    expect(Math.abs(middle - 5_000_000)).toBeLessThan(20);
  });

  it("moves the selection with the arrow keys, Home and End", () => {
    const t = mount(1000);
    const grid = t.root.querySelector('[role="grid"]')!;
    const key = (k: string) =>
      act(() => {
        grid.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true }));
      });
    key("ArrowDown");
    expect(t.selected()).toBe(0);
    key("ArrowDown");
    key("ArrowDown");
    expect(t.selected()).toBe(2);
    key("End");
    expect(t.selected()).toBe(999);
    expect(t.rows()).toContain("row 999");
    key("Home");
    expect(t.selected()).toBe(0);
  });
});
