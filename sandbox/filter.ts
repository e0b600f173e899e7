/**
 * @module Okta's filter and search expressions (a SCIM subset, docs/okta.md §2.3, §2.4, §3.1), parsed into a predicate.
 *
 * Grammar: `attr op "value"`, `attr pr`, `(…)`, `not (…)`, `and` binding tighter than `or`. Values are strings in
 * double quotes, numbers or true/false/null. Each endpoint says which attributes and operators it allows; anything
 * else is an `InvalidFilter`, which the handler answers with the endpoint's error code.
 */
import { ApiError } from './responses.ts';

export type Operator = 'eq' | 'ne' | 'sw' | 'ew' | 'co' | 'gt' | 'ge' | 'lt' | 'le' | 'pr';

export interface FilterRules {
  /** Attributes allowed, or a test; undefined allows any. */
  attributes?: (attribute: string) => boolean;
  /** Operators allowed for an attribute. */
  operators: (attribute: string) => readonly Operator[];
  allowNot: boolean;
  /** Okta's `search` compares values case-insensitively; `filter` is case-sensitive (docs/okta.md §2.3). */
  caseInsensitive: boolean;
}

export class InvalidFilter extends Error {}

/** A predicate for a handler: an expression Okta would refuse becomes the endpoint's error code. */
export function filterOrFail<T>(expression: string, rules: FilterRules, code = 'E0000031'): (record: T) => boolean {
  try {
    return parseFilter(expression, rules);
  } catch (error) {
    if (error instanceof InvalidFilter) throw new ApiError(code);
    throw error;
  }
}

type Node =
  | { type: 'compare'; attribute: string; op: Operator; value: unknown }
  | { type: 'and' | 'or'; left: Node; right: Node }
  | { type: 'not'; inner: Node };

