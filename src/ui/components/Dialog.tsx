// A modal dialog: labelled, focus moved into it and kept there (Tab and Shift+Tab wrap
// round its controls), Escape closes it, and focus goes back to what had it before.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex="0"]';

export function Dialog(props: { title: string; onClose: () => void; children: ComponentChildren; testId?: string; wide?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>("input, select, textarea, button");
    first?.focus();
    return () => before?.focus?.();
  }, []);
  function onKeyDown(e: KeyboardEvent) {
    if (e.key === "Escape") return props.onClose();
    if (e.key !== "Tab" || !ref.current) return;
    const all = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (!all.length) return;
    const at = all.indexOf(document.activeElement as HTMLElement);
    const next = e.shiftKey ? (at <= 0 ? all.length - 1 : at - 1) : at === all.length - 1 ? 0 : at + 1;
    e.preventDefault();
    all[next].focus();
  }
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click outside the dialog closes it, as Escape does from the keyboard
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape (the dialog's onKeyDown) is the keyboard's way out
    <div class="backdrop" onClick={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        class={props.wide ? "dialog wide" : "dialog"}
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        ref={ref}
        data-testid={props.testId}
        onKeyDown={onKeyDown}
      >
        <h2>{props.title}</h2>
        {props.children}
      </div>
    </div>
  );
}
