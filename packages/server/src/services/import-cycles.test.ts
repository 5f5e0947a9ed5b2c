import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Every feature folder of services/ (once the intake services imported each other in a loop). */
const FEATURES = readdirSync(HERE, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [join(dir, d.name)] : [],
  );
}

/** Each service file's relative imports inside services/ (type-only imports too: they are edges of the design). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(HERE)) {
    const targets = [...readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)]
      .map((m) => resolve(dirname(file), `${m[1]}.ts`))
      .filter((t) => t.startsWith(HERE));
    graph.set(relative(HERE, file), [...new Set(targets.map((t) => relative(HERE, t)))]);
  }
  return graph;
}

/** Every cycle found by a depth-first search, each as the files along it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(path.slice(path.indexOf(next)));
      else if (state.get(next) === undefined) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (state.get(file) === undefined) visit(file);
  return found;
}

describe('services: the feature folders import each other without a cycle', () => {
  it('no import cycle passes through any folder of services/ (each feature, its internals, access, demo)', () => {
    const graph = importGraph();
    expect([...graph.keys()].filter((f) => FEATURES.some((d) => f.startsWith(`${d}/`))).length).toBeGreaterThan(20);
    const ours = cycles(graph).filter((c) => c.some((f) => FEATURES.some((d) => f.startsWith(`${d}/`))));
    expect(ours).toEqual([]);
  });

  it('finds a cycle when there is one (the check is not blind)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
