// What every flowlens command refuses the same way: bad arguments or unreadable input
// files end with exit code 2 and a one-line reason naming the file.
import { readFile } from "node:fs/promises";
import { parseLogFormat } from "../formats/json/cloudwatch-events";

export class CliInputError extends Error {
  /** The command's usage, printed after the reason when the arguments themselves were wrong. */
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

export async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, "utf8").catch((e) => {
    throw new CliInputError(`${path}: cannot read: ${e.message}`);
  });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliInputError(`${path}: not JSON: ${(e as Error).message}`);
  }
}

/** `--log-format '${version} ${account-id} …'`: the fields of records whose file does not name them (CloudWatch). */
export function logFormatOption(given: string | undefined, usage: string): string[] | undefined {
  if (given === undefined) return undefined;
  const fields = parseLogFormat(given);
  if ("error" in fields) throw new CliInputError(`--log-format: ${fields.error}`, usage);
  return fields;
}
