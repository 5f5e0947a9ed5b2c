import { describe, expect, it } from 'vitest';
import { DEFAULT_PROTOCOL_CONFIG as config } from '../protocol-config/schema.js';
import { assessChecklist, type ChecklistContext, type ChecklistFacts } from './checklist.js';

const START = Date.parse('2026-12-08T14:00:00Z');
const at = (minutes: number) => new Date(START + minutes * 60_000).toISOString();
const h = (hours: number) => at(-hours * 60);

/** A patient ready to start: every fact recorded; override what the row is about. */
const FACTS: ChecklistFacts = {
  fasting: { lastSolidsAt: h(8), lastClearLiquidsAt: h(3) },
  benzodiazepineLastDoseAt: h(20),
  stimulantHeldToday: true,
  pregnancyTest: { at: h(1), result: 'negative' },
  escort: { name: 'Sam Rivers', phone: '555-0199' },
  intention: 'to stay with what comes',
  premedication: { given: true },
};
const CTX: ChecklistContext = {
  asOf: at(0),
  dayStartAt: h(9),
  flags: { benzodiazepine: true, stimulant: true, pregnancyPossible: true },
  preDoseVitals: { status: 'met', message: 'ok', parameter: 'vitals.preDose.fullSetWithinMinutes' },
  openPreDoseAlerts: 0,
  cssrs: { answeredAt: h(2), risk: 'none' },
  screeningItems: {
    sessionDate: '2026-12-08',
    completed: { labs: '2026-10-01', ecg: null, physicalExam: '2026-09-09', psychiatricEvaluation: '2026-11-01' },
    ecgRequired: false,
  },
};

const status = (facts: Partial<ChecklistFacts>, ctx: Partial<ChecklistContext>, id: string) =>
  assessChecklist({ ...FACTS, ...facts }, { ...CTX, ...ctx }, config).items.find((i) => i.id === id)?.status;

