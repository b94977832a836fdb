// The one error model (docs/history.md #11): thrown errors cross a real MessageChannel through comlink
// with their code, text, detail and a refusal's problems; the engine's and the storage's
// refusals are texts of both catalogues; the UI renders them in the one it speaks.
import { expose, transferHandlers, wrap } from "comlink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import enMessages from "../../extension/_locales/en/messages.json";
import zhMessages from "../../extension/_locales/zh_CN/messages.json";
import { CaptureError } from "../../src/engine/driver";
import { carryErrors, errorData, FlowLensError } from "../../src/model/flowlens-error";
import { ControlPlaneError, problem, rebuildPageError } from "../../src/model/problems";
import { text } from "../../src/model/text";
import { errorText, fromMessages, setMessages } from "../../src/ui/i18n";
import { chinese } from "../support/catalogues";
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
        throw new ControlPlaneError([problem("quota", "regionId", text("flowlog_quota_exceeded", "cn-hangzhou", 10, 10))]);
      },
      damaged() {
        throw new FlowLensError("bad-magic", text("capture_bad_magic", "0x41414141", 0), { file: "x.pcap", offset: 0 });
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
        problems: [{ code: "quota", field: "regionId", text: text("flowlog_quota_exceeded", "cn-hangzhou", 10, 10) }],
      });
      const damaged = (await api.damaged().catch((e: unknown) => e)) as FlowLensError;
      expect(damaged).toBeInstanceOf(FlowLensError);
      expect(damaged.data()).toEqual({
        code: "bad-magic",
        message: "capture: unknown magic 0x41414141 at offset 0: not a pcap or pcapng file",
        text: text("capture_bad_magic", "0x41414141", 0),
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
    const stalled = new FlowLensError("stalled", text("stalled", "x", 30, 5, 10));
    setMessages(fromMessages(zhMessages), "zh_CN");
    expect([errorText(stalled), errorText(stalled.data()), errorText(new Error("only English"))]).toEqual([
      "x：30 秒没有进展（停在 10 字节中的第 5 字节）；导入已停止，其内容均未存储",
      "x：30 秒没有进展（停在 10 字节中的第 5 字节）；导入已停止，其内容均未存储",
      "only English",
    ]);
    setMessages(fromMessages(enMessages), "en");
    expect(errorText(stalled)).toBe(
      "x: no progress for 30 s (stopped at 5 of 10 bytes); the import was stopped and nothing of it was stored",
    );
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
    const data = errorData(e);
    expect(data).toMatchObject({
      code: "bad-magic",
      message: "file0: capture: unknown magic 0x41414141 at offset 0: not a pcap or pcapng file",
      detail: { file: "file0", offset: 0 },
    });
    expect(chinese(data.text!)).toBe("file0：抓包文件：偏移 0 处的魔数 0x41414141 未知：不是 pcap 或 pcapng 文件");
  });
});
