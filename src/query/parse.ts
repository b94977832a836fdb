// The search language (docs/history.md #5), as the clouds' log services take it for flow logs:
//   query   := or
//   or      := and ("or" and)*
//   and     := not (["and"] not)*          adjacent terms are ANDed
//   not     := "not" not | primary
//   primary := "(" or ")" | FIELD ":" value | FIELD op NUMBER | FIELD "in" "[" NUMBER NUMBER "]" | value
//   value   := WORD | "quoted string"     WORD may hold * and ? wildcards, or a CIDR
//   op      := > | >= | < | <= | =
// A parse error names the position and what was expected; an unknown field, the closest.
//
// Hostile queries (docs/history.md #10): nothing here recurses once per term. A chain of and/or is
// read in a loop and built as a balanced tree (20,000 ORs are 15 levels deep, not 20,000),
// a run of `not` folds to one or none, and parentheses nest at most MAX_DEPTH deep (past
// it, a positioned error). A long `or` of plain values over one field becomes one set
// lookup. A value that no record can hold (a /33 block, port 70000, a 400-digit number) is
// refused with its position rather than searched for in silence.
import { parseCidr, parseIp } from "../model/cidr";
import { closestField, fieldRange, resolveField, SEARCH_FIELDS } from "./fields";
import { hasWildcard } from "./wildcard";

/** How deep parentheses may nest. */
export const MAX_DEPTH = 64;
/** An `or` of at least this many plain values over one field is one set lookup. */
const SET_FROM = 8;

export type Query =
  | { kind: "all" }
  | { kind: "and" | "or"; left: Query; right: Query }
  | { kind: "not"; query: Query }
  | { kind: "match"; field: string; value: string; quoted: boolean }
  | { kind: "compare"; field: string; op: ">" | ">=" | "<" | "<=" | "="; value: number }
  | { kind: "range"; field: string; low: number; high: number }
  | { kind: "text"; value: string; quoted: boolean }
  /** Any of `values` (lower case, no wildcards) in `field`, or in any field when null. */
  | { kind: "one-of"; field: string | null; values: Set<string> };

export class QueryError extends Error {
  constructor(
    readonly position: number,
    readonly expected: string,
    message: string,
  ) {
    super(message);
    this.name = "QueryError";
  }
}

interface Token {
  type: "word" | "quoted" | "sym" | "end";
  text: string;
  at: number;
}

// Sticky patterns read at a position, so that tokenizing never copies the rest of the
// query (a slice per token made a 20,000-term query quadratic).
const SPACE = /\s+/y;
const V6_WORD = /(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F.]*(?:\/\d{1,3})?/y;
const WORD = /[^\s():"<>=[\]]+/y;

function readAt(re: RegExp, q: string, i: number): string | null {
  re.lastIndex = i;
  const m = re.exec(q);
  return m ? m[0] : null;
}

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    const space = readAt(SPACE, q, i);
    if (space) {
      i += space.length;
      continue;
    }
    // An IPv6 address or block (fd00::1, ::/0, 2001:db8:0:1::/64) is one word, colons and all.
    const v6 = readAt(V6_WORD, q, i);
    if (v6 && (i === 0 || !/[A-Za-z0-9_-]/.test(q[i - 1]))) {
      out.push({ type: "word", text: v6, at: i });
      i += v6.length;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      const parts: string[] = [];
      while (j < q.length && q[j] !== '"') {
        if (q[j] === "\\" && j + 1 < q.length) j++;
        parts.push(q[j]);
        j++;
      }
      if (j >= q.length) throw new QueryError(i, 'a closing "', `position ${i + 1}: the quoted string is not closed; expected a closing "`);
      out.push({ type: "quoted", text: parts.join(""), at: i });
      i = j + 1;
    } else if ("():[]".includes(c)) {
      out.push({ type: "sym", text: c, at: i });
      i++;
    } else if (c === ">" || c === "<" || c === "=") {
      const two = q.slice(i, i + 2);
      const op = two === ">=" || two === "<=" ? two : c;
      out.push({ type: "sym", text: op, at: i });
      i += op.length;
    } else {
      const w = readAt(WORD, q, i)!;
      out.push({ type: "word", text: w, at: i });
      i += w.length;
    }
  }
  out.push({ type: "end", text: "", at: q.length });
  return out;
}

