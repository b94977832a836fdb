// The English catalogue, for what is read outside the viewer: an Error's message, the CLI's
// output, the logs of tests. The viewer renders the same texts in the UI's language.
import messages from "../../extension/_locales/en/messages.json";
import { renderText, type Text } from "./text";

const catalogue = messages as Record<string, { message: string }>;

export const english = (t: Text): string => renderText(t, (key) => catalogue[key]?.message ?? "");
