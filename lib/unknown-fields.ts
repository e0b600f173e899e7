/**
 * @module Unknown input fields are refused, not dropped: zod's default object strips keys it does not know, so a
 * misspelt field (`keyword` for `q` on getSystemLogs) used to run the call without it, unfiltered. The runtime checks
 * every input's top-level keys against its schema before parsing (lib/runtime.ts, `parseInput`), once for every
 * action, data source and trigger, whatever the host (HTTP, CLI, MCP, playground). Nested objects are left as their
 * schemas say: a user's profile takes custom attributes, and `extraQuery` is the one declared escape hatch for query
 * parameters the connector does not model. An own `__proto__` key is refused at any depth: zod would drop it.
 */
import type { z } from 'zod';
import type { FieldIssue } from './errors.ts';

interface Def {
  type: string;
  shape?: Record<string, unknown>;
  catchall?: { _zod: { def: Def } };
  in?: { _zod: { def: Def } };
  innerType?: { _zod: { def: Def } };
  options?: { _zod: { def: Def } }[];
  left?: { _zod: { def: Def } };
  right?: { _zod: { def: Def } };
}

/**
 * The top-level keys an object schema knows, through wrappers (a default, a refinement's pipe, a union of objects);
 * undefined when any key is welcome (a loose object, a record) or the shape cannot be told.
 */
export function knownKeys(schema: z.ZodType): string[] | undefined {
  return keysOf((schema as unknown as { _zod: { def: Def } })._zod.def);
}

function keysOf(def: Def): string[] | undefined {
  switch (def.type) {
    case 'object':
      // A catchall (z.looseObject, z.object().catchall()) takes any key on purpose; z.strictObject refuses them itself.
      if (def.catchall && def.catchall._zod.def.type !== 'never') return undefined;
      return Object.keys(def.shape ?? {});
    case 'pipe':
      return def.in ? keysOf(def.in._zod.def) : undefined;
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'catch':
      return def.innerType ? keysOf(def.innerType._zod.def) : undefined;
    case 'union': {
      const all = (def.options ?? []).map((option) => keysOf(option._zod.def));
      return all.some((keys) => keys === undefined) ? undefined : [...new Set(all.flat() as string[])];
    }
    case 'intersection': {
      const left = def.left && keysOf(def.left._zod.def);
      const right = def.right && keysOf(def.right._zod.def);
      return left && right ? [...new Set([...left, ...right])] : undefined;
    }
    default:
      return undefined;
  }
}

/** Words people use for a field under another name: the search text is `q` on every Okta list. */
const SYNONYMS: Record<string, string[]> = {
  q: ['keyword', 'keywords', 'search', 'query', 'term', 'text', 'searchtext', 'querystring'],
  filter: ['where', 'filters', 'condition'],
  limit: ['pagesize', 'size', 'count', 'max', 'perpage'],
  after: ['cursor', 'next', 'page', 'pagetoken', 'nextcursor'],
  since: ['from', 'start', 'startdate', 'starttime'],
  until: ['to', 'end', 'enddate', 'endtime'],
};

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= s.length; i++) {
    const row = d[i] as number[];
    const previous = d[i - 1] as number[];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row[j] = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[s.length] as number[])[t.length] as number;
}

/** The known field a stray one most likely meant: same letters in another case, a known synonym, or a near spelling. */
export function closestField(unknown: string, known: string[]): string | undefined {
  const lower = unknown.toLowerCase().replace(/[_\-\s]/g, '');
  const sameLetters = known.find((name) => name.toLowerCase().replace(/[_\-\s]/g, '') === lower);
  if (sameLetters) return sameLetters;
  const synonym = known.find((name) => SYNONYMS[name]?.includes(lower));
  if (synonym) return synonym;
  // Long inputs are not compared letter by letter: a 100 KB key would cost 100 KB × each name.
  if (unknown.length > 64) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(unknown, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  // Close enough to be a typo: at most a third of the letters, and never the whole of a short name.
  if (best && best.distance <= Math.max(1, Math.floor(Math.max(unknown.length, best.name.length) / 3))) {
    return best.name;
  }
  return undefined;
}

/**
 * One issue per key of `input` its schema does not know, each naming the closest known field (none when the schema is
 * open), and one per `__proto__` key at any depth (`prototypeKeyIssues`).
 */
export function unknownFieldIssues(schema: z.ZodType, input: unknown): FieldIssue[] {
  const top = topLevelIssues(schema, input);
  const deep = prototypeKeyIssues(input);
  if (!deep.length) return top;
  return [...top, ...deep.filter((issue) => !top.some((known) => known.path === issue.path))];
}

function topLevelIssues(schema: z.ZodType, input: unknown): FieldIssue[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return NONE;
  const known = knownKeysOf(schema);
  if (!known) return NONE;
  let issues: FieldIssue[] | undefined;
  for (const key in input) {
    if (!Object.hasOwn(input, key) || known.set.has(key)) continue;
    issues ??= [];
    const suggestion = closestField(key, known.list);
    const shown = key.length > 80 ? `${key.slice(0, 80)}…` : key;
    issues.push({
      path: shown,
      message: suggestion
        ? `Unknown field; did you mean "${suggestion}"?`
        : `Unknown field; the known fields are ${known.list.map((name) => `"${name}"`).join(', ') || 'none'}`,
    });
  }
  return issues ?? NONE;
}

/** How deep `prototypeKeyIssues` looks: deeper than any input of the catalogue nests. */
const MAX_DEPTH = 32;

/**
 * One issue per own `__proto__` key anywhere in `input`: zod drops it from records and loose objects (a profile,
 * `extraQuery`, callOktaOperation's `parameters`) rather than refuse it, so it would be lost without a word. Only JSON
 * (`JSON.parse` makes it an own key) or `Object.defineProperty` can give one; no Okta field has that name.
 */
function prototypeKeyIssues(input: unknown): FieldIssue[] {
  const found: string[] = [];
  collectPrototypeKeys(input, [], found);
  if (!found.length) return NONE;
  return found.map((path) => ({ path, message: 'Not a field name: "__proto__" would be dropped, not sent' }));
}

/** Depth first, with one trail of keys: a path string is built only for a key found (this runs on every call). */
function collectPrototypeKeys(value: unknown, trail: string[], found: string[]): void {
  if (typeof value !== 'object' || value === null || trail.length > MAX_DEPTH) return;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    trail.push(key);
    if (key === '__proto__') found.push(trail.join('.'));
    else collectPrototypeKeys((value as Record<string, unknown>)[key], trail, found);
    trail.pop();
  }
}

/** Shared by every call with nothing to report (callers only read it). */
const NONE: FieldIssue[] = Object.freeze([]) as unknown as FieldIssue[];

/**
 * The known keys of each schema, worked out once: schemas are built at load and never change, and this check runs on
 * every call (issue 14, per-call overhead). `null` remembers a schema that takes any key.
 */
const knownBySchema = new WeakMap<z.ZodType, { list: string[]; set: Set<string> } | null>();

function knownKeysOf(schema: z.ZodType): { list: string[]; set: Set<string> } | null {
  let known = knownBySchema.get(schema);
  if (known === undefined) {
    const list = knownKeys(schema);
    known = list ? { list, set: new Set(list) } : null;
    knownBySchema.set(schema, known);
  }
  return known;
}
