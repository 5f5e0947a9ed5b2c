/**
 * Accessibility checks in the browser: axe-core (WCAG 2.1 A and AA rules) run inside the page.
 * The script is evaluated through the DevTools protocol, so the page's Content-Security-Policy
 * (which refuses injected scripts) stays as strict as in production.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string; summary: string }[];
}

/** The serious and critical WCAG 2.1 A/AA violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<AxeRun> } }).axe;
    interface AxeRun {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[];
    }
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: (n.failureSummary ?? '').slice(0, 300) })),
      }));
  });
}

/** A readable list of findings for a failed expectation. */
export function describeFindings(where: string, findings: readonly AxeFinding[]): string {
  return findings
    .map(
      (f) =>
        `${where}: ${f.id} (${f.impact}, ${f.nodes.length}): ${f.help}\n${f.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target} — ${n.summary.replace(/\n/g, ' ')}`)
          .join('\n')}`,
    )
    .join('\n');
}
