// Printing and timing helpers shared by the benchmark's parts.
export const fmt = (n: number, digits = 2): string => n.toFixed(digits);

/** Runs f and returns its result and the seconds it took. */
export async function timed<T>(f: () => Promise<T> | T): Promise<[T, number]> {
  const t = process.hrtime.bigint();
  const r = await f();
  return [r, Number(process.hrtime.bigint() - t) / 1e9];
}
