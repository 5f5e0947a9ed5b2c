import { describe, expect, it } from 'vitest';
import { isCitationKey } from '../protocol-config/citations.js';
import { ProvenanceSchema } from '../protocol-config/provenance.js';
import { dischargeReadinessRule, monitoringScheduleRule, overdueRule, vitalSignsRule, MODIFIED_ALDRETE_SOURCES } from './index.js';

describe('monitoring rules carry id, version, title and sources from the registry', () => {
  it.each([vitalSignsRule, monitoringScheduleRule, overdueRule, dischargeReadinessRule].map((r) => [r.id, r] as const))(
    '%s has a version, a title and at least one valid source',
    (_id, rule) => {
      expect(rule.version).toMatch(/^\d+$/);
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.sources.length).toBeGreaterThan(0);
      for (const p of rule.sources) expect(ProvenanceSchema.safeParse(p).success).toBe(true);
      expect(typeof rule.evaluate).toBe('function');
      expect(Object.isFrozen(rule)).toBe(true);
    },
  );
  it('the modified Aldrete cites registered sources', () => {
    for (const k of MODIFIED_ALDRETE_SOURCES) expect(isCitationKey(k)).toBe(true);
  });
});