export function parseQuery(q: string): Query {
  if (!q.trim()) return { kind: "all" };
  const t = tokenize(q);
  let p = 0;
  const peek = () => t[p];
  const isWord = (w: string) => peek().type === "word" && peek().text.toLowerCase() === w;
  const fail = (expected: string): never => {
    const tok = peek();
    const found = tok.type === "end" ? "the end of the search" : JSON.stringify(tok.text);
    throw new QueryError(tok.at, expected, `position ${tok.at + 1}: expected ${expected}, found ${found}`);
  };
  const number = (): number => {
    const tok = peek();
    if (tok.type !== "word" || !/^-?\d+(\.\d+)?$/.test(tok.text)) fail("a number");
    p++;
    return Number(tok.text);
  };

  let depth = 0;
  function or(): Query {
    const items = [and()];
    while (isWord("or")) {
      p++;
      items.push(and());
    }
    return balanced("or", mergeValues(items));
  }
  function and(): Query {
    const items = [not()];
    for (;;) {
      if (isWord("and")) {
        p++;
        items.push(not());
        continue;
      }
      const tok = peek();
      if (tok.type === "end" || (tok.type === "sym" && tok.text === ")") || isWord("or")) return balanced("and", items);
      items.push(not());
    }
  }
  function not(): Query {
    let negate = false;
    while (isWord("not")) {
      p++;
      negate = !negate;
    }
    const q = primary();
    return negate ? { kind: "not", query: q } : q;
  }
  function primary(): Query {
    const tok = peek();
    if (tok.type === "sym" && tok.text === "(") {
      if (++depth > MAX_DEPTH)
        throw new QueryError(tok.at, "fewer nested parentheses", `position ${tok.at + 1}: parentheses nest deeper than ${MAX_DEPTH}`);
      p++;
      const inner = or();
      depth--;
      if (!(peek().type === "sym" && peek().text === ")")) fail("a closing )");
      p++;
      return inner;
    }
    if (tok.type === "quoted") {
      p++;
      return { kind: "text", value: tok.text, quoted: true };
    }
    if (tok.type !== "word" || ["and", "or"].includes(tok.text.toLowerCase())) fail("a search term, a field name or (");
    p++;
    const next = peek();
    const fieldLike =
      (next.type === "sym" && [":", ">", ">=", "<", "<=", "="].includes(next.text)) ||
      (next.type === "word" && next.text.toLowerCase() === "in");
    if (!fieldLike) return { kind: "text", value: tok.text, quoted: false };
    const field = resolveField(tok.text);
    if (!field)
      throw new QueryError(
        tok.at,
        "a field name",
        `position ${tok.at + 1}: unknown field ${tok.text}; did you mean ${closestField(tok.text)}?`,
      );
    if (next.type === "word") {
      // in [low high]
      p++;
      if (!(peek().type === "sym" && peek().text === "[")) fail("[");
      p++;
      const lowAt = peek().at,
        low = number(),
        highAt = peek().at,
        high = number();
      checkNumber(field, low, lowAt);
      checkNumber(field, high, highAt);
      if (!(peek().type === "sym" && peek().text === "]")) fail("]");
      p++;
      if (SEARCH_FIELDS[field] !== "number")
        throw new QueryError(tok.at, "a numeric field", `position ${tok.at + 1}: ${field} is not a number, so it has no range`);
      return { kind: "range", field, low: Math.min(low, high), high: Math.max(low, high) };
    }
    p++;
    if (next.text === ":") {
      const v = peek();
      if (v.type !== "word" && v.type !== "quoted") fail(`a value for ${field}`);
      p++;
      checkValue(field, v.text, v.at);
      return { kind: "match", field, value: v.text, quoted: v.type === "quoted" };
    }
    if (SEARCH_FIELDS[field] !== "number")
      throw new QueryError(
        next.at,
        "a numeric field",
        `position ${next.at + 1}: ${field} is not a number; compare it with ${field}: value`,
      );
    const at = peek().at,
      value = number();
    checkNumber(field, value, at);
    return { kind: "compare", field, op: next.text as ">", value };
  }

  const q0 = or();
  if (peek().type !== "end") fail("and, or, or the end of the search");
  return q0;
}

