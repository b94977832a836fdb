// The two catalogues of extension/_locales, for tests that read what a text says in each.
import zhMessages from "../../extension/_locales/zh_CN/messages.json";
import { renderText, type Text } from "../../src/model/text";

export { english } from "../../src/model/english";

const zh = zhMessages as Record<string, { message: string }>;
export const chinese = (t: Text): string => renderText(t, (key) => zh[key]?.message ?? "");
