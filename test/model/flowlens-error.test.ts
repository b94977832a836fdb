// The one error model (docs/history.md #11): thrown errors cross a real MessageChannel through comlink
// with their code, Chinese message, detail and a refusal's problems; the engine's and the
// storage's refusals carry both languages; the UI picks the one it speaks.
import { expose, transferHandlers, wrap } from "comlink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaptureError } from "../../src/engine/driver";
import { carryErrors, errorData, FlowLensError } from "../../src/model/flowlens-error";
import { ControlPlaneError, problem, rebuildPageError } from "../../src/model/problems";
import { errorText, fromMessages, setMessages } from "../../src/ui/i18n";
import { runCapture } from "../support/engine";

const original = transferHandlers.get("throw")!;
beforeAll(() => {
  transferHandlers.set("throw", carryErrors(original, rebuildPageError));
});
afterAll(() => {
  transferHandlers.set("throw", original);
  setMessages((k) => k, "en");
});

function across() {
  const { port1, port2 } = new MessageChannel();
  expose(
    {
      refuse() {
        throw new ControlPlaneError([
          problem("quota", "regionId", "the region's quota of 10 flow logs is used", "该地域的 10 个流日志配额已用完"),
        ]);
      },
      damaged() {
        throw new FlowLensError("bad-magic", "capture: not a pcap", "抓包文件：不是 pcap", { file: "x.pcap", offset: 0 });
      },
      plain() {
        throw new TypeError("plain");
      },
      value() {
        throw 42;
      },
    },
    port1,
  );
  return {
    api: wrap<Record<"refuse" | "damaged" | "plain" | "value", () => void>>(port2),
    close: () => {
      port1.close();
      port2.close();
    },
  };
}

describe("errors across the worker boundary", () => {
  it("keep their class, code, both languages, detail and problems", async () => {
    const { api, close } = across();
    try {
      const refused = (await api.refuse().catch((e: unknown) => e)) as ControlPlaneError;
      expect(refused).toBeInstanceOf(ControlPlaneError);
      expect(refused).toMatchObject({
        code: "quota",
        field: "regionId",
        problems: [{ code: "quota", field: "regionId", zh: "该地域的 10 个流日志配额已用完" }],
      });
      const damaged = (await api.damaged().catch((e: unknown) => e)) as FlowLensError;
      expect(damaged).toBeInstanceOf(FlowLensError);
      expect(damaged.data()).toEqual({
        code: "bad-magic",
        message: "capture: not a pcap",
        zh: "抓包文件：不是 pcap",
        detail: { file: "x.pcap", offset: 0 },
      });
      const plain = (await api.plain().catch((e: unknown) => e)) as FlowLensError;
      expect([plain.name, plain.message, plain.code]).toEqual(["TypeError", "plain", "error"]);
      expect(await api.value().catch((e: unknown) => e)).toBe(42);
    } finally {
      close();
    }
  });

  it("are shown in the UI's language", () => {
    const zh = new FlowLensError("stalled", "x: no progress", "x：没有进展");
    setMessages(fromMessages({}), "zh_CN");
    expect([errorText(zh), errorText(zh.data()), errorText(new Error("only English"))]).toEqual([
      "x：没有进展",
      "x：没有进展",
      "only English",
    ]);
    setMessages(fromMessages({}), "en");
    expect(errorText(zh)).toBe("x: no progress");
  });
});

describe("refusals carry both languages and where", () => {
  it("a damaged capture: the engine's code, the byte offset, and the reason in Chinese", async () => {
    const bad = new Uint8Array(64).fill(0x41);
    const e = await runCapture("wasm", bad).then(
      () => null,
      (x) => x,
    );
    expect(e).toBeInstanceOf(CaptureError);
    expect(errorData(e)).toEqual({
      code: "bad-magic",
      message: "file0: capture: unknown magic 0x41414141 at offset 0: not a pcap or pcapng file",
      zh: "file0：抓包文件：偏移 0 处的魔数 0x41414141 未知：不是 pcap 或 pcapng 文件",
      detail: { file: "file0", offset: 0 },
    });
  });
});
