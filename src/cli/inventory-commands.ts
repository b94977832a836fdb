// flowlens inventory convert CLOUD-JSON...   cloud CLI/API JSON to a FlowLens inventory document
// flowlens inventory check FILE              every problem of a document, with its path

import { CloudJsonError, convertCloudJson } from "../formats/cloud/convert";
import { english } from "../model/english";
import { INVENTORY_KINDS } from "../model/inventory";
import { placeOf, readDocument } from "../model/inventory-document";
import { parseCommand } from "./cli-args";
import { CliInputError, readJson } from "./cli-input";

export const INVENTORY_USAGE = `usage: flowlens inventory convert CLOUD-JSON... > inventory.json
       flowlens inventory check INVENTORY.json
  convert reads AWS describe-vpcs/-subnets/-network-interfaces/-security-groups/-network-acls
  and Alibaba DescribeVpcs/DescribeVSwitches/DescribeNetworkInterfaces/DescribeSecurityGroupAttribute
  output; check applies every inventory rule and lists each problem with its path.`;

const summary = (inv: Record<string, unknown[]>) => INVENTORY_KINDS.map((k) => `${inv[k].length} ${k}`).join(", ");

export async function runInventory(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "--help" || sub === "-h") {
    out(`${INVENTORY_USAGE}\n`);
    return 0;
  }
  // Neither subcommand has options: --help, and the files.
  const p = sub === "convert" || sub === "check" ? parseCommand(rest, {}, INVENTORY_USAGE, out) : { positionals: rest };
  if (!p) return 0;
  const files = p.positionals;
  if (sub === "convert") {
    if (!files.length) throw new CliInputError("inventory convert needs at least one JSON file", INVENTORY_USAGE);
    const inputs = [];
    for (const name of files) inputs.push({ name, json: await readJson(name) });
    let converted: ReturnType<typeof convertCloudJson>;
    try {
      converted = convertCloudJson(inputs);
    } catch (e) {
      if (e instanceof CloudJsonError) throw new CliInputError(e.message);
      throw e;
    }
    for (const n of converted.notes) err(`note: ${n}\n`);
    const { problems } = readDocument(converted.document);
    for (const p of problems) err(`problem: ${placeOf(converted.document, p.field)}: ${english(p.text)}\n`);
    out(`${JSON.stringify(converted.document, null, 2)}\n`);
    err(
      `converted: ${summary(converted.document as never)}` +
        `${problems.length ? `; ${problems.length} problem(s) to fix before import` : ""}\n`,
    );
    return problems.length ? 1 : 0;
  }
  if (sub === "check") {
    if (files.length !== 1) throw new CliInputError("inventory check takes one document", INVENTORY_USAGE);
    const doc = await readJson(files[0]);
    const { problems, inventory } = readDocument(doc);
    for (const p of problems) out(`${files[0]}: ${placeOf(doc, p.field) || "(document)"}: ${english(p.text)} [${p.code}]\n`);
    if (inventory) out(`${files[0]}: ok: ${summary(inventory as never)}\n`);
    return problems.length ? 1 : 0;
  }
  throw new CliInputError(sub ? `unknown inventory command ${sub}` : "inventory needs convert or check", INVENTORY_USAGE);
}
