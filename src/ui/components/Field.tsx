// A labelled form control with its error below it (announced to screen readers).
import type { ComponentChildren } from "preact";

let nextId = 0;

export function Field(props: {
  label: string;
  error?: string | null;
  children: (id: string, describedBy?: string) => ComponentChildren;
  hint?: string;
}) {
  const id = `f${++nextId}`;
  const errId = props.error ? `${id}-error` : undefined;
  return (
    <div class={props.error ? "field invalid" : "field"}>
      <label for={id}>{props.label}</label>
      {props.children(id, errId)}
      {props.hint && !props.error && <div class="hint">{props.hint}</div>}
      {props.error && (
        <div class="error" id={errId} role="alert">
          {props.error}
        </div>
      )}
    </div>
  );
}

export function ErrorBox(props: { error: string | null | undefined; testId?: string }) {
  if (!props.error) return null;
  return (
    <div class="error-box" role="alert" data-testid={props.testId}>
      {props.error}
    </div>
  );
}
