#!/usr/bin/env node
// Entry point of the `flowlens` command: the bundle that `npm run build` makes.
import { existsSync } from "node:fs";
const cli = new URL("../build/node/cli.mjs", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("flowlens: not built yet; run `npm run build` first\n");
  process.exit(1);
}
await import(cli.href);
