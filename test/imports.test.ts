/**
 * The import graph has no cycle (issue 22): no two files import each other, directly or round a longer loop. A cycle
 * makes what a module sees at load time depend on which file was imported first, and a reader cannot take one file
 * without the other. It catches a new cycle anywhere in the repository (each test below was seen to fail with one
 * put back: `lib/redact.ts` taking `Logger` from `lib/define.ts` again).
 *
 * One exception, of type imports only: the parts of the sandbox org (`sandbox/org/*.ts`) name the whole they belong
 * to (`Org`, `EventHooks`) by type, as a back-reference erased at run time; a value cycle there still fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const SKIPPED = new Set(['node_modules', 'dist', 'reports', '.git', '.stryker-tmp']);

/** Every TypeScript file of the repository, relative to its root. */
function sourceFiles(folder = root): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative(root, path)] : [];
  });
}

interface Edge {
  to: string;
  /** `import type` / `export type`: erased when compiled. */
  typeOnly: boolean;
}

/** The files a file imports (static imports, re-exports and `import()`), by their path from the root. */
function importsOf(file: string, known: Set<string>): Edge[] {
  const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const edges: Edge[] = [];
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) return;
    const target = relative(root, resolve(dirname(join(root, file)), specifier.text)).replace(/\.js$/, '.ts');
    if (known.has(target)) edges.push({ to: target, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, Boolean(node.importClause?.isTypeOnly));
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, node.isTypeOnly);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** The cycles of a graph: its strongly connected components of more than one file, or of a file importing itself. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const connect = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(node, Math.min(low.get(node) as number, low.get(to) as number));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node) as number, index.get(to) as number));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)?.includes(node)) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return found;
}

const files = sourceFiles();
const known = new Set(files);
const edges = new Map(files.map((file) => [file, importsOf(file, known)]));
const graphOf = (keep: (edge: Edge) => boolean) =>
  new Map([...edges].map(([file, out]) => [file, out.filter(keep).map((edge) => edge.to)]));

describe('the import graph', () => {
  it('is read from the files: it sees the imports it checks', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(edges.get('host/hooks.ts')?.map((edge) => edge.to)).toContain('host/body.ts');
    expect(edges.get('lib/define.ts')).toContainEqual({ to: 'lib/http/client.ts', typeOnly: true });
  });

  it('finds a cycle when there is one (the check can fail)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts', 'd.ts']],
      ['e.ts', []],
    ]);
    expect(cycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['d.ts']]);
  });

  it('has no cycle of imports that run (no file loads a file that loads it back)', () => {
    expect(cycles(graphOf((edge) => !edge.typeOnly))).toEqual([]);
  });

  it('has no cycle at all, type imports included, outside the sandbox org’s back-references to its whole', () => {
    const outsideSandboxOrg = cycles(graphOf(() => true)).filter(
      (cycle) => !cycle.every((file) => file === 'sandbox/state.ts' || file.startsWith('sandbox/org/')),
    );
    expect(outsideSandboxOrg).toEqual([]);
  });
});
