// A records cell's context menu, as the consoles' and Wireshark's: Filter and Exclude on
// the cell's value, and Copy it. Escape, a choice or a click elsewhere closes it; focus
// starts on its first item.
import { useEffect, useRef } from "preact/hooks";
import { resolveField } from "../../query/fields";
import { t } from "../i18n";

export interface CellMenuAt {
  field: string;
  value: string;
  x: number;
  y: number;
}

export function CellMenu(props: {
  at: CellMenuAt;
  onPivot: (field: string, value: string, exclude: boolean) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const field = resolveField(props.at.field);
  useEffect(() => {
    ref.current?.querySelector("button")?.focus();
    const away = (e: PointerEvent) => !ref.current?.contains(e.target as Node) && props.onClose();
    addEventListener("pointerdown", away);
    return () => removeEventListener("pointerdown", away);
  }, []);
  const choose = (f: () => void) => () => {
    f();
    props.onClose();
  };
  return (
    <div
      class="cell-menu"
      role="menu"
      ref={ref}
      aria-label={props.at.value}
      style={{ left: `${props.at.x}px`, top: `${props.at.y}px` }}
      data-testid="cell-menu"
      onKeyDown={(e) => e.key === "Escape" && props.onClose()}
    >
      {field && props.at.value !== "-" && (
        <>
          <button type="button" role="menuitem" onClick={choose(() => props.onPivot(field, props.at.value, false))}>
            {t("filterBy", field, props.at.value)}
          </button>
          <button type="button" role="menuitem" onClick={choose(() => props.onPivot(field, props.at.value, true))}>
            {t("excludeBy", field, props.at.value)}
          </button>
        </>
      )}
      <button type="button" role="menuitem" onClick={choose(() => void navigator.clipboard?.writeText(props.at.value))}>
        {t("copyValue")}
      </button>
    </div>
  );
}
