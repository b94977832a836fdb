// Runs the built `flowlens` command as a user would, for the CLI tests.
import { spawnSync } from "node:child_process";

const BIN = new URL("../../bin/flowlens.mjs", import.meta.url).pathname;

export function flowlens(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
