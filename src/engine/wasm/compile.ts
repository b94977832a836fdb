// Compiles a WASM module packaged beside a browser worker (engine.wasm, lines.wasm) from its bytes.
// Not WebAssembly.compileStreaming: in the Firefox ESR e2e runs, now and then every workspace call
// hung from the first one on, the symptom of a streaming compile that never settles (as reported
// for Firefox's instantiateStreaming, emscripten-core/emscripten#22685); the modules are small
// (engine.wasm 13 KB, lines.wasm 2 KB), so reading them whole first costs nothing measurable.
export async function compileWasm(url: URL): Promise<WebAssembly.Module> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: ${response.status} ${response.statusText}`);
  return WebAssembly.compile(await response.arrayBuffer());
}
