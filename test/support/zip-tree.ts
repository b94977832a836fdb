// A downloaded zip written out as its tree, for engines that read folders (DuckDB's hive_partitioning).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { unzipSync } from "fflate";

/** The folder the zip's files were written to, and their names. */
export function unzipToFolder(zip: Uint8Array): { dir: string; names: string[] } {
  const files = unzipSync(zip);
  const dir = mkdtempSync(join(tmpdir(), "flowlens-zip-"));
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return { dir, names: Object.keys(files) };
}
