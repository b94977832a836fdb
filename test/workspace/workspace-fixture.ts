// The workspace as the viewer worker runs it, in Node (fake-indexeddb, the WASM engine
// in-process): a fresh one per test, and the lab network of the veth capture.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createEngineService } from "../../src/engine/service";
import { createWorkspaceService } from "../../src/workspace/service";
import { freshPlane } from "../storage/fixture";

export const engine = createEngineService({
  loadModule: async () => WebAssembly.compile(await readFile(new URL("../../build/engine.wasm", import.meta.url))),
});
export const capture = () => new File([readFileSync(new URL("../files/tcpdump-veth.pcap", import.meta.url))], "tcpdump-veth.pcap");
export const network = JSON.parse(readFileSync(new URL("../files/veth-network.json", import.meta.url), "utf8"));

export type Plane = Awaited<ReturnType<typeof freshPlane>>;

export async function freshWorkspace() {
  const plane = await freshPlane();
  return { plane, ws: createWorkspaceService(plane.db, engine) };
}

/** The veth capture's network, a lab/flows logstore, and a VPC flow log writing there. */
export async function labFlowLog(plane: Plane) {
  await plane.cp.importDocument(network);
  await plane.cp.createProject({ name: "lab", description: "" });
  await plane.cp.createLogstore({ project: "lab", name: "flows", retentionDays: 30 });
  return plane.cp.createFlowLog({
    name: "lab-vpc",
    regionId: "cn-hangzhou",
    resourceType: "VPC",
    resourceId: "vpc-veth",
    project: "lab",
    logstore: "flows",
    format: "aws",
  });
}
