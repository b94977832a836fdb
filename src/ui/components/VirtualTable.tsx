// A table over any number of rows that renders only the rows in view. Past a few
// million pixels browsers stop growing an element, so the scroll range is capped and
// scrolled proportionally: the first visible row is always scrollTop scaled to the rows.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

export const ROW_HEIGHT = 26;
const MAX_SCROLL_PX = 8_000_000;

export interface Column<R> {
  key: string;
  label: string;
  width: number;
  render: (row: R) => ComponentChildren;
  /** The whole value as text, shown on hover where the cell cuts it short (an IPv6 address). */
  text?: (row: R) => string;
  /** Kept in view at the right edge however far the grid scrolls sideways (log-status). */
  pinned?: boolean;
  /** False for a column the result cannot be ordered by (the logstore of a cross-logstore row). */
  sortable?: boolean;
}

export interface VirtualTableProps<R> {
  total: number;
  columns: Column<R>[];
  rowAt: (i: number) => R | undefined;
  /** Rows first..last are in view (load them). */
  onView: (first: number, last: number) => void;
  selected: number | null;
  onSelect: (i: number) => void;
  label: string;
  height?: number;
  /** The column the rows are ordered by, if any; clicking a header asks for its order. */
  sort?: { column: string; descending: boolean };
  onSort?: (column: string) => void;
  /** A cell's context menu (right click, or the menu key on the selected row's first cell). */
  onCellMenu?: (row: R, column: Column<R>, at: { x: number; y: number }) => void;
  /** The accessible name of a column's resize handle. */
  resizeLabel?: (label: string) => string;
}

