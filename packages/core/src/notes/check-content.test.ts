import { describe, expect, it } from 'vitest';
import { infusionSeries6Template } from '../protocols/templates.js';
import { checkNoteContent, isNoteValueFilled, listMissingFields } from './check-content.js';
import {
  continuingCarePlanTemplate,
  describeFollowUpMeasures,
  findNoteTemplate,
  noteMinutes,
  initialNoteContent,
  integrationTemplate,
  NOTE_LIMITS,
  NOTE_TEMPLATE_IDS,
  NOTE_TEMPLATES,
  requiredNoteFields,
} from './templates.js';

const plan = {
  goals: ['Sleep through the night five nights a week', 'Walk to the shop alone'],
  maintenancePlan: 'Weekly trauma-focused therapy for 8 weeks; a maintenance session if PCL-5 rises.',
  followUpMeasures: 'PCL-5, PHQ-9 and C-SSRS at +7, +30 and +90 days',
  crisisResources: 'Call 988, or the clinic line.',
};

describe('note templates', () => {
  it('there is one template per note of the program, each with a version, a title and fields', () => {
    expect(NOTE_TEMPLATES.map((t) => t.id)).toEqual([...NOTE_TEMPLATE_IDS]);
    for (const t of NOTE_TEMPLATES) {
      expect(t.version).toMatch(/^\d+$/);
      expect(t.title).not.toBe('');
      expect(t.fields.length).toBeGreaterThan(0);
      expect(requiredNoteFields(t).length).toBeGreaterThan(0);
      expect(new Set(t.fields.map((f) => f.id)).size).toBe(t.fields.length);
      for (const f of t.fields) if (f.kind === 'choice') expect(f.options?.length).toBeGreaterThan(1);
    }
  });

  it('the continuing care plan requires goals (a list), the maintenance plan, follow-up measures and crisis resources', () => {
    expect(requiredNoteFields(continuingCarePlanTemplate)).toEqual(['goals', 'maintenancePlan', 'followUpMeasures', 'crisisResources']);
    expect(continuingCarePlanTemplate.fields.find((f) => f.id === 'goals')?.kind).toBe('list');
    expect(continuingCarePlanTemplate.printable).toBe(true);
    expect(continuingCarePlanTemplate.fields.find((f) => f.id === 'referrerSummary')?.clinicianOnly).toBe(true);
  });

  it('integration offers EMDR, Progressive Counting or other', () => {
    expect(integrationTemplate.fields.find((f) => f.id === 'modality')?.options?.map((o) => o.label)).toEqual([
      'EMDR',
      'Progressive Counting',
      'Other',
    ]);
  });

  it('finds a template by id, and by id and version; an unknown id or version is undefined', () => {
    expect(findNoteTemplate('integration')?.id).toBe('integration');
    expect(findNoteTemplate('integration', '1')?.id).toBe('integration');
    expect(findNoteTemplate('integration', '99')).toBeUndefined();
    expect(findNoteTemplate('toString')).toBeUndefined();
  });

  it('a template changes by a new version: integration and the discharge summary gained the minutes with the patient in version 2; version 1 is still read as written', () => {
    for (const id of ['integration', 'discharge-summary']) {
      const v1 = findNoteTemplate(id, '1');
      const v2 = findNoteTemplate(id, '2');
      expect(findNoteTemplate(id)).toBe(v2);
      expect(v1?.fields.some((f) => f.id === 'minutesWithPatient')).toBe(false);
      expect(v2?.fields.find((f) => f.id === 'minutesWithPatient')).toMatchObject({
        kind: 'minutes',
        required: false,
        clinicianOnly: true,
      });
      expect(v2?.fields.slice(0, -1)).toEqual(v1?.fields);
    }
  });

  it.each([
    ['45', undefined, 45],
    [' 60 ', undefined, 60],
    ['0', undefined, 0],
    ['720', undefined, 720],
    ['', undefined, null],
    ['721', 'Minutes with the patient must be at most 720 minutes', null],
    ['45.5', 'Minutes with the patient must be a whole number of minutes', null],
    ['forty', 'Minutes with the patient must be a whole number of minutes', null],
    ['-5', 'Minutes with the patient must be a whole number of minutes', null],
    [45, 'Minutes with the patient must be a whole number of minutes', null],
  ])('minutes with the patient %j: problem %j, read as %j', (value, problem, minutes) => {
    const check = checkNoteContent(integrationTemplate, { minutesWithPatient: value });
    expect(check.problems.map((p) => p.message)).toEqual(problem === undefined ? [] : [problem]);
    if (problem === undefined) expect(noteMinutes({ minutesWithPatient: value }, 'minutesWithPatient')).toBe(minutes);
  });

  it('the follow-up measures are prefilled from the measurement schedule: +7, +30 and +90 days', () => {
    expect(describeFollowUpMeasures(infusionSeries6Template)).toEqual([
      '+7 days after the last infusion: PCL-5 (past week), PHQ-9, C-SSRS screener',
      '+30 days after the last infusion: PCL-5 (past month), PHQ-9, C-SSRS screener',
      '+90 days after the last infusion: PCL-5 (past month), PHQ-9, C-SSRS screener',
    ]);
    const retreat = initialNoteContent(continuingCarePlanTemplate);
    expect(retreat.followUpMeasures).toContain('+7 days after day 5: PCL-5 (past week), PHQ-9, C-SSRS screener');
    expect(retreat.followUpMeasures).toContain('+90 days after day 5: PCL-5 (past month), PHQ-9, C-SSRS screener');
    expect(String(initialNoteContent(continuingCarePlanTemplate, infusionSeries6Template).followUpMeasures)).toContain(
      'after the last infusion',
    );
    expect(initialNoteContent(integrationTemplate)).toEqual({});
  });
});