type Token = { kind: 'word' | 'string' | 'lparen' | 'rparen'; text: string };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', text: c });
      i += 1;
    } else if (c === '"') {
      let value = '';
      i += 1;
      while (i < expression.length && expression[i] !== '"') {
        if (expression[i] === '\\' && i + 1 < expression.length) i += 1;
        value += expression[i];
        i += 1;
      }
      if (expression[i] !== '"') throw new InvalidFilter('Unterminated string');
      tokens.push({ kind: 'string', text: value });
      i += 1;
    } else {
      const match = /^[^\s()"]+/.exec(expression.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

const OPERATORS = new Set<string>(['eq', 'ne', 'sw', 'ew', 'co', 'gt', 'ge', 'lt', 'le', 'pr']);

export function parseFilter(expression: string, rules: FilterRules): (record: unknown) => boolean {
  const tree = parseTree(expression, rules);
  return (record) => evaluate(tree, record, rules.caseInsensitive);
}

/**
 * The instants `[from, to]` (inclusive, epoch ms) outside which no record can match on a timestamp `attribute`: the
 * bounds its `gt ge lt le eq` comparisons set in the `and`s at the top of the expression (an `or` or `not` sets none).
 * A superset: what an index narrows a search to before the predicate decides. Undefined when nothing bounds it.
 */
export function rangeOf(
  expression: string,
  rules: FilterRules,
  attribute: string,
): { from: number; to: number } | undefined {
  const range = { from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY };
  const visit = (node: Node): void => {
    if (node.type === 'and') {
      visit(node.left);
      visit(node.right);
    } else if (node.type === 'compare' && node.attribute === attribute && typeof node.value === 'string') {
      const at = Date.parse(node.value);
      if (!Number.isFinite(at)) return;
      if (node.op === 'gt' || node.op === 'ge' || node.op === 'eq') range.from = Math.max(range.from, at);
      if (node.op === 'lt' || node.op === 'le' || node.op === 'eq') range.to = Math.min(range.to, at);
    }
  };
  visit(parseTree(expression, rules));
  return Number.isFinite(range.from) || Number.isFinite(range.to) ? range : undefined;
}

function parseTree(expression: string, rules: FilterRules): Node {
  const tokens = tokenize(expression);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => {
    const token = tokens[position];
    if (!token) throw new InvalidFilter('Unexpected end of expression');
    position += 1;
    return token;
  };
  const isWord = (token: Token | undefined, word: string) =>
    token?.kind === 'word' && token.text.toLowerCase() === word;

  function parseOr(): Node {
    let left = parseAnd();
    while (isWord(peek(), 'or')) {
      next();
      left = { type: 'or', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): Node {
    let left = parseUnary();
    while (isWord(peek(), 'and')) {
      next();
      left = { type: 'and', left, right: parseUnary() };
    }
    return left;
  }
  function parseUnary(): Node {
    const token = next();
    if (token.kind === 'lparen') {
      const inner = parseOr();
      if (next().kind !== 'rparen') throw new InvalidFilter('Expected )');
      return inner;
    }
    if (isWord(token, 'not')) {
      if (!rules.allowNot) throw new InvalidFilter('"not" is not supported');
      return { type: 'not', inner: parseUnary() };
    }
    if (token.kind !== 'word') throw new InvalidFilter(`Expected an attribute, found "${token.text}"`);
    const attribute = token.text;
    const opToken = next();
    const op = opToken.text.toLowerCase();
    if (opToken.kind !== 'word' || !OPERATORS.has(op)) throw new InvalidFilter(`Unknown operator "${opToken.text}"`);
    if (rules.attributes && !rules.attributes(attribute)) throw new InvalidFilter(`Unsupported attribute ${attribute}`);
    if (!rules.operators(attribute).includes(op as Operator)) {
      throw new InvalidFilter(`Operator ${op} is not supported for ${attribute}`);
    }
    if (op === 'pr') return { type: 'compare', attribute, op: 'pr', value: undefined };
    const valueToken = next();
    return { type: 'compare', attribute, op: op as Operator, value: literal(valueToken) };
  }

  const tree = parseOr();
  if (position !== tokens.length) throw new InvalidFilter(`Unexpected "${tokens[position]?.text}"`);
  return tree;
}

function literal(token: Token): unknown {
  if (token.kind === 'string') return token.text;
  if (token.kind !== 'word') throw new InvalidFilter('Expected a value');
  if (token.text === 'true') return true;
  if (token.text === 'false') return false;
  if (token.text === 'null') return null;
  const number = Number(token.text);
  if (Number.isFinite(number)) return number;
  throw new InvalidFilter(`Values must be quoted: ${token.text}`);
}

/** The attribute's path, split once per expression rather than once per record. */
const paths = new Map<string, string[]>();

/**
 * Reads `profile.firstName` or `target.id` (any element of an array matches). Plain objects take the fast path: a
 * search over 100,000 users reads four attributes of each, and a picker waits for it.
 */
function read(record: unknown, attribute: string): unknown[] {
  let parts = paths.get(attribute);
  if (!parts) {
    parts = attribute.split('.');
    paths.set(attribute, parts);
  }
  let value: unknown = record;
  for (let i = 0; i < parts.length; i += 1) {
    if (Array.isArray(value)) return readArrays([value], parts.slice(i));
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[parts[i] as string] : undefined;
  }
  return Array.isArray(value) ? value : [value];
}

function readArrays(start: unknown[], parts: string[]): unknown[] {
  let values = start.flat();
  for (const part of parts) {
    values = values.flatMap((value) => {
      const child = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
      return Array.isArray(child) ? child : [child];
    });
  }
  return values;
}

function evaluate(node: Node, record: unknown, caseInsensitive: boolean): boolean {
  switch (node.type) {
    case 'and':
      return evaluate(node.left, record, caseInsensitive) && evaluate(node.right, record, caseInsensitive);
    case 'or':
      return evaluate(node.left, record, caseInsensitive) || evaluate(node.right, record, caseInsensitive);
    case 'not':
      return !evaluate(node.inner, record, caseInsensitive);
    case 'compare': {
      // A loop, not `.some(closure)`: this runs for every record of a search.
      for (const value of read(record, node.attribute)) {
        if (compare(value, node.op, node.value, caseInsensitive)) return true;
      }
      return false;
    }
  }
}

function compare(actual: unknown, op: Operator, expected: unknown, caseInsensitive: boolean): boolean {
  if (op === 'pr') return actual !== undefined && actual !== null && actual !== '';
  if (actual === undefined || actual === null) return op === 'eq' ? expected === null : op === 'ne';
  // Two timestamps in Okta's own form compare as they are: lowercasing them would change nothing but cost a string
  // per record (a windowed search over 100,000 users makes several such comparisons of each).
  if (typeof actual === 'string' && typeof expected === 'string' && isIsoUtc(actual) && isIsoUtc(expected)) {
    return compareText(actual, op, expected);
  }
  const a = caseInsensitive && typeof actual === 'string' ? actual.toLowerCase() : actual;
  const b = caseInsensitive && typeof expected === 'string' ? expected.toLowerCase() : expected;
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'sw':
      return typeof a === 'string' && typeof b === 'string' && a.startsWith(b);
    case 'ew':
      return typeof a === 'string' && typeof b === 'string' && a.endsWith(b);
    case 'co':
      return typeof a === 'string' && typeof b === 'string' && a.includes(b);
    default: {
      // Timestamps compare as instants, whatever their precision. Two in Okta's own form (24 characters, UTC) compare
      // as text, and a value that is no timestamp needs no parse of the record's: a windowed search over 100,000
      // users makes several comparisons of each.
      let l = a as number | string;
      let r = b as number | string;
      if (typeof a === 'string' && typeof b === 'string' && !(isIsoUtc(a) && isIsoUtc(b))) {
        const y = instant(b);
        const x = Number.isFinite(y) ? Date.parse(a) : Number.NaN;
        if (Number.isFinite(x)) [l, r] = [x, y];
      }
      if (op === 'gt') return l > r;
      if (op === 'ge') return l >= r;
      if (op === 'lt') return l < r;
      return l <= r;
    }
  }
}

/** `2025-01-31T12:00:00.000Z`, as Okta writes timestamps; lowercased too, as search values are compared. */
function isIsoUtc(value: string): boolean {
  return (
    value.length === 24 &&
    (value.charCodeAt(10) | 32) === 116 &&
    (value.charCodeAt(23) | 32) === 122 &&
    value.charCodeAt(4) === 45 &&
    value.charCodeAt(19) === 46
  );
}

/** Two timestamps of the same form and case: as text, which orders them as instants. */
function compareText(a: string, op: Operator, b: string): boolean {
  if (a.charCodeAt(10) !== b.charCodeAt(10) || a.charCodeAt(23) !== b.charCodeAt(23)) {
    return compare(a.toLowerCase(), op, b.toLowerCase(), false);
  }
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    default:
      return compare(a.toLowerCase(), op, b.toLowerCase(), false);
  }
}

/** The expression's values, parsed once each rather than once per record (a few distinct ones per expression). */
const instants = new Map<string, number>();
function instant(value: string): number {
  let parsed = instants.get(value);
  if (parsed === undefined) {
    if (instants.size >= 1000) instants.clear();
    parsed = Date.parse(value);
    instants.set(value, parsed);
  }
  return parsed;
}
