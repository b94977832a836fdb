// Choosing the engine: the WASM module, or the TypeScript twin when WASM cannot start.
import { describe, expect, it } from "vitest";
import { createCore } from "../../src/engine/create";

describe("createCore", () => {
  it("falls back to the twin, saying why, when the module cannot be compiled", async () => {
    const choice = await createCore("auto", () => WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9])));
    expect(choice.core.kind).toBe("twin");
    expect(choice.fallbackReason).toMatch(/^WASM engine unavailable \(.+\); using the TypeScript engine$/);
  });
  it("does not fall back when WASM was asked for", async () => {
    await expect(createCore("wasm", () => Promise.reject(new Error("CSP forbids wasm-eval")))).rejects.toThrow("CSP forbids wasm-eval");
  });
  it("uses the twin when asked, without loading the module", async () => {
    const choice = await createCore("twin", () => {
      throw new Error("not called");
    });
    expect(choice).toEqual({ core: choice.core });
    expect(choice.core.kind).toBe("twin");
  });
});
