// An import's refusal reaches the page in both languages (docs/history.md #11): the workspace, which
// calls the engine in-process as the viewer's worker does, hands on the engine's Chinese
// message with its code and byte offset; a log file's refusal says its line in both.
import { readFile } from "node:fs/promises";
import { beforeEach, describe, expect, it } from "vitest";
import { createEngineService } from "../../src/engine/service";
import type { WorkspaceApi } from "../../src/workspace/api";
import { createWorkspaceService } from "../../src/workspace/service";
import { freshPlane } from "../storage/fixture";
import { chinese } from "../support/catalogues";

const engine = createEngineService({
  loadModule: async () => WebAssembly.compile(await readFile(new URL("../../build/engine.wasm", import.meta.url))),
});
let ws: WorkspaceApi;
let plane: Awaited<ReturnType<typeof freshPlane>>;
beforeEach(async () => {
  plane = await freshPlane();
  ws = createWorkspaceService(plane.db, engine);
});

describe("an import's refusal, in both languages", () => {
  it("a damaged capture: the engine's code, offset, English and Chinese", async () => {
    // A pcapng section header whose byte-order magic is wrong: a capture by its first bytes, refused at offset 8.
    const bytes = new Uint8Array(28);
    new DataView(bytes.buffer).setUint32(0, 0x0a0d0d0a, true);
    new DataView(bytes.buffer).setUint32(4, 28, true);
    new DataView(bytes.buffer).setUint32(8, 0x11223344, true);
    const r = await ws.importFile(new File([bytes], "bad.pcapng"), { jobId: "j" });
    expect(r).toMatchObject({
      status: "error",
      kind: "capture",
      error: { code: "bad-byte-order", detail: { file: "bad.pcapng", offset: 0 } },
    });
    if (r.status !== "error") return;
    expect(r.error.message).toMatch(/^bad\.pcapng: pcapng: byte-order magic 0x11223344 at offset 8 /);
    expect(chinese(r.error.text!)).toMatch(/^bad\.pcapng：pcapng：偏移 8 处的字节序魔数 0x11223344 /);
  });

  it("a log file with no record: the line, in both", async () => {
    await plane.cp.createProject({ name: "lab", description: "" });
    await plane.cp.createLogstore({ project: "lab", name: "flows", retentionDays: 30 });
    const r = await ws.importFile(new File(["not a flow log\n"], "notes.txt"), {
      jobId: "k",
      logTarget: { project: "lab", logstore: "flows" },
    });
    expect(r).toMatchObject({ status: "error", kind: "log", error: { code: "log-format", detail: { file: "notes.txt", line: 1 } } });
    if (r.status === "error") expect(chinese(r.error.text!)).toMatch(/^notes\.txt：第 1 行：/);
  });

  it("a logstore that is gone: the storage's refusal, in both", async () => {
    const r = await ws.importFile(new File(["2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1700000000 1700000001 ACCEPT OK\n"], "a.log"), {
      jobId: "m",
      logTarget: { project: "p", logstore: "gone" },
    });
    expect(r).toMatchObject({
      status: "error",
      error: { code: "storage.no-logstore", message: "logstore p/gone does not exist" },
    });
    if (r.status === "error") expect(chinese(r.error.text!)).toBe("日志库 p/gone 不存在");
  });
});
