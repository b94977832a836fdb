// Typed columns that grow by doubling (docs/history.md #11): the flows and the records of the record
// pipeline, a value per column and row, no object per row.
type Ctor = Int32ArrayConstructor | Float64ArrayConstructor | Uint8ArrayConstructor;
export type ColumnSpec = Record<string, Ctor>;
export type Columns<S extends ColumnSpec> = { [K in keyof S]: InstanceType<S[K]> };

export class GrowingColumns<S extends ColumnSpec> {
  count = 0;
  private capacity = 0;
  cols = {} as Columns<S>;

  constructor(
    private readonly spec: S,
    capacity = 1024,
  ) {
    this.grow(capacity);
  }

  /** Makes room for `n` more rows and returns the index of the first (`count` moves past them). */
  add(n = 1): number {
    if (this.count + n > this.capacity) {
      let to = this.capacity * 2;
      while (to < this.count + n) to *= 2;
      this.grow(to);
    }
    const at = this.count;
    this.count += n;
    return at;
  }

  private grow(to: number): void {
    const old = this.cols as Record<string, Int32Array | Float64Array | Uint8Array>;
    const cols: Record<string, Int32Array | Float64Array | Uint8Array> = {};
    for (const [name, Type] of Object.entries(this.spec)) {
      const a = new Type(to);
      if (this.capacity) a.set(old[name] as never);
      cols[name] = a;
    }
    this.cols = cols as Columns<S>;
    this.capacity = to;
  }
}
