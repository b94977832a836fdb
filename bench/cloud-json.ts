// npm run bench -- --cloud-json: the clouds' JSON read whole processes side by side (docs/history.md #15):
//   a CloudWatch page of 1 M events (`aws logs filter-log-events` output, pretty-printed as the CLI
//   prints it, made from the 1 M-line log) searched by `flowlens search`, beside DuckDB's read_json
//   of the same file (the page is one JSON object: DuckDB holds it whole) and the same filter on the
//   messages, one thread.
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fmt } from "./figures";
import { duckdbSql, generateLog, run, show } from "./logs";

const DATA = process.env.FLOWLENS_BENCH_DIR ?? "bench-data";
const CLI = new URL("../../bin/flowlens.mjs", import.meta.url).pathname;

/** The log's lines as one CloudWatch page, written a block of events at a time. */
async function writeCloudWatchPage(log: string, out: string): Promise<void> {
  const file = createWriteStream(out);
  const write = (s: string) => (file.write(s) ? undefined : new Promise<void>((r) => file.once("drain", () => r())));
  await write('{\n    "events": [\n');
  let n = 0;
  let block: string[] = [];
  for await (const line of createInterface({ input: createReadStream(log) })) {
    if (!line) continue;
    const event = {
      logStreamName: `${line.split(" ")[2]}-all`,
      timestamp: 1700000000000 + n,
      message: line,
      ingestionTime: 1700000005000 + n,
      eventId: `${n}`,
    };
    block.push(`${n ? ",\n" : ""}${JSON.stringify(event, null, 4).replace(/^/gm, "        ")}`);
    n++;
    if (block.length === 10000) {
      await write(block.join(""));
      block = [];
    }
  }
  await write(`${block.join("")}\n    ],\n    "searchedLogStreams": []\n}\n`);
  await new Promise<void>((resolve) => file.end(resolve));
}

export async function benchCloudJson(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const log = join(DATA, "aws-1m.log");
  const page = join(DATA, "cloudwatch-1m.json");
  if (!existsSync(log)) await generateLog(log, 1_000_000, false);
  if (!existsSync(page)) await writeCloudWatchPage(log, page);
  const query = "action: REJECT and dstport: 22";
  const fl = run(process.execPath, [CLI, "search", page, "--query", query, "--limit", "10"]);
  const found = /^(\d+) of (\d+) records match/m.exec(fl.err);
  const mb = statSync(page).size / 1e6;
  console.log(
    `flowlens search ${page} (${fmt(mb, 0)} MB, 1 M CloudWatch events) '${query}': ${show(fl)}; ` +
      `${found?.[1]} of ${found?.[2]} match, ${fmt(mb / fl.seconds, 0)} MB/s`,
  );
  const sql =
    `SELECT count(*) FROM (SELECT unnest(events) AS e FROM read_json('${page}', maximum_object_size = 2000000000)) ` +
    `WHERE split_part(e.message, ' ', 13) = 'REJECT' AND split_part(e.message, ' ', 7) = '22'`;
  const dd = duckdbSql(sql);
  console.log(
    `duckdb read_json + unnest + the same filter on the messages, 1 thread: ${show(dd)}; ${JSON.parse(dd.out)[0][0]} match; ` +
      `flowlens / duckdb: ${fmt(fl.seconds / dd.seconds)}x time`,
  );
}
