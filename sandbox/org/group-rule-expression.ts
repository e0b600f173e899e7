/**
 * @module The subset of Okta Expression Language that group rules use, parsed once into a predicate on a user.
 *
 * Okta's EL is a SpEL subset ("Okta Expression Language" reference; "Group Rule Restrictions" support article). The
 * sandbox reads what group rules are documented with: `user.<attribute>` (Okta user profile attributes), string,
 * number, boolean and null literals in single or double quotes, `==` `!=` `<` `<=` `>` `>=`, `&&`/`AND`, `||`/`OR`,
 * `!`/`NOT`, parentheses, the String and Arrays predicates, and the group functions (`isMemberOfGroup`,
 * `isMemberOfAnyGroup`, `isMemberOfGroupName`, `isMemberOfGroupNameStartsWith`, `…Contains`, `…Regex`). Anything
 * else — `user.status` (not usable in group rules, Okta EL docs), `Convert` and `Time` (not supported in group rules),
 * ternaries, app or org references — is refused with the reason, which Okta answers as 400 E0000001 on the rule.
 */

/** Why an expression cannot be used in a group rule; the rule's create or update fails with it. */
export class InvalidExpression extends Error {}

/** What an expression may read about the user it is evaluated for. */
export interface ExpressionContext {
  profile: Record<string, unknown>;
  /** The ids of the user's groups. */
  groupIds: ReadonlySet<string>;
  /** The names of the user's groups. */
  groupNames: readonly string[];
}

export interface CompiledExpression {
  /** Profile attributes it reads (to check against the profile schema). */
  attributes: string[];
  /** True when it looks at group membership, so membership changes re-evaluate it. */
  readsGroups: boolean;
  evaluate(context: ExpressionContext): boolean;
}

type Value = string | number | boolean | null | Value[];
type Node =
  | { kind: 'literal'; value: Value }
  | { kind: 'attribute'; name: string }
  | { kind: 'not'; operand: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'call'; name: string; args: Node[] };

type Token = { kind: 'string' | 'number' | 'word' | 'op' | 'punct'; text: string };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '"' || c === "'") {
      let text = '';
      i += 1;
      while (i < source.length && source[i] !== c) {
        if (source[i] === '\\' && i + 1 < source.length) i += 1;
        text += source[i];
        i += 1;
      }
      if (source[i] !== c) throw new InvalidExpression('Unterminated string literal');
      tokens.push({ kind: 'string', text });
      i += 1;
    } else if (/[0-9]/.test(c)) {
      const match = /^[0-9]+(\.[0-9]+)?/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'number', text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const match = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: match[0] });
      i += match[0].length;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c });
      i += 1;
    } else {
      const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
      if (!op) throw new InvalidExpression(`Unexpected character '${c}'`);
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    }
  }
  return tokens;
}

/** The functions group rules can call, with how many arguments each takes (Infinity: one or more). */
const FUNCTIONS: Record<string, { min: number; max: number; groups?: true }> = {
  'String.stringContains': { min: 2, max: 2 },
  'String.startsWith': { min: 2, max: 2 },
  'String.endsWith': { min: 2, max: 2 },
  'String.toLowerCase': { min: 1, max: 1 },
  'String.toUpperCase': { min: 1, max: 1 },
  'String.len': { min: 1, max: 1 },
  'String.substringBefore': { min: 2, max: 2 },
  'String.substringAfter': { min: 2, max: 2 },
  'Arrays.contains': { min: 2, max: 2 },
  'Arrays.isEmpty': { min: 1, max: 1 },
  'Arrays.size': { min: 1, max: 1 },
  isMemberOfGroup: { min: 1, max: 1, groups: true },
  isMemberOfAnyGroup: { min: 1, max: Number.POSITIVE_INFINITY, groups: true },
  isMemberOfGroupName: { min: 1, max: 1, groups: true },
  isMemberOfGroupNameStartsWith: { min: 1, max: 1, groups: true },
  isMemberOfGroupNameContains: { min: 1, max: 1, groups: true },
  isMemberOfGroupNameRegex: { min: 1, max: 1, groups: true },
};