describe('the pre-dose checklist as facts (protocol-defaults.md, Before dosing)', () => {
  it('every fact recorded: complete', () => {
    const r = assessChecklist(FACTS, CTX, config);
    expect(r.complete).toBe(true);
    expect(r.items.map((i) => i.status)).toEqual(['done', 'done', 'done', 'done', 'done', 'done', 'done', 'done', 'done', 'done', 'done']);
  });
  type Row = [title: string, facts: Partial<ChecklistFacts>, ctx: Partial<ChecklistContext>, id: string, status: string];
  const rows: Row[] = [
    ['solids exactly 6 h before: bound inclusive', { fasting: { lastSolidsAt: h(6), lastClearLiquidsAt: h(3) } }, {}, 'fasting', 'done'],
    ['solids 5.9 h before is not fasted', { fasting: { lastSolidsAt: h(5.9), lastClearLiquidsAt: h(3) } }, {}, 'fasting', 'to-do'],
    [
      'clear liquids exactly 2 h before: bound inclusive',
      { fasting: { lastSolidsAt: h(8), lastClearLiquidsAt: h(2) } },
      {},
      'fasting',
      'done',
    ],
    ['clear liquids 1.5 h before is not', { fasting: { lastSolidsAt: h(8), lastClearLiquidsAt: h(1.5) } }, {}, 'fasting', 'to-do'],
    ['no fasting times: to do', { fasting: undefined }, {}, 'fasting', 'to-do'],
    ['benzodiazepine exactly 12 h before: bound inclusive', { benzodiazepineLastDoseAt: h(12) }, {}, 'benzodiazepine-hold', 'done'],
    ['benzodiazepine 6 h before is a hold', { benzodiazepineLastDoseAt: h(6) }, {}, 'benzodiazepine-hold', 'hold'],
    ['benzodiazepine time not recorded: to do', { benzodiazepineLastDoseAt: undefined }, {}, 'benzodiazepine-hold', 'to-do'],
    [
      'no benzodiazepine flagged: not required',
      { benzodiazepineLastDoseAt: undefined },
      { flags: { benzodiazepine: false, stimulant: true, pregnancyPossible: true } },
      'benzodiazepine-hold',
      'not-required',
    ],
    ['stimulant taken today: to do', { stimulantHeldToday: false }, {}, 'stimulant-hold', 'to-do'],
    ['pregnancy test negative today: done', {}, {}, 'pregnancy-test', 'done'],
    ['pregnancy test positive: hold', { pregnancyTest: { at: h(1), result: 'positive' } }, {}, 'pregnancy-test', 'hold'],
    ['pregnancy test yesterday: to do', { pregnancyTest: { at: h(10), result: 'negative' } }, {}, 'pregnancy-test', 'to-do'],
    [
      'pregnancy not possible: not required',
      { pregnancyTest: undefined },
      { flags: { benzodiazepine: true, stimulant: true, pregnancyPossible: false } },
      'pregnancy-test',
      'not-required',
    ],
    ['escort without a phone: to do', { escort: { name: 'Sam Rivers', phone: ' ' } }, {}, 'escort', 'to-do'],
    ['C-SSRS not answered today: to do', {}, { cssrs: { answeredAt: h(24), risk: 'none' } }, 'cssrs-today', 'to-do'],
    ['C-SSRS never answered: to do', {}, { cssrs: undefined }, 'cssrs-today', 'to-do'],
    ['C-SSRS high risk today: hold', {}, { cssrs: { answeredAt: h(1), risk: 'high' } }, 'cssrs-today', 'hold'],
    [
      'C-SSRS high risk overridden by a prescriber: done',
      {},
      { cssrs: { answeredAt: h(1), risk: 'high' }, cssrsOverride: { reason: 'seen by psychiatry; safety plan in place' } },
      'cssrs-today',
      'done',
    ],
    [
      'C-SSRS moderate risk today: done (routing makes the task)',
      {},
      { cssrs: { answeredAt: h(1), risk: 'moderate' } },
      'cssrs-today',
      'done',
    ],
    [
      'pre-dose vitals missing: to do',
      {},
      { preDoseVitals: { status: 'missing', message: 'take a full set', parameter: 'vitals.preDose.fullSetWithinMinutes' } },
      'pre-dose-vitals',
      'to-do',
    ],
    ['an open pre-dose alert: to do', {}, { openPreDoseAlerts: 1 }, 'pre-dose-vitals', 'to-do'],
    ['premedication not recorded: to do', { premedication: undefined }, {}, 'premedication', 'to-do'],
    [
      'premedication declined with a reason: done',
      { premedication: { given: false, reason: 'declined by the patient' } },
      {},
      'premedication',
      'done',
    ],
    [
      'a review hold on the screening holds the infusion',
      {},
      { screeningHold: { kind: 'absolute', reasons: ['contraindication:pregnancy: fail'] } },
      'screening',
      'hold',
    ],
    ['a physical exam exactly 90 days before the session counts: bound inclusive', {}, {}, 'screening-items', 'done'],
    [
      'a physical exam 91 days before the session is a hold',
      {},
      {
        screeningItems: {
          sessionDate: '2026-12-09',
          completed: { labs: '2026-10-01', physicalExam: '2026-09-09', psychiatricEvaluation: '2026-11-01' },
          ecgRequired: false,
        },
      },
      'screening-items',
      'hold',
    ],
    [
      'a required ECG not on record is a hold',
      {},
      {
        screeningItems: {
          sessionDate: '2026-12-08',
          completed: { labs: '2026-10-01', physicalExam: '2026-09-09', psychiatricEvaluation: '2026-11-01' },
          ecgRequired: true,
        },
      },
      'screening-items',
      'hold',
    ],
  ];
  it.each(rows)('%s', (_t, facts, ctx, id, expected) => {
    expect(status(facts, ctx, id)).toBe(expected);
  });
  it('items name the protocol parameters they are judged by', () => {
    const items = assessChecklist(FACTS, CTX, config).items;
    expect(items.find((i) => i.id === 'fasting')?.parameters).toEqual(['preDose.fasting.solidsHours', 'preDose.fasting.clearLiquidsHours']);
    expect(items.find((i) => i.id === 'benzodiazepine-hold')?.parameters).toEqual(['preDose.benzodiazepineLastDoseMinHours']);
  });
  it('a benzodiazepine 6 h before says how long to wait', () => {
    const item = assessChecklist({ ...FACTS, benzodiazepineLastDoseAt: h(6) }, CTX, config).items.find(
      (i) => i.id === 'benzodiazepine-hold',
    );
    expect(item?.detail).toBe('last dose only 6 h before: wait until 12 h have passed');
  });
});

describe('a screening hold on the checklist is in plain words', () => {
  it('names the changed check by its label, never its id', () => {
    const items = assessChecklist(
      FACTS,
      {
        ...CTX,
        screeningHold: { kind: 'absolute', reasons: ['contraindication:psychosis-history: fail (history of psychosis recorded)'] },
      },
      config,
    ).items;
    const detail = items.find((i) => i.id === 'screening')?.detail ?? '';
    expect(detail).toContain('Contraindication: psychosis history: failed (history of psychosis recorded)');
    expect(detail).not.toMatch(/contraindication:|psychosis-history/);
  });
});

