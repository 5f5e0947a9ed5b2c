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
