// What the user reads, as data: a key into extension/_locales/*/messages.json and the
// values for its `{0}`, `{1}`… The model, storage and engine say what happened with these
// and never with sentences; the viewer renders them in its language (ui/i18n.ts), the CLI
// and an Error's message in English (english.ts). A value may itself be a text (a file's
// name before the engine's reason) or a list, joined as the language joins lists.
export type TextValue = string | number | undefined | Text | readonly TextValue[];

export interface Text {
  key: string;
  values: TextValue[];
}

export const text = (key: string, ...values: TextValue[]): Text => ({ key, values });

export const isText = (v: unknown): v is Text =>
  typeof v === "object" && v !== null && typeof (v as Text).key === "string" && Array.isArray((v as Text).values);

/** A catalogue's message for a key ("" when it has none). */
export type Lookup = (key: string) => string;

/** The list separator is a message too: ", " in English, the ideographic comma in Chinese. */
export const LIST_SEPARATOR = "listSeparator";

function renderValue(v: TextValue, lookup: Lookup): string {
  if (Array.isArray(v)) return v.map((x) => renderValue(x, lookup)).join(lookup(LIST_SEPARATOR) || ", ");
  return isText(v) ? renderText(v, lookup) : String(v);
}

/** The text in one catalogue: its message with every `{n}` filled; the key itself when the catalogue lacks it. */
export function renderText(t: Text, lookup: Lookup): string {
  const template = lookup(t.key) || t.key;
  return template.replace(/\{(\d+)\}/g, (m, i) => (Number(i) < t.values.length ? renderValue(t.values[Number(i)], lookup) : m));
}
