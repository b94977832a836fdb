// Where the time of `flowlens records` goes (docs/history.md #11), in-process on the same capture: the
// engine's flows into columns, the proposed network, the record rows, their chunks, and the
// CLI's text. The whole-process figures beside nfpcapd are bench/logs.ts's.
import { proxy } from "comlink";
import { flowLogsFor } from "../src/cli/capture-records";
import { ByteLines } from "../src/cli/flow-bytes";
import { writeRowsV2 } from "../src/cli/record-bytes";
import type { EngineApi } from "../src/engine/api";
import { startNodeEngine } from "../src/engine/node-client";
import { proposeNetwork } from "../src/model/network-extension";
import { rowsIntoChunks } from "../src/storage/row-chunks";
import { captureFlows, captureRecords } from "../src/workspace/capture-import";
import { fmt, timed } from "./figures";

export async function benchCapturePhases(file: string): Promise<void> {
  const [engine, tStart] = await timed(() => startNodeEngine(new URL("./worker-node.mjs", import.meta.url)));
  const [flows, tFlows] = await timed(() => captureFlows(engine.api as unknown as EngineApi, [{ path: file }], {}, undefined, proxy));
  engine.terminate();
  const [inv, tPropose] = await timed(() => proposeNetwork(flows.flows.addresses.texts));
  const flowLogs = flowLogsFor(inv, undefined, 600, "aws");
  const [{ rows }, tRows] = await timed(() => captureRecords(flows, flowLogs, inv));
  let chunks = 0;
  const [, tChunks] = await timed(() =>
    rowsIntoChunks(
      rows,
      () => 0,
      async () => {
        chunks++;
      },
    ),
  );
  let bytes = 0;
  const [, tText] = await timed(async () => {
    const out = new ByteLines(async (b) => {
      bytes += b.length;
    });
    await writeRowsV2(rows, rows.order, out);
    await out.spill();
  });
  console.log(
    `records of ${file}, in-process phases: engine worker start ${fmt(tStart, 3)} s; capture to ` +
      `${flows.flows.count} flows in columns ${fmt(tFlows, 3)} s; ` +
      `proposed network (${flows.flows.addresses.size} addresses, ${inv.enis.length} ENIs) ` +
      `${fmt(tPropose, 3)} s; ${rows.order.length} record rows (${flowLogs.length} flow logs) ` +
      `${fmt(tRows, 3)} s; ` +
      `into ${chunks} chunks ${fmt(tChunks, 3)} s; as AWS text (${fmt(bytes / 1e6, 0)} MB) ${fmt(tText, 3)} s`,
  );
}
