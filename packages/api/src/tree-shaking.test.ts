/**
 * The web bundles only the contract's value lists and the request schemas its forms check; every
 * response schema must drop out of its bundle (issue 16 allows the contract at most 20 KB gzip).
 * The bundler drops an unused schema only when building it has no side effect in its eyes: `z`
 * calls are declared pure in the web's build, and anything else at module level must be marked
 * (`/* @__PURE__ *\/ X.optional()`, `pureSchema(() => ...)` around spreads, `@__NO_SIDE_EFFECTS__`
 * helpers). This test names each unmarked expression that would keep schemas in the bundle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;

/** Module-level expressions the bundler would keep: spreads, calls not on `z`, not marked pure, not to a helper marked free of side effects. */
function keptExpressions(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const noSideEffects = new Set<string>();
  for (const m of text.matchAll(/@__NO_SIDE_EFFECTS__ \*\/\s*(?:export\s+)?function\s+([A-Za-z_$][\w$]*)/g))
    if (m[1] !== undefined) noSideEffects.add(m[1]);
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'\.\/common\.js'/g))
    for (const name of (m[1] ?? '').split(',')) if (['itemsOf', 'pureSchema'].includes(name.trim())) noSideEffects.add(name.trim());
  const found: string[] = [];
  const marked = (node: ts.Node) => text.slice(Math.max(0, node.getStart(sf) - 20), node.getStart(sf)).includes('@__PURE__');
  const rootOf = (e: ts.Expression): ts.Expression => {
    let r = e;
    // Type-only wrappers (`(x satisfies T)`, `x as T`) vanish from the bundle.
    while (
      ts.isCallExpression(r) ||
      ts.isPropertyAccessExpression(r) ||
      ts.isElementAccessExpression(r) ||
      ts.isNonNullExpression(r) ||
      ts.isParenthesizedExpression(r) ||
      ts.isSatisfiesExpression(r) ||
      ts.isAsExpression(r)
    )
      r = r.expression;
    return r;
  };
  const where = (node: ts.Node) =>
    `${fileName}:${String(sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1)} ${node.getText(sf).slice(0, 60)}`;
  const visit = (node: ts.Node, inChain: boolean): void => {
    if (
      ts.isFunctionLike(node) ||
      ts.isTypeNode(node) ||
      ts.isImportDeclaration(node) ||
      ts.isTypeAliasDeclaration(node) ||
      ts.isInterfaceDeclaration(node)
    )
      return;
    if (ts.isCallExpression(node) && !inChain) {
      if (ts.isIdentifier(node.expression)) {
        if (node.expression.text !== 'z' && !noSideEffects.has(node.expression.text) && !marked(node)) found.push(where(node));
        if (noSideEffects.has(node.expression.text)) return;
      } else {
        const root = rootOf(node.expression);
        if (!(ts.isIdentifier(root) && root.text === 'z') && !marked(node)) found.push(where(node));
      }
    }
    if (ts.isSpreadAssignment(node) || ts.isSpreadElement(node)) found.push(where(node));
    ts.forEachChild(node, (child) => {
      visit(
        child,
        ts.isCallExpression(node) ? child === node.expression : ts.isPropertyAccessExpression(node) && inChain && child === node.expression,
      );
    });
  };
  visit(sf, false);
  return found;
}

describe('the contract can be tree-shaken by the web build', () => {
  it('no schema is built at module level with a side effect the bundler would keep', () => {
    const files = readdirSync(SRC).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((f) => keptExpressions(f, readFileSync(join(SRC, f), 'utf8')))).toEqual([]);
  });

  it.each([
    ['a schema built on a local one, unmarked', 'const A = z.string();\nexport const B = A.optional();', 1],
    ['the same, marked pure', 'const A = z.string();\nexport const B = /* @__PURE__ */ A.optional();', 0],
    ['a chain on z', 'export const A = z.string().trim().min(1).optional();', 0],
    ['a spread of shared fields', 'const f = { a: z.string() };\nexport const B = z.object({ ...f, b: z.number() });', 1],
    [
      'the same inside pureSchema',
      "import { pureSchema } from './common.js';\nconst f = { a: z.string() };\nexport const B = pureSchema(() => z.object({ ...f, b: z.number() }));",
      0,
    ],
    ['a spread list', "export const C = z.enum([...LIST, 'x']);", 1],
    ['a local helper not marked', 'function h(x) { return z.array(x); }\nexport const D = h(z.string());', 1],
    [
      'a local helper marked free of side effects',
      '/* @__NO_SIDE_EFFECTS__ */\nfunction h(x) { return z.array(x); }\nexport const D = h(z.string());',
      0,
    ],
    ['Object.keys of a list, unmarked', 'export const K = Object.keys(LIST);', 1],
  ])('%s: %d kept', (_name, source, kept) => {
    expect(keptExpressions('x.ts', source)).toHaveLength(kept);
  });
});
