/**
 * The import graph of lib/ reads as the pipeline: no file imports a later stage, and no files import
 * each other in a circle (type-only imports count too: they tie the modules together just the same).
 *
 * The stage order is STYLE.md's pipeline, load -> clean -> features -> embed -> cluster ->
 * evaluate/fairness -> profile/campaigns -> report, with the other folders of lib/ placed in it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../helpers/paths';

/** Folders of lib/ by rank: a file may import its own rank or an earlier one, never a later one. */
export const STAGE_ORDER: readonly (readonly string[])[] = [
  // Foundations used by every stage: messages, files, seeded randomness, statistics.
  ['errors', 'io', 'random', 'stats'],
  // The worker-thread pool (issue 15): imports no stage; workers load a task's module by name.
  ['parallel'],
  // The run config, validated once at the edge.
  ['config'],
  ['load'],
  ['clean'],
  // The CLI's inspect step: proposes column roles from a sample read and parsed as cleaning does.
  ['inspect'],
  ['features'],
  ['embed'],
  // The measures (distances, silhouette, ARI, PCA) that cluster uses to choose k and evaluation reports.
  ['evaluate'],
  ['cluster'],
  ['fairness'],
  ['profile', 'campaigns', 'clv'],
  ['report'],
  // The pipeline runner wires the stages; a saved model scores with them; compare and track use both.
  // The warehouse run and the notebook workbench drive the same stages from a database or Danfo frames.
  ['pipeline', 'model', 'compare', 'track', 'warehouse', 'workbench'],
  // Tooling and the public entries.
  ['cli', 'notebook', 'data', 'index.ts', 'tooling.ts'],
];

/**
 * Arrows that are known and owned elsewhere, each with the way out. Keep this list empty when you can.
 */
const KNOWN: Record<string, string> = {};

const libRoot = path.join(repoRoot, 'lib');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every relative import and re-export of each file of lib/, resolved to a file (type-only ones included). */
export function importGraph(root = libRoot): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => {
        const base = path.resolve(path.dirname(file), name);
        return [`${base}.ts`, path.join(base, 'index.ts'), base].find((p) => fs.existsSync(p) && fs.statSync(p).isFile()) ?? base;
      });
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

const rel = (file: string): string => path.relative(repoRoot, file).split(path.sep).join('/');

/** The rank of a file: the rank of its folder under lib/ (or of the file itself at lib/'s top). */
function rankOf(file: string): number {
  const top = path.relative(libRoot, file).split(path.sep)[0];
  const rank = STAGE_ORDER.findIndex((names) => names.includes(top));
  assert.ok(rank >= 0, `lib/${top} has no place in STAGE_ORDER (test/lint/import-graph.test.ts): add it where it belongs in the pipeline`);
  return rank;
}

/** Strongly connected components with more than one file (Tarjan), i.e. the import cycles. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, indices.get(w) as number));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.map(rel).sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

/** The graph without the known arrows. */
function withoutKnown(graph: Map<string, string[]>): Map<string, string[]> {
  return new Map([...graph].map(([from, tos]) => [from, tos.filter((to) => !KNOWN[`${rel(from)} -> ${rel(to)}`])]));
}

test('no file of lib/ imports a later stage', () => {
  const graph = withoutKnown(importGraph());
  assert.ok(graph.size > 150, `read ${graph.size} files`);
  const backwards: string[] = [];
  for (const [from, tos] of graph) {
    for (const to of tos) {
      if (!to.startsWith(libRoot)) continue;
      if (rankOf(to) > rankOf(from)) backwards.push(`${rel(from)} -> ${rel(to)}`);
    }
  }
  assert.deepEqual(backwards, [], `a stage imports a later stage (STAGE_ORDER in this test):\n${backwards.join('\n')}`);
});

test('the import graph of lib/ has no cycle', () => {
  const found = cycles(withoutKnown(importGraph()));
  assert.deepEqual(found, [], `import cycles:\n${found.map((c) => c.join(' <-> ')).join('\n')}`);
});

test('the checks find what they look for (a planted backward arrow and a planted cycle)', () => {
  const a = path.join(libRoot, 'clean', 'a.ts');
  const b = path.join(libRoot, 'clean', 'b.ts');
  const later = path.join(libRoot, 'report', 'c.ts');
  assert.ok(rankOf(later) > rankOf(a));
  assert.deepEqual(cycles(new Map([[a, [b]], [b, [a]], [later, []]])), [['lib/clean/a.ts', 'lib/clean/b.ts']]);
  assert.deepEqual(cycles(new Map([[a, [b]], [b, []]])), []);
  // Every known exception is still an arrow of the graph (delete it once the import is gone).
  const graph = importGraph();
  for (const arrow of Object.keys(KNOWN)) {
    const [from, to] = arrow.split(' -> ');
    assert.ok(graph.get(path.join(repoRoot, from))?.includes(path.join(repoRoot, to)), `${arrow} is no longer imported: remove it from KNOWN`);
  }
});