/** Attributes of the user object that are not profile attributes and that group rules cannot read (Okta EL docs). */
const NOT_IN_GROUP_RULES = new Set(['status', 'id', 'created', 'activated', 'lastLogin', 'lastUpdated']);

export function compileExpression(source: string): CompiledExpression {
  if (source.trim() === '') throw new InvalidExpression('The expression is empty');
  const tokens = tokenize(source);
  let position = 0;
  const attributes = new Set<string>();
  let readsGroups = false;

  const peek = () => tokens[position];
  const next = (): Token => {
    const token = tokens[position];
    if (!token) throw new InvalidExpression('Unexpected end of expression');
    position += 1;
    return token;
  };
  const isWord = (token: Token | undefined, ...words: string[]) =>
    token?.kind === 'word' && words.includes(token.text.toUpperCase());
  const isOp = (token: Token | undefined, op: string) => token?.kind === 'op' && token.text === op;

  function parseOr(): Node {
    let left = parseAnd();
    while (isOp(peek(), '||') || isWord(peek(), 'OR')) {
      next();
      left = { kind: 'binary', op: '||', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): Node {
    let left = parseComparison();
    while (isOp(peek(), '&&') || isWord(peek(), 'AND')) {
      next();
      left = { kind: 'binary', op: '&&', left, right: parseComparison() };
    }
    return left;
  }
  function parseComparison(): Node {
    const left = parseUnary();
    const token = peek();
    if (token?.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(token.text)) {
      next();
      return { kind: 'binary', op: token.text, left, right: parseUnary() };
    }
    return left;
  }
  function parseUnary(): Node {
    if (isOp(peek(), '!') || isWord(peek(), 'NOT')) {
      next();
      return { kind: 'not', operand: parseUnary() };
    }
    return parsePrimary();
  }
  function parsePrimary(): Node {
    const token = next();
    if (token.kind === 'punct' && token.text === '(') {
      const inner = parseOr();
      const close = next();
      if (close.text !== ')') throw new InvalidExpression(`Expected ')' but found '${close.text}'`);
      return inner;
    }
    if (token.kind === 'string') return { kind: 'literal', value: token.text };
    if (token.kind === 'number') return { kind: 'literal', value: Number(token.text) };
    if (token.kind !== 'word') throw new InvalidExpression(`Unexpected '${token.text}'`);
    const lower = token.text.toLowerCase();
    if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
    if (lower === 'null') return { kind: 'literal', value: null };
    if (peek()?.text === '(') return parseCall(token.text);
    return attribute(token.text);
  }
  function parseCall(name: string): Node {
    const spec = FUNCTIONS[name];
    if (!spec) {
      const hint = /^(Convert|Time)\./.test(name)
        ? ' (Convert and Time functions are not supported in group rules)'
        : '';
      throw new InvalidExpression(`Function ${name} is not supported in group rules${hint}`);
    }
    next();
    const args: Node[] = [];
    if (peek()?.text !== ')') {
      args.push(parseOr());
      while (peek()?.text === ',') {
        next();
        args.push(parseOr());
      }
    }
    if (next().text !== ')') throw new InvalidExpression(`Expected ')' after the arguments of ${name}`);
    if (args.length < spec.min || args.length > spec.max) {
      throw new InvalidExpression(
        `${name} takes ${spec.min === spec.max ? spec.min : `${spec.min} or more`} arguments`,
      );
    }
    if (spec.groups) readsGroups = true;
    return { kind: 'call', name, args };
  }
  function attribute(path: string): Node {
    const [root, name, ...rest] = path.split('.');
    if (root !== 'user' || name === undefined || rest.length > 0) {
      throw new InvalidExpression(
        `Invalid property ${path}: group rules read Okta user profile attributes as user.attribute`,
      );
    }
    if (NOT_IN_GROUP_RULES.has(name)) throw new InvalidExpression(`user.${name} cannot be used in group rules`);
    attributes.add(name);
    return { kind: 'attribute', name };
  }

  const tree = parseOr();
  if (position !== tokens.length) throw new InvalidExpression(`Unexpected '${tokens[position]?.text}'`);
  return {
    attributes: [...attributes],
    readsGroups,
    evaluate: (context) => evaluate(tree, context) === true,
  };
}

function evaluate(node: Node, context: ExpressionContext): Value {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'attribute': {
      const value = context.profile[node.name];
      return value === undefined ? null : (value as Value);
    }
    case 'not':
      return evaluate(node.operand, context) !== true;
    case 'binary':
      return binary(node.op, node.left, node.right, context);
    case 'call':
      return call(
        node.name,
        node.args.map((arg) => evaluate(arg, context)),
        context,
      );
  }
}

function binary(op: string, leftNode: Node, rightNode: Node, context: ExpressionContext): Value {
  if (op === '&&') return evaluate(leftNode, context) === true && evaluate(rightNode, context) === true;
  if (op === '||') return evaluate(leftNode, context) === true || evaluate(rightNode, context) === true;
  const left = evaluate(leftNode, context);
  const right = evaluate(rightNode, context);
  // SpEL compares strings exactly (case-sensitive) and numbers by value; a string attribute holding digits still
  // compares as a string with a string literal.
  if (op === '==') return left === right;
  if (op === '!=') return left !== right;
  if (left === null || right === null || typeof left !== typeof right || Array.isArray(left)) return false;
  if (op === '<') return left < right;
  if (op === '<=') return left <= right;
  if (op === '>') return left > right;
  return left >= right;
}

const text = (value: Value | undefined): string | null => (typeof value === 'string' ? value : null);

function call(name: string, args: Value[], context: ExpressionContext): Value {
  const [a = null, b = null] = args;
  switch (name) {
    case 'String.stringContains':
      return text(a) !== null && text(b) !== null && (a as string).includes(b as string);
    case 'String.startsWith':
      return text(a) !== null && text(b) !== null && (a as string).startsWith(b as string);
    case 'String.endsWith':
      return text(a) !== null && text(b) !== null && (a as string).endsWith(b as string);
    case 'String.toLowerCase':
      return text(a)?.toLowerCase() ?? null;
    case 'String.toUpperCase':
      return text(a)?.toUpperCase() ?? null;
    case 'String.len':
      return text(a)?.length ?? 0;
    case 'String.substringBefore': {
      const s = text(a);
      const at = s !== null && text(b) !== null ? s.indexOf(b as string) : -1;
      return at === -1 ? s : (s as string).slice(0, at);
    }
    case 'String.substringAfter': {
      const s = text(a);
      const at = s !== null && text(b) !== null ? s.indexOf(b as string) : -1;
      return at === -1 ? '' : (s as string).slice(at + (b as string).length);
    }
    case 'Arrays.contains':
      return Array.isArray(a) && a.includes(b as Value);
    case 'Arrays.isEmpty':
      return !Array.isArray(a) || a.length === 0;
    case 'Arrays.size':
      return Array.isArray(a) ? a.length : 0;
    case 'isMemberOfGroup':
      return context.groupIds.has(String(a));
    case 'isMemberOfAnyGroup':
      return args.some((id) => context.groupIds.has(String(id)));
    case 'isMemberOfGroupName':
      return context.groupNames.includes(String(a));
    case 'isMemberOfGroupNameStartsWith':
      return context.groupNames.some((group) => group.startsWith(String(a)));
    case 'isMemberOfGroupNameContains':
      return context.groupNames.some((group) => group.includes(String(a)));
    case 'isMemberOfGroupNameRegex': {
      // Okta's examples write the pattern with a leading slash ("/.*admin.*"); it is not part of the pattern.
      const source = String(a).replace(/^\//, '');
      let pattern: RegExp;
      try {
        pattern = new RegExp(`^(?:${source})$`);
      } catch {
        return false;
      }
      return context.groupNames.some((group) => pattern.test(group));
    }
    default:
      return null;
  }
}
