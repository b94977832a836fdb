// Both catalogues of extension/_locales in the worker, for what it writes in the user's
// language: the names and descriptions of a proposed network (stored as the user reads them).
import enMessages from "../../extension/_locales/en/messages.json";
import zhMessages from "../../extension/_locales/zh_CN/messages.json";
import { renderText, type Text } from "../model/text";

type Catalogue = Record<string, { message: string }>;

/** Renders texts in `language` (`zh…`: Simplified Chinese, else English), as the viewer's UI does. */
export function sayIn(language: string): (t: Text) => string {
  const catalogue = (language.toLowerCase().startsWith("zh") ? zhMessages : enMessages) as Catalogue;
  return (t) => renderText(t, (key) => catalogue[key]?.message ?? (enMessages as Catalogue)[key]?.message ?? "");
}
