// CloudWatch Logs events as `aws logs filter-log-events` and `get-log-events` print them
// (docs/cloud-fields.md): each event's `message` is one flow-log record in the flow log's
// format. CloudWatch keeps no header line, so the format is given (`--log-format` in the CLI,
// a field in the viewer), or — when none is — the first message must be in AWS's default one.
import { detectFormat } from "../detect";
import { AWS_FIELDS } from "../fields";
import { readSpaced } from "../text-formats";
import { type ElementReader, FileRefusal, isObject, quoted } from "./json-elements";

/**
 * A flow log's format as AWS's console, CLI and API write it (`${version} ${account-id} …`),
 * or the field names of a header line; the fields in order, or why it is none.
 */
export function parseLogFormat(format: string): string[] | { error: string } {
  const tokens = format.trim().split(/\s+/).filter(Boolean);
  if (!tokens.length) return { error: "an empty log format" };
  const fields = tokens.map((t) => /^\$\{([^}]*)\}$/.exec(t)?.[1] ?? t);
  const unknown = fields.find((f) => !Object.hasOwn(AWS_FIELDS, f));
  if (unknown !== undefined) return { error: `the log format names ${quoted(unknown)}, which is no field of AWS's flow logs` };
  const twice = fields.find((f, i) => fields.indexOf(f) !== i);
  if (twice) return { error: `the log format names ${twice} twice` };
  if (!fields.includes("srcaddr") && !fields.includes("interface-id"))
    return { error: "the log format names neither srcaddr nor interface-id: it holds no flow" };
  return fields;
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: AWS's own notation of a format, shown to the user as it is.
const FORMAT_HINT = "give the flow log's format (--log-format '${version} ${account-id} …' in the CLI, Log format in the viewer)";

/** Reads CloudWatch events in the given format, or in the format the first message shows (AWS's default). */
export function cloudwatchReader(given?: string[]): ElementReader {
  let fields = given;
  return (event, path, out) => {
    if (!isObject(event) || typeof event.message !== "string")
      return out.bad(path, "an event without a message (CloudWatch's events[].message)");
    const message = event.message;
    if (!fields) {
      const d = detectFormat(message);
      if ("error" in d || d.kind !== "spaced" || d.name !== "aws")
        throw new FileRefusal(`${path}.message (${quoted(message)}) is no record of AWS's default format: ${FORMAT_HINT}`);
      fields = d.fields;
      // A message holding the field names (a format's header) sets the fields of the rest.
      if (d.header) return;
    }
    const r = readSpaced(message, fields);
    if ("error" in r) out.bad(`${path}.message`, given ? r.error : `${r.error} (${FORMAT_HINT})`);
    else out.record(r.record);
  };
}