describe('before a maintenance session (protocol-defaults.md, Maintenance and program reporting)', () => {
  const NO: ChecklistFacts['bladderSymptoms'] = { frequency: false, urgency: false, painOnUrination: false, bloodInUrine: false };
  const maintenance = (prior: number, over: Partial<ChecklistContext> = {}): Partial<ChecklistContext> => ({
    maintenance: { priorInfusionsIn12Months: prior },
    ...over,
  });
  type Row = [title: string, facts: Partial<ChecklistFacts>, ctx: Partial<ChecklistContext>, id: string, status: string | undefined];
  const rows: Row[] = [
    ['not a maintenance session: no bladder item', { bladderSymptoms: undefined }, {}, 'bladder-symptoms', undefined],
    ['not a maintenance session: no infusion count', {}, {}, 'cumulative-infusions', undefined],
    ['maintenance, questions not asked: to do', { bladderSymptoms: undefined }, maintenance(3), 'bladder-symptoms', 'to-do'],
    ['four noes: done', { bladderSymptoms: NO }, maintenance(3), 'bladder-symptoms', 'done'],
    ['urgency yes: hold', { bladderSymptoms: { ...NO, urgency: true } }, maintenance(3), 'bladder-symptoms', 'hold'],
    ['blood in urine yes: hold', { bladderSymptoms: { ...NO, bloodInUrine: true } }, maintenance(3), 'bladder-symptoms', 'hold'],
    [
      'a yes reviewed by a prescriber: done',
      { bladderSymptoms: { ...NO, frequency: true } },
      maintenance(3, { maintenanceOverrides: { 'bladder-symptoms': { reason: 'urinalysis clear' } } }),
      'bladder-symptoms',
      'done',
    ],
    [
      'an acknowledgement of the count does not clear a bladder hold',
      { bladderSymptoms: { ...NO, painOnUrination: true } },
      maintenance(3, { maintenanceOverrides: { 'cumulative-infusions': { reason: 'ok' } } }),
      'bladder-symptoms',
      'hold',
    ],
    ['11 before: the 12th, at the limit: done', { bladderSymptoms: NO }, maintenance(11), 'cumulative-infusions', 'done'],
    ['12 before: the 13th, above the limit: hold', { bladderSymptoms: NO }, maintenance(12), 'cumulative-infusions', 'hold'],
    [
      'the 13th acknowledged by a prescriber: done',
      { bladderSymptoms: NO },
      maintenance(12, { maintenanceOverrides: { 'cumulative-infusions': { reason: 'responding, discussed the bladder risk' } } }),
      'cumulative-infusions',
      'done',
    ],
  ];
  it.each(rows)('%s', (_t, facts, ctx, id, expected) => {
    expect(status(facts, ctx, id)).toBe(expected);
  });
  it('a hold names the symptoms and what to do, and blocks the checklist', () => {
    const r = assessChecklist(
      { ...FACTS, bladderSymptoms: { ...NO, urgency: true, bloodInUrine: true } },
      { ...CTX, ...maintenance(0) },
      config,
    );
    expect(r.complete).toBe(false);
    expect(r.items.find((i) => i.id === 'bladder-symptoms')?.detail).toBe(
      'urgency, blood in urine: no infusion until a prescriber reviews it (a urinalysis is suggested)',
    );
  });
  it('the count says which infusion this would be against the site limit', () => {
    const item = assessChecklist({ ...FACTS, bladderSymptoms: NO }, { ...CTX, ...maintenance(12) }, config).items.find(
      (i) => i.id === 'cumulative-infusions',
    );
    expect(item?.detail).toBe(
      "this would be the 13th infusion in 12 months (12 before it; the site's limit is 12): a prescriber acknowledges it before the infusion",
    );
    expect(item?.parameters).toEqual(['preDose.maintenance.cumulativeInfusionsLimit']);
  });
  it('a site that does not ask the bladder questions: not required', () => {
    const site = {
      ...config,
      preDose: {
        ...config.preDose,
        maintenance: {
          ...config.preDose.maintenance,
          bladderSymptomsHold: { ...config.preDose.maintenance.bladderSymptomsHold, value: false },
        },
      },
    };
    const r = assessChecklist({ ...FACTS, bladderSymptoms: undefined }, { ...CTX, ...maintenance(1) }, site);
    expect(r.items.find((i) => i.id === 'bladder-symptoms')?.status).toBe('not-required');
    expect(r.complete).toBe(true);
  });
});
