// Refusals of the control plane: a stable code, the field (or document path) at fault,
// and the message in English and Chinese (the consoles FlowLens reproduces speak both).

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
export class ControlPlaneError extends Error {
  readonly code: string;
  readonly field: string;
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.field}: ${p.en}`).join("; "));
    this.name = "ControlPlaneError";
    this.code = problems[0]?.code ?? "unknown";
    this.field = problems[0]?.field ?? "";
  }
}

export function refuse(...problems: Problem[]): never {
  throw new ControlPlaneError(problems);
}
