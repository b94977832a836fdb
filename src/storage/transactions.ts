// The control plane's transactions (storage/control-plane.ts): a change reads what it
// needs and writes in one readwrite transaction, or aborts it and writes nothing.
import type { IDBPTransaction, StoreNames } from "idb";
import type { FlowLog } from "../model/flow-log";
import { emptyInventory, INVENTORY_KINDS } from "../model/inventory";
import type { FlowLensDb, FlowLensSchema } from "./schema";

export type Store = StoreNames<FlowLensSchema>;
export type Tx = IDBPTransaction<FlowLensSchema, Store[], "readwrite">;
export type AnyTx = IDBPTransaction<FlowLensSchema, Store[], IDBTransactionMode>;

/** The network and the flow logs, as `tx` reads them. */
export async function readNetwork(tx: AnyTx) {
  const inv = emptyInventory();
  for (const kind of INVENTORY_KINDS) (inv[kind] as unknown[]) = await tx.objectStore(kind).getAll();
  const flowLogs = (await tx.objectStore("flowLogs").getAll()) as FlowLog[];
  return { inv, flowLogs };
}

/** Runs `fn` in one readwrite transaction; a thrown refusal aborts it, writing nothing. */
export async function inTransaction<T>(db: FlowLensDb, stores: Store[], fn: (tx: Tx) => Promise<T>): Promise<T> {
  const tx = db.transaction(stores, "readwrite");
  try {
    const result = await fn(tx);
    await tx.done;
    return result;
  } catch (e) {
    try {
      tx.abort();
    } catch {
      /* already finished */
    }
    await tx.done.catch(() => {});
    throw e;
  }
}
