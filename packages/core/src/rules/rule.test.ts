import { describe, expect, it } from 'vitest';
import * as core from '../index.js';
import { ProvenanceSchema, fromSource } from '../protocol-config/provenance.js';
import { defineRule, ruleRef, type Rule } from './rule.js';

const looksLikeRule = (v: unknown): v is Rule =>
  typeof v === 'object' && v !== null && 'id' in v && 'version' in v && 'title' in v && 'sources' in v && 'evaluate' in v;

/** Every rule core exports: the named `*Rule`/`*Method` objects and the screening rule lists. */
const exported: [string, Rule][] = [
  ...Object.entries(core as Record<string, unknown>).filter((e): e is [string, Rule] => looksLikeRule(e[1])),
  ...core.SCREENING_RULES.map((r): [string, Rule] => [`SCREENING_RULES ${r.id}`, r]),
];

describe('defineRule and ruleRef', () => {
  const rule = defineRule({
    id: 'example',
    version: '3',
    title: 'An example',
    sources: [fromSource(['feder-2021'])],
    evaluate: (x: number) => x * 2,
  });
  it('freezes the rule and its sources, keeps evaluate', () => {
    expect(Object.isFrozen(rule)).toBe(true);
    expect(Object.isFrozen(rule.sources)).toBe(true);
    expect(rule.evaluate(2)).toBe(4);
  });
  it('ruleRef is id@version', () => {
    expect(ruleRef(rule)).toBe('example@3');
    expect(ruleRef(core.diagnosisRule)).toBe('diagnosis@2');
    expect(ruleRef(core.ivDoseRule)).toBe('iv-dose@2');
  });
  it.each([
    ['an empty id', { id: ' ', version: '1', title: 't' }],
    ['a numeric-looking but non-whole version', { id: 'x', version: '1.0', title: 't' }],
    ['version 0', { id: 'x', version: '0', title: 't' }],
    ['an empty title', { id: 'x', version: '1', title: '' }],
  ])('refuses %s', (_t, r) => {
    expect(() => defineRule({ ...r, sources: [], evaluate: () => 0 })).toThrow(RangeError);
  });
});

describe('every rule core exports has the one Rule shape', () => {
  it('finds the rules of every area', () => {
    const names = exported.map(([n]) => n);
    for (const n of [
      'ivDoseRule',
      'medicationInteractionsRule',
      'vitalSignsRule',
      'dischargeReadinessRule',
      'responseRule',
      'lossOfResponseRule',
      'pharmacokineticsRule',
      'ageRule',
    ]) {
      expect(names).toContain(n);
    }
    expect(exported.length).toBeGreaterThan(30);
  });
  it.each(exported)('%s: string version, a title, valid sources, frozen, a function', (_name, rule) => {
    expect(rule.version).toMatch(/^[1-9]\d*$/);
    expect(rule.title.trim()).not.toBe('');
    expect(rule.sources.length).toBeGreaterThan(0);
    for (const p of rule.sources) expect(ProvenanceSchema.safeParse(p).success).toBe(true);
    expect(Object.isFrozen(rule)).toBe(true);
    expect(typeof rule.evaluate).toBe('function');
  });
  it('rule ids are unique (one id per rule object)', () => {
    const rules = [...new Set(exported.map(([, r]) => r))];
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });
});
