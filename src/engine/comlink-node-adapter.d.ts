// comlink ships the Node adapter's types as node-adapter.d.ts beside the .mjs, which
// TypeScript does not pair with the .mjs import path.
declare module "comlink/dist/esm/node-adapter.mjs" {
  export { default } from "comlink/dist/esm/node-adapter";
}
