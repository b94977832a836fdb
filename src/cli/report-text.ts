// The diagnostics `flowlens` prints to stderr for each file.
import type { FileReport } from "../engine/driver";

export function describeReport(r: FileReport): string {
  const lines = [
    `${r.name}: ${r.format}, ${r.bytes} ` +
      `bytes${r.format === "pcapng" ? `, ${r.sections} section(s), ${r.interfaces} interface(s) in the last` : ""}; ` +
      `${r.packetsRead} packets read, ${r.packetsAggregated} aggregated (${r.ipBytes} IP bytes)` +
      (r.tunnelsOpened ? `, ${r.tunnelsOpened} tunnel layers opened` : "") +
      (r.fragmentsWithoutFirst ? `, ${r.fragmentsWithoutFirst} fragments whose first fragment was not seen (ports 0)` : ""),
  ];
  const skipped = Object.entries(r.skipped);
  if (skipped.length) lines.push(`  skipped: ${skipped.map(([k, n]) => `${n} ${k}`).join(", ")}`);
  const links = Object.entries(r.unknownLinktypes);
  if (links.length) lines.push(`  unknown link types: ${links.map(([k, n]) => `${k} (${n} packets)`).join(", ")}`);
  for (const s of r.samples) lines.push(`  ${s.reason} at offset ${s.offset}: ${s.detail}`);
  return lines.join("\n");
}
