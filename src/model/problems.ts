// Refusals of the control plane: a stable code, the field (or document path) at fault, and
// what is wrong as a text (text.ts), which the viewer renders in the UI's language.
import { english } from "./english";
import { type CarriedError, FlowLensError, rebuildError } from "./flowlens-error";
import type { Text } from "./text";

export interface Problem {
  code: string;
  /** The field, or for a document the path to it: `vswitches[2].cidr`. */
  field: string;
  text: Text;
}

export function problem(code: string, field: string, text: Text): Problem {
  return { code, field, text };
}

/** Thrown when a change is refused; nothing was written. */
export class ControlPlaneError extends FlowLensError {
  readonly field: string;
  constructor(readonly problems: Problem[]) {
    super(problems[0]?.code ?? "unknown", problems.map((p) => `${p.field}: ${english(p.text)}`).join("; "), {
      path: problems[0]?.field ?? "",
    });
    this.name = "ControlPlaneError";
    this.field = problems[0]?.field ?? "";
  }
}

/** The page's side of carryErrors: a refusal comes back as a ControlPlaneError, anything else as a FlowLensError. */
export const rebuildPageError = (c: CarriedError): Error =>
  Array.isArray(c.problems) ? new ControlPlaneError(c.problems as Problem[]) : rebuildError(c);

export function refuse(...problems: Problem[]): never {
  throw new ControlPlaneError(problems);
}
