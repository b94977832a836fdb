// Refusals of the control plane: a stable code, the field (or document path) at fault,
// and the message in English and Chinese (the consoles FlowLens reproduces speak both).
import { type CarriedError, FlowLensError, rebuildError } from "./flowlens-error";

export interface Problem {
  code: string;
  /** The field, or for a document the path to it: `vswitches[2].cidr`. */
  field: string;
  en: string;
  zh: string;
}

export function problem(code: string, field: string, en: string, zh: string): Problem {
  return { code, field, en, zh };
}

/** Thrown when a change is refused; nothing was written. */
export class ControlPlaneError extends FlowLensError {
  readonly field: string;
  constructor(readonly problems: Problem[]) {
    super(
      problems[0]?.code ?? "unknown",
      problems.map((p) => `${p.field}: ${p.en}`).join("; "),
      problems.map((p) => `${p.field}: ${p.zh}`).join("；"),
      { path: problems[0]?.field ?? "" },
    );
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
