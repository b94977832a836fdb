// A threat list as users get them: plain text or CSV, one address or CIDR block per line
// in the first column; `#` comments, blank lines and a CSV header line are left out.
// Anything else that is not an address is reported by line number.
import { isAddressOrBlock } from "../model/cidr";

export function parseThreatList(text: string): { entries: string[]; errors: { line: number; text: string }[] } {
  const entries: string[] = [];
  const errors: { line: number; text: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const first = raw.split(",")[0].trim().replace(/^"|"$/g, "");
    if (!first || first.startsWith("#")) return;
    if (isAddressOrBlock(first)) entries.push(first);
    else if (!(i === 0 && raw.includes(","))) errors.push({ line: i + 1, text: first });
  });
  return { entries, errors };
}
