// One error model across the product (docs/history.md #11): a stable code, what happened as
// a text (text.ts: a message key and its values, which the viewer renders in its language
// and `message` holds in English), and where it happened (file, byte offset, line, document
// path). The worker returns or throws these; a comlink handler (carryErrors) brings thrown
// ones across whole, so the page shows every refusal in the UI's language.
import type { TransferHandler } from "comlink";
import { english } from "./english";
import { isText, type Text, text } from "./text";

export interface ErrorDetail {
  file: string;
  offset: number;
  line?: number;
  path?: string;
}

/** An error as data: what crosses the worker boundary in an import's result. */
export interface FlowLensErrorData {
  code: string;
  /** In English. */
  message: string;
  /** The same, to render in the UI's language; absent where the message has no catalogue entry (a library's own error). */
  text?: Text;
  detail: ErrorDetail;
}

export class FlowLensError extends Error implements FlowLensErrorData {
  readonly detail: ErrorDetail;
  // Not an own property: an error equals one made with the same code and message, whatever language it also speaks.
  readonly #text: Text | undefined;
  get text(): Text | undefined {
    return this.#text;
  }
  constructor(
    readonly code: string,
    message: Text | string,
    detail: Partial<ErrorDetail> = {},
  ) {
    super(typeof message === "string" ? message : english(message));
    this.#text = typeof message === "string" ? undefined : message;
    this.name = "FlowLensError";
    this.detail = {
      file: detail.file ?? "",
      offset: detail.offset ?? 0,
      ...(detail.line !== undefined ? { line: detail.line } : {}),
      ...(detail.path !== undefined ? { path: detail.path } : {}),
    };
  }

  data(): FlowLensErrorData {
    return { code: this.code, message: this.message, ...(this.text ? { text: this.text } : {}), detail: this.detail };
  }
}

/** What an error says, as a text (a message with no catalogue entry is shown verbatim, in every language). */
export const errorAsText = (e: Pick<FlowLensErrorData, "message" | "text">): Text => e.text ?? text("verbatim", e.message);

/**
 * The engine's error as its API has always given it ({ code, message, detail }), with the
 * text beside it but not enumerable: it stays within the realm (the viewer's worker, where
 * the workspace calls the engine directly, and takes it with withText), and a structured
 * clone to another caller leaves the data as it was.
 */
export function engineErrorData(e: FlowLensError): FlowLensErrorData {
  const d: FlowLensErrorData = { code: e.code, message: e.message, detail: e.detail };
  if (e.text) Object.defineProperty(d, "text", { value: e.text, enumerable: false });
  return d;
}

/** Error data with its text, if any, as a plain field again (for the page). */
export const withText = (d: FlowLensErrorData): FlowLensErrorData => (d.text ? { ...d, text: d.text } : d);

/** Any thrown value as error data: a FlowLensError as it is, anything else under `fallback`. */
export function errorData(e: unknown, fallback = "error", where: Partial<ErrorDetail> = {}): FlowLensErrorData {
  if (e instanceof FlowLensError) return e.data();
  const code = typeof (e as { code?: unknown })?.code === "string" ? (e as { code: string }).code : fallback;
  return new FlowLensError(code, (e as Error)?.message ?? String(e), where).data();
}

/** What a thrown error becomes on the wire: comlink's own form, with this model's fields beside its message. */
export interface CarriedError {
  message: string;
  name: string;
  stack?: string;
  code?: string;
  text?: Text;
  detail?: ErrorDetail;
  problems?: unknown;
}
type Thrown = { isError: true; value: CarriedError } | { isError: false; value: unknown };

/**
 * Comlink's "throw" handler, carrying a FlowLensError's code, text and detail
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
      if (isText(extra.text)) carried.text = extra.text;
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
  const e = new FlowLensError(c.code ?? "error", c.text ?? c.message, c.detail ?? {});
  e.name = c.name;
  if (c.stack) e.stack = c.stack;
  return e;
}
