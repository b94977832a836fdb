// The rows of an open search, fetched from the worker in blocks as the table scrolls
// and kept in a small LRU: a few thousand record objects at most live in the page.
import type { FlowLogEntry } from "../../model/records";

const BLOCK = 100;
const KEEP_BLOCKS = 60;

export class ResultPages {
  private blocks = new Map<number, FlowLogEntry[]>();
  private loading = new Set<number>();
  constructor(
    private readonly fetchRows: (offset: number, limit: number) => Promise<FlowLogEntry[]>,
    private readonly onLoaded: () => void,
  ) {}

  rowAt(i: number): FlowLogEntry | undefined {
    const b = this.blocks.get(Math.floor(i / BLOCK));
    return b?.[i % BLOCK];
  }

  /** Makes sure rows first..last get loaded. */
  view(first: number, last: number): void {
    for (let b = Math.floor(first / BLOCK); b <= Math.floor(last / BLOCK); b++) {
      if (this.blocks.has(b)) {
        const v = this.blocks.get(b)!;
        this.blocks.delete(b);
        this.blocks.set(b, v);
        continue;
      }
      if (this.loading.has(b)) continue;
      this.loading.add(b);
      this.fetchRows(b * BLOCK, BLOCK).then(
        (rows) => {
          this.loading.delete(b);
          this.blocks.set(b, rows);
          while (this.blocks.size > KEEP_BLOCKS) this.blocks.delete(this.blocks.keys().next().value!);
          this.onLoaded();
        },
        () => this.loading.delete(b),
      );
    }
  }
}