/** A chain of and/or as a balanced tree: its depth grows with log2 of its length. */
function balanced(kind: "and" | "or", items: Query[]): Query {
  if (items.length === 1) return items[0];
  const mid = items.length - Math.floor(items.length / 2); // two items: left, right; three: (a b) c
  return { kind, left: balanced(kind, items.slice(0, mid)), right: balanced(kind, items.slice(mid)) };
}

/** Plain values ORed over one field (or bare terms), SET_FROM or more, as one set lookup. */
function mergeValues(items: Query[]): Query[] {
  const groups = new Map<string, string[]>();
  const keyOf = (q: Query): string | null => {
    if (q.kind === "text" && !hasWildcard(q.value)) return "";
    if (q.kind === "match" && !hasWildcard(q.value) && SEARCH_FIELDS[q.field] === "text" && !ENUM_FIELDS.has(q.field)) return q.field;
    return null;
  };
  for (const q of items) {
    const k = keyOf(q);
    if (k !== null) {
      const g = groups.get(k) ?? [];
      g.push((q as { value: string }).value.toLowerCase());
      groups.set(k, g);
    }
  }
  const merged = new Set([...groups].filter(([, v]) => v.length >= SET_FROM).map(([k]) => k));
  if (!merged.size) return items;
  const out = items.filter((q) => {
    const k = keyOf(q);
    return k === null || !merged.has(k);
  });
  for (const k of merged) out.push({ kind: "one-of", field: k === "" ? null : k, values: new Set(groups.get(k)) });
  return out;
}

const ENUM_FIELDS = new Set(["direction", "action", "log-status"]);

/** Refuses a number no record of `field` can hold (docs/history.md #10: such a search matches nothing in silence). */
function checkNumber(field: string, n: number, at: number): void {
  const [low, high] = fieldRange(field);
  if (!Number.isFinite(n) || n < low || n > high)
    throw new QueryError(
      at,
      `a number from ${low} to ${high}`,
      `position ${at + 1}: ${field} runs from ${low} to ${high}, so no record has ${field} ${Number.isFinite(n) ? n : "that large"}`,
    );
}

/** Refuses a value of `field: value` that no record can hold: a bad block, a bad port. */
function checkValue(field: string, value: string, at: number): void {
  if (hasWildcard(value)) return;
  const kind = SEARCH_FIELDS[field];
  if (kind === "number") {
    if (!/^\d+$/.test(value))
      throw new QueryError(
        at,
        "a whole number",
        `position ${at + 1}: ${field} is a whole number, not ${JSON.stringify(value.slice(0, 40))}`,
      );
    checkNumber(field, Number(value), at);
  } else if (kind === "address") {
    if (value.includes("/")) {
      if (!parseCidr(value))
        throw new QueryError(
          at,
          "a CIDR block",
          `position ${at + 1}: ${JSON.stringify(value.slice(0, 60))} is not a CIDR block (an address, /0-/32 ` +
            `for IPv4 or /0-/128 for IPv6, host bits zero)`,
        );
    } else if ((/^[\d.]+$/.test(value) || value.includes(":")) && !parseIp(value)) {
      throw new QueryError(at, "an address", `position ${at + 1}: ${JSON.stringify(value.slice(0, 60))} is not an IPv4 or IPv6 address`);
    }
  }
}
