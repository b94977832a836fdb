// Visible strings by key, in the browser's language: the extension's _locales/ through
// the platform in the pages, a messages.json read directly in tests. `{0}`, `{1}` mark
// where values go (the i18n API's own `$1` substitutions need a declaration per message).
import { type Lookup, renderText, type Text } from "../model/text";

export type Messages = Record<string, { message: string }>;

let lookup: Lookup = (key) => key;
let language = "en";

export function setMessages(source: Lookup, uiLanguage: string): void {
  lookup = source;
  language = uiLanguage;
}

export const fromMessages =
  (m: Messages): Lookup =>
  (key) =>
    m[key]?.message ?? "";

/** The message for `key` with its `{n}` filled in; the key itself when it is missing. */
export const t = (key: string, ...values: (string | number)[]): string => renderText({ key, values }, lookup);

/** A text of the model, storage or engine (model/text.ts) in the UI's language. */
export const say = (text: Text): string => renderText(text, lookup);

export const problemText = (p: { text: Text }): string => say(p.text);

/** What a failed action says: a refusal's problems in the UI's language (with their fields if asked), else the error's text in it. */
export function errorText(e: unknown, o: { separator?: string; fields?: boolean; place?: (field: string) => string } = {}): string {
  const problems = (e as { problems?: { field: string; text: Text }[] }).problems;
  if (!Array.isArray(problems)) {
    const text = (e as { text?: Text })?.text; // a FlowLensError, or its data
    return text ? say(text) : ((e as Error)?.message ?? String(e));
  }
  return problems
    .map((p) => (o.fields ? `${o.place ? o.place(p.field) : p.field}: ${problemText(p)}` : problemText(p)))
    .join(o.separator ?? "; ");
}

export function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${i ? n.toFixed(n < 10 ? 2 : 1) : Math.round(n)} ${units[i]}`;
}

/**
 * The message for a count, in the plural the language asks for: `key_one` where the
 * language says "one" of it and the catalogue has that form (English: "1 record"), else
 * `key` (Chinese has one form). The count is `{0}`, formatted.
 */
let plurals: { language: string; rules: Intl.PluralRules } | null = null;

export function tn(key: string, count: number, ...values: (string | number)[]): string {
  if (plurals?.language !== language) plurals = { language, rules: new Intl.PluralRules(language) };
  const one = plurals.rules.select(count) === "one" && lookup(`${key}_one`);
  return t(one ? `${key}_one` : key, formatCount(count), ...values);
}

export const formatCount = (n: number): string => n.toLocaleString(language);

/** A span of seconds in the largest whole unit: "5 min", "1 h", "7 d". */
export function formatDuration(seconds: number): string {
  for (const [unit, size] of [
    ["durationDays", 86400],
    ["durationHours", 3600],
    ["durationMinutes", 60],
  ] as const)
    if (seconds >= size && seconds % size === 0) return t(unit, seconds / size);
  return t("durationSeconds", seconds);
}

/** Unix seconds as local date and time, as the consoles show them. */
export function formatTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const p = (x: number) => String(x).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
