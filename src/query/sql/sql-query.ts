// SQL after the search, as SLS and CLS write it (SPEC §9): `search | SELECT …`. The search (or `*`,
// or nothing: every record) selects the records; the SQL runs over them as the table `records`,
// and may leave `FROM` out. What is told here: where the SQL starts, the statement DuckDB runs,
// and which columns it names (only those are handed to DuckDB).

export interface SplitQuery {
  search: string;
  /** The SQL after the `|`; null when the query has none (a search alone). */
  sql: string | null;
  /** Where the SQL starts in the query as typed (for an error's position). */
  sqlAt: number;
}

/** The query split at its first `|` outside a quoted value. */
export function splitQuery(query: string): SplitQuery {
  let quoted = false;
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (c === '"') quoted = !quoted;
    else if (c === "\\" && quoted) i++;
    else if (c === "|" && !quoted) {
      const search = query.slice(0, i).trim();
      return { search: search === "*" ? "" : search, sql: query.slice(i + 1), sqlAt: i + 1 };
    }
  }
  return { search: query.trim() === "*" ? "" : query, sql: null, sqlAt: query.length };
}

/** The SQL's words at depth 0 (outside parentheses, quotes and comments), with where each starts. */
function topWords(sql: string): { word: string; at: number }[] {
  const out: { word: string; at: number }[] = [];
  let depth = 0;
  for (let i = 0; i < sql.length; ) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === "(") {
      depth++;
      i++;
    } else if (c === ")") {
      depth--;
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_]/.test(sql[j])) j++;
      if (depth === 0) out.push({ word: sql.slice(i, j).toLowerCase(), at: i });
      i = j;
    } else i++;
  }
  return out;
}

const AFTER_FROM = new Set(["where", "group", "having", "window", "qualify", "order", "limit", "offset", "union", "except", "intersect"]);

export interface Statement {
  /** What DuckDB runs. */
  text: string;
  /** Where in `text` "FROM records" was put, and how long it is (0 when nothing was): positions after it map back by its length. */
  insertedAt: number;
  inserted: number;
}

/**
 * The statement DuckDB runs: the SQL as written (trimmed), with `FROM records` put where the log
 * services allow it left out (before the first clause that follows FROM, else at the end).
 */
export function statement(sql: string): Statement {
  const body = sql.trim().replace(/;$/, "");
  const words = topWords(body);
  if (!words.length || words[0].word !== "select" || words.some((w) => w.word === "from"))
    return { text: body, insertedAt: 0, inserted: 0 };
  const next = words.find((w) => AFTER_FROM.has(w.word));
  const at = next ? body.slice(0, next.at).trimEnd().length : body.length;
  const from = " FROM records";
  return { text: `${body.slice(0, at)}${from}${body.slice(at)}`, insertedAt: at, inserted: from.length };
}

export const statementOf = (sql: string): string => statement(sql).text;

/**
 * The names of `columns` the SQL names as words — all of them where it selects `*` (not
 * `count(*)`) — and at least one, so that a table of the right row count is there: only these
 * reach DuckDB.
 */
export function namedColumns(sql: string, columns: readonly string[]): string[] {
  if (/(^|select|,)\s*\*|\.\*/i.test(sql.replace(/'[^']*'/g, "''"))) return [...columns];
  const words = new Set(sql.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
  const named = columns.filter((c) => words.has(c));
  return named.length ? named : [columns[0]];
}