describe('checkNoteContent', () => {
  it('a complete care plan has nothing missing and no problem', () => {
    expect(checkNoteContent(continuingCarePlanTemplate, plan)).toEqual({ missing: [], problems: [], complete: true });
  });

  it.each([
    ['absent', {}],
    ['undefined', { goals: undefined }],
    ['null', { goals: null }],
    ['an empty list', { goals: [] }],
    ['a list of blanks', { goals: ['', '  '] }],
  ])('a required list that is %s is missing', (_name, over) => {
    const r = checkNoteContent(continuingCarePlanTemplate, { ...plan, goals: undefined, ...over });
    expect(r.missing).toEqual([{ field: 'goals', label: 'Goals' }]);
    expect(r.complete).toBe(false);
  });

  it('every missing required field is named, in template order', () => {
    const r = checkNoteContent(continuingCarePlanTemplate, { maintenancePlan: '   ' });
    expect(r.missing.map((m) => m.field)).toEqual(['goals', 'maintenancePlan', 'followUpMeasures', 'crisisResources']);
    expect(listMissingFields(r.missing)).toBe('Goals, Maintenance plan, Follow-up measures and Crisis resources');
    expect(r.problems).toEqual([]);
  });

  it.each([
    ['goals', 'Walk', 'Goals must be a list of texts'],
    ['goals', ['ok', 3], 'Goals item 2 must be text'],
    ['goals', Array.from({ length: NOTE_LIMITS.listMaxItems + 1 }, () => 'x'), `Goals has more than ${NOTE_LIMITS.listMaxItems} items`],
    ['goals', ['y'.repeat(NOTE_LIMITS.textMaxChars + 1)], `Goals item 1 is longer than ${NOTE_LIMITS.textMaxChars} characters`],
    ['maintenancePlan', 12, 'Maintenance plan must be text'],
    ['maintenancePlan', { a: 1 }, 'Maintenance plan must be text'],
    [
      'maintenancePlan',
      'z'.repeat(NOTE_LIMITS.longTextMaxChars + 1),
      `Maintenance plan is longer than ${NOTE_LIMITS.longTextMaxChars} characters`,
    ],
  ])('%s = %j is a problem: %s', (fieldId, value, message) => {
    const r = checkNoteContent(continuingCarePlanTemplate, { ...plan, [fieldId]: value });
    expect(r.problems).toEqual([{ field: fieldId, label: expect.any(String), message }]);
    expect(r.complete).toBe(false);
  });

  it('a text field at its limit is fine (bound inclusive)', () => {
    expect(checkNoteContent(continuingCarePlanTemplate, { ...plan, goals: ['y'.repeat(NOTE_LIMITS.textMaxChars)] }).complete).toBe(true);
  });

  it('a key the template does not have is a problem naming the key', () => {
    const r = checkNoteContent(continuingCarePlanTemplate, { ...plan, mood: 'fine' });
    expect(r.problems).toEqual([{ field: 'mood', label: 'mood', message: 'mood is not a field of the Continuing care plan template' }]);
  });

  const integration = { modality: 'emdr', targets: 'the accident', process: 'six sets', stateAtClose: 'calm, grounded' };
  it.each([
    ['emdr', {}, []],
    ['progressive-counting', {}, []],
    ['other', {}, ['modalityOther']],
    ['other', { modalityOther: 'Flash technique' }, []],
  ])('integration with modality %s and %j misses %j', (modality, extra, missing) => {
    const r = checkNoteContent(integrationTemplate, { ...integration, modality, ...extra });
    expect(r.missing.map((m) => m.field)).toEqual(missing);
    expect(r.problems).toEqual([]);
  });

  it('a modality that is not an option is a problem; an empty one is missing', () => {
    expect(checkNoteContent(integrationTemplate, { ...integration, modality: 'hypnosis' }).problems).toEqual([
      { field: 'modality', label: 'Modality', message: 'Modality must be one of: emdr, progressive-counting, other' },
    ]);
    expect(checkNoteContent(integrationTemplate, { ...integration, modality: '' }).missing).toEqual([
      { field: 'modality', label: 'Modality' },
    ]);
  });

  it.each([
    ['text', true],
    ['  ', false],
    ['', false],
    [[], false],
    [['', 'a'], true],
    [0, false],
    [false, false],
    [null, false],
    [undefined, false],
  ])('isNoteValueFilled(%j) is %s', (value, filled) => {
    expect(isNoteValueFilled(value)).toBe(filled);
  });
});