export function VirtualTable<R>(props: VirtualTableProps<R>) {
  const { total, columns } = props;
  const height = props.height ?? 480;
  const ref = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const full = total * ROW_HEIGHT;
  const spacer = Math.min(full, MAX_SCROLL_PX);
  const factor = spacer > height ? (full - height) / (spacer - height) : 1;
  const first = Math.min(Math.max(0, total - 1), Math.floor((scrollTop * factor) / ROW_HEIGHT));
  const count = Math.ceil(height / ROW_HEIGHT) + 1;
  const last = Math.min(total - 1, first + count - 1);
  const top = scrollTop - ((scrollTop * factor) % ROW_HEIGHT);

  useEffect(() => {
    if (total) props.onView(first, last);
  }, [first, last, total]);
  useEffect(() => {
    if (ref.current) ref.current.scrollTop = 0;
    setScrollTop(0);
  }, [total]);

  /** Scrolls so that row i is in view (keyboard moves). */
  function reveal(i: number) {
    const el = ref.current;
    if (!el) return;
    if (i < first || i >= first + count - 2) {
      el.scrollTop = Math.max(0, ((i - (i < first ? 0 : count - 3)) * ROW_HEIGHT) / factor);
      setScrollTop(el.scrollTop); // the scroll event comes later (or, in some engines, not for a script's scroll)
    }
  }

  function onKey(e: KeyboardEvent) {
    const cur = props.selected ?? first - 1;
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: count - 2, PageUp: -(count - 2) }[e.key];
    if (step === undefined && e.key !== "Home" && e.key !== "End") return;
    e.preventDefault();
    const next = e.key === "Home" ? 0 : e.key === "End" ? total - 1 : Math.max(0, Math.min(total - 1, cur + step!));
    props.onSelect(next);
    reveal(next);
  }

  const [resized, setResized] = useState<Record<string, number>>({});
  const widthOf = (c: Column<R>) => resized[c.key] ?? c.width;
  const widths = columns.map((c) => `${widthOf(c)}px`).join(" ");
  const totalWidth = columns.reduce((s, c) => s + widthOf(c), 0);
  const resize = (c: Column<R>, w: number) => setResized((r) => ({ ...r, [c.key]: Math.max(40, Math.min(800, Math.round(w))) }));
  const rows: ComponentChildren[] = [];
  for (let i = first; i <= last; i++) {
    const r = props.rowAt(i);
    rows.push(
      // biome-ignore lint/a11y/useKeyWithClickEvents: the grid takes the keys (arrows select rows), its rows the clicks
      // biome-ignore lint/a11y/useFocusableInteractive: the grid is the one tab stop, rows are selected inside it
      <div
        role="row"
        aria-rowindex={i + 2}
        aria-selected={i === props.selected}
        class={i === props.selected ? "vrow selected" : "vrow"}
        style={{ gridTemplateColumns: widths, height: `${ROW_HEIGHT}px` }}
        onClick={() => props.onSelect(i)}
        key={i}
        data-row={i}
      >
        {columns.map((c) => (
          // biome-ignore lint/a11y/useFocusableInteractive: the grid is the one tab stop
          <div
            role="gridcell"
            class={c.pinned ? "vcell pinned" : "vcell"}
            title={r !== undefined ? c.text?.(r) : undefined}
            onContextMenu={(e) => {
              if (r === undefined || !props.onCellMenu) return;
              e.preventDefault();
              props.onSelect(i);
              props.onCellMenu(r, c, { x: e.clientX, y: e.clientY });
            }}
          >
            {r !== undefined ? c.render(r) : i === first ? "…" : ""}
          </div>
        ))}
      </div>,
    );
  }
  return (
    <div class="vtable" role="grid" aria-label={props.label} aria-rowcount={total + 1} onKeyDown={onKey} data-testid="records-table">
      {/* The header scrolls sideways with the rows (their scroll sets its scrollLeft): one scrollport, so a pinned column sticks. */}
      <div class="vhead-wrap" role="rowgroup" ref={headRef}>
        {/* biome-ignore lint/a11y/useFocusableInteractive: the grid is the one tab stop */}
        <div role="row" aria-rowindex={1} class="vrow vhead" style={{ gridTemplateColumns: widths, width: `${totalWidth}px` }}>
          {columns.map((c) => (
            // biome-ignore lint/a11y/useFocusableInteractive: the grid is the one tab stop
            <div
              role="columnheader"
              class={c.pinned ? "vcell pinned" : "vcell"}
              aria-sort={props.sort?.column === c.key ? (props.sort.descending ? "descending" : "ascending") : "none"}
            >
              {props.onSort && c.sortable !== false ? (
                <button type="button" class="sort" onClick={() => props.onSort!(c.key)}>
                  {c.label}
                  <span aria-hidden="true">{props.sort?.column === c.key ? (props.sort.descending ? " ▼" : " ▲") : ""}</span>
                </button>
              ) : (
                c.label
              )}
              {props.resizeLabel && <ResizeHandle label={props.resizeLabel(c.label)} width={widthOf(c)} onWidth={(w) => resize(c, w)} />}
            </div>
          ))}
        </div>
      </div>
      <div
        class="vscroll"
        role="rowgroup"
        ref={ref}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus (axe): the rows are the grid's one tab stop
        tabIndex={0}
        style={{ height: `${height}px` }}
        onScroll={(e) => {
          setScrollTop(e.currentTarget.scrollTop);
          if (headRef.current) headRef.current.scrollLeft = e.currentTarget.scrollLeft;
        }}
      >
        <div style={{ height: `${spacer}px`, width: `${totalWidth}px`, position: "relative" }}>
          <div style={{ position: "absolute", top: `${top}px`, left: 0, right: 0 }}>{rows}</div>
        </div>
      </div>
    </div>
  );
}

/** A column's right edge: dragged (or moved with the arrow keys) it sets the column's width. */
function ResizeHandle(props: { label: string; width: number; onWidth: (w: number) => void }) {
  return (
    <span
      class="resize"
      role="separator"
      aria-orientation="vertical"
      aria-label={props.label}
      aria-valuenow={props.width}
      aria-valuemin={40}
      aria-valuemax={800}
      tabIndex={0}
      onPointerDown={(e) => {
        e.preventDefault();
        const x0 = e.clientX,
          w0 = props.width;
        const move = (m: PointerEvent) => props.onWidth(w0 + m.clientX - x0);
        const up = () => {
          removeEventListener("pointermove", move);
          removeEventListener("pointerup", up);
        };
        addEventListener("pointermove", move);
        addEventListener("pointerup", up);
      }}
      onKeyDown={(e) => {
        const d = e.key === "ArrowLeft" ? -10 : e.key === "ArrowRight" ? 10 : 0;
        if (!d) return;
        e.preventDefault();
        e.stopPropagation();
        props.onWidth(props.width + d);
      }}
    />
  );
}
