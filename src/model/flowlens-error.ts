// One error model across the product (docs/history.md #11): a stable code, the message in English
// and in Chinese (as the control plane's refusals carry both, problems.ts), and where it
// happened (file, byte offset, line, document path). The worker returns or throws these;
// a comlink handler (carryErrors) brings thrown ones across whole, so the page shows every
// refusal in the UI's language, not the English a plain Error's message would leave.
import type { TransferHandler } from "comlink";

export interface ErrorDetail {
  file: string;
  offset: number;
  line?: number;
  path?: string;
}

/** An error as data: what crosses the worker boundary in an import's result. */
export interface FlowLensErrorData {
  code: string;
  message: string;
  zh?: string;
  detail: ErrorDetail;
}

export class FlowLensError extends Error implements FlowLensErrorData {
  readonly detail: ErrorDetail;
  // Not an own property: an error equals one made with the same code and message, whatever language it also speaks.
  readonly #zh: string | undefined;
  get zh(): string | undefined {
    return this.#zh;
  }
  constructor(
    readonly code: string,
    message: string,
    zh?: string,
    detail: Partial<ErrorDetail> = {},
  ) {
    super(message);
    this.#zh = zh;
    this.name = "FlowLensError";
    this.detail = {
      file: detail.file ?? "",
      offset: detail.offset ?? 0,
      ...(detail.line !== undefined ? { line: detail.line } : {}),
      ...(detail.path !== undefined ? { path: detail.path } : {}),
    };
  }

  data(): FlowLensErrorData {
    return { code: this.code, message: this.message, ...(this.zh ? { zh: this.zh } : {}), detail: this.detail };
  }
}

/**
 * The engine's error as its API has always given it ({ code, message, detail }), with the
 * Chinese message beside it but not enumerable: it stays within the realm (the viewer's
 * worker, where the workspace calls the engine directly, and takes it with withZh), and a
 * structured clone to another caller leaves the data as it was.
 */
export function engineErrorData(e: FlowLensError): FlowLensErrorData {
  const d: FlowLensErrorData = { code: e.code, message: e.message, detail: e.detail };
  if (e.zh) Object.defineProperty(d, "zh", { value: e.zh, enumerable: false });
  return d;
}

/** Error data with its Chinese message, if any, as a plain field again (for the page). */
export const withZh = (d: FlowLensErrorData): FlowLensErrorData => (d.zh ? { ...d, zh: d.zh } : d);

/** Any thrown value as error data: a FlowLensError as it is, anything else under `fallback`. */
export function errorData(e: unknown, fallback = "error", where: Partial<ErrorDetail> = {}): FlowLensErrorData {
  if (e instanceof FlowLensError) return e.data();
  const code = typeof (e as { code?: unknown })?.code === "string" ? (e as { code: string }).code : fallback;
  return new FlowLensError(code, (e as Error)?.message ?? String(e), undefined, where).data();
}

/** The message in the UI's language: the Chinese one where there is one and it is asked for. */
export const errorMessage = (e: Pick<FlowLensErrorData, "message" | "zh">, chinese: boolean): string =>
  chinese && e.zh ? e.zh : e.message;

/** What a thrown error becomes on the wire: comlink's own form, with this model's fields beside its message. */
export interface CarriedError {
  message: string;
  name: string;
  stack?: string;
  code?: string;
  zh?: string;
  detail?: ErrorDetail;
  problems?: unknown;
}
type Thrown = { isError: true; value: CarriedError } | { isError: false; value: unknown };

/**
 * Comlink's "throw" handler, carrying a FlowLensError's code, Chinese message and detail
 * (and a control-plane refusal's problems) across, in comlink's own wire form; `rebuild`
 * makes the error on the receiving side (the page: its own classes). Both ends install it
 * over comlink's (`original`, whose test of what is thrown it keeps).
 */
export function carryErrors(
  original: TransferHandler<unknown, unknown>,
  rebuild: (c: CarriedError) => Error,
): TransferHandler<unknown, Thrown> {
  return {
    canHandle: (v): v is unknown => original.canHandle(v),
    serialize(thrown) {
      const value = (thrown as { value: unknown }).value;
      if (!(value instanceof Error)) return [{ isError: false, value }, []];
      const extra = value as Partial<FlowLensError> & { problems?: unknown };
      const carried: CarriedError = { message: value.message, name: value.name, stack: value.stack };
      if (typeof extra.code === "string") carried.code = extra.code;
      if (typeof extra.zh === "string") carried.zh = extra.zh;
      if (extra.detail) carried.detail = extra.detail;
      if (extra.problems !== undefined) carried.problems = extra.problems;
      return [{ isError: true, value: carried }, []];
    },
    deserialize(t) {
      throw t.isError ? rebuild(t.value) : t.value;
    },
  };
}

/** A carried error as a FlowLensError, keeping its name and stack. */
export function rebuildError(c: CarriedError): Error {
  const e = new FlowLensError(c.code ?? "error", c.message, c.zh, c.detail ?? {});
  e.name = c.name;
  if (c.stack) e.stack = c.stack;
  return e;
}
