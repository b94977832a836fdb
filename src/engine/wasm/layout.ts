// The engine's memory layout and codes, shared with the AssemblyScript module (see the
// byte table at the top of assembly/layout.ts).
export * from "../../../assembly/layout";
export * from "../../../assembly/status";
