// Runs the whole vitest suite and closes with the plain line CI reads: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

rmSync("vitest.json", { force: true });
const r = spawnSync(
  "npx",
  ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile=vitest.json", ...process.argv.slice(2)],
  { stdio: "inherit" },
);
let summary;
try {
  summary = JSON.parse(readFileSync("vitest.json", "utf8"));
} catch {
  console.log("0 passed, 1 failed");
  process.exit(r.status || 1);
}
const skipped = summary.numPendingTests + summary.numTodoTests;
console.log(`${summary.numPassedTests} passed, ${summary.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(r.status === 0 && summary.numFailedTests === 0 && summary.numPassedTests > 0 ? 0 : 1);
