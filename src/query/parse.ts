// The search language (issue #5), as the clouds' log services take it for flow logs:
//   query   := or
//   or      := and ("or" and)*
//   and     := not (["and"] not)*          adjacent terms are ANDed
//   not     := "not" not | primary
//   primary := "(" or ")" | FIELD ":" value | FIELD op NUMBER | FIELD "in" "[" NUMBER NUMBER "]" | value
//   value   := WORD | "quoted string"     WORD may hold * and ? wildcards, or a CIDR
//   op      := > | >= | < | <= | =
// A parse error names the position and what was expected; an unknown field, the closest.
import { closestField, resolveField, SEARCH_FIELDS } from "./fields";

export type Query =
  | { kind: "all" }
  | { kind: "and" | "or"; left: Query; right: Query }
  | { kind: "not"; query: Query }
  | { kind: "match"; field: string; value: string; quoted: boolean }
  | { kind: "compare"; field: string; op: ">" | ">=" | "<" | "<=" | "="; value: number }
  | { kind: "range"; field: string; low: number; high: number }
  | { kind: "text"; value: string; quoted: boolean };

export class QueryError extends Error {
  constructor(readonly position: number, readonly expected: string, message: string) {
    super(message);
    this.name = "QueryError";
  }
}

interface Token { type: "word" | "quoted" | "sym" | "end"; text: string; at: number }

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    if (/\s/.test(c)) { i++; continue; }
    // An IPv6 address or block (fd00::1, ::/0, 2001:db8:0:1::/64) is one word, colons and all.
    const v6 = /^(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F.]*(?:\/\d{1,3})?/.exec(q.slice(i));
    if (v6 && (i === 0 || !/[A-Za-z0-9_-]/.test(q[i - 1]))) {
      out.push({ type: "word", text: v6[0], at: i });
      i += v6[0].length;
      continue;
    }
    if (c === '"') {
      let j = i + 1, s = "";
      while (j < q.length && q[j] !== '"') { if (q[j] === "\\" && j + 1 < q.length) j++; s += q[j]; j++; }
      if (j >= q.length) throw new QueryError(i, "a closing \"", `position ${i + 1}: the quoted string is not closed; expected a closing "`);
      out.push({ type: "quoted", text: s, at: i });
      i = j + 1;
    } else if ("():[]".includes(c)) {
      out.push({ type: "sym", text: c, at: i }); i++;
    } else if (c === ">" || c === "<" || c === "=") {
      const two = q.slice(i, i + 2);
      const op = two === ">=" || two === "<=" ? two : c;
      out.push({ type: "sym", text: op, at: i }); i += op.length;
    } else {
      let j = i;
      while (j < q.length && !/[\s():"<>=\[\]]/.test(q[j])) j++;
      out.push({ type: "word", text: q.slice(i, j), at: i });
      i = j;
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

  function or(): Query {
    let left = and();
    while (isWord("or")) { p++; left = { kind: "or", left, right: and() }; }
    return left;
  }
  function and(): Query {
    let left = not();
    for (;;) {
      if (isWord("and")) { p++; left = { kind: "and", left, right: not() }; continue; }
      const tok = peek();
      if (tok.type === "end" || (tok.type === "sym" && tok.text === ")") || isWord("or")) return left;
      left = { kind: "and", left, right: not() };
    }
  }
  function not(): Query {
    if (isWord("not")) { p++; return { kind: "not", query: not() }; }
    return primary();
  }
  function primary(): Query {
    const tok = peek();
    if (tok.type === "sym" && tok.text === "(") {
      p++;
      const inner = or();
      if (!(peek().type === "sym" && peek().text === ")")) fail("a closing )");
      p++;
      return inner;
    }
    if (tok.type === "quoted") { p++; return { kind: "text", value: tok.text, quoted: true }; }
    if (tok.type !== "word" || ["and", "or"].includes(tok.text.toLowerCase())) fail("a search term, a field name or (");
    p++;
    const next = peek();
    const fieldLike = next.type === "sym" && [":", ">", ">=", "<", "<=", "="].includes(next.text) || (next.type === "word" && next.text.toLowerCase() === "in");
    if (!fieldLike) return { kind: "text", value: tok.text, quoted: false };
    const field = resolveField(tok.text);
    if (!field) throw new QueryError(tok.at, "a field name", `position ${tok.at + 1}: unknown field ${tok.text}; did you mean ${closestField(tok.text)}?`);
    if (next.type === "word") {  // in [low high]
      p++;
      if (!(peek().type === "sym" && peek().text === "[")) fail("[");
      p++;
      const low = number(), high = number();
      if (!(peek().type === "sym" && peek().text === "]")) fail("]");
      p++;
      if (SEARCH_FIELDS[field] !== "number") throw new QueryError(tok.at, "a numeric field", `position ${tok.at + 1}: ${field} is not a number, so it has no range`);
      return { kind: "range", field, low: Math.min(low, high), high: Math.max(low, high) };
    }
    p++;
    if (next.text === ":") {
      const v = peek();
      if (v.type !== "word" && v.type !== "quoted") fail(`a value for ${field}`);
      p++;
      return { kind: "match", field, value: v.text, quoted: v.type === "quoted" };
    }
    if (SEARCH_FIELDS[field] !== "number") throw new QueryError(next.at, "a numeric field", `position ${next.at + 1}: ${field} is not a number; compare it with ${field}: value`);
    return { kind: "compare", field, op: next.text as ">", value: number() };
  }

  const q0 = or();
  if (peek().type !== "end") fail("and, or, or the end of the search");
  return q0;
}
