// Every flowlens command's arguments through node:util's parseArgs: the same handling of
// unknown options, missing values and --help, and refusals as CliInputError with the
// command's usage (exit code 2).
import { parseArgs } from "node:util";
import { CliInputError } from "./cli-input";

type Options = Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;

/** What parseArgs gives for `options`: strings, booleans, lists where `multiple`. */
export type Values<O extends Options> = {
  [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : O[K]["multiple"] extends true ? string[] : string;
};

/**
 * The options and positional arguments of a command, or null when --help (or -h) was
 * asked for (the usage is then printed to stdout).
 */
export function parseCommand<O extends Options>(
  argv: string[],
  options: O,
  usage: string,
  out: (s: string) => void = (s) => process.stdout.write(s),
): { values: Values<O>; positionals: string[] } | null {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new CliInputError(argumentProblem(e as Error & { code?: string }), usage);
  }
  if (parsed.values.help) {
    out(`${usage}\n`);
    return null;
  }
  return { values: parsed.values as Values<O>, positionals: parsed.positionals };
}

/** parseArgs's refusal in the words of the other messages ("unknown option --x", "--window needs a value"). */
function argumentProblem(e: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(e.message)?.[1];
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return `unknown option ${option}`;
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option)
    return /argument missing/.test(e.message) ? `${option} needs a value` : `${option} takes no value`;
  return e.message;
}
