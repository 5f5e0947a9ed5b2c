/**
 * Pure mappers of Kairos's medication records to FHIR R4:
 * - a ketamine dose order (`dose_order` and its calculation) becomes a MedicationRequest: ketamine
 *   (RxNorm 6130), its route in SNOMED CT (intravenous, intramuscular, sublingual), the dose in mg
 *   (an infusion: over the ordered minutes at the pump rate), and the independent double check as
 *   a note;
 * - the dose of a session that started becomes a MedicationAdministration: an infusion from the
 *   pump's start to its stop, the mg given as the pump's events integrate them (the infusion
 *   record's "Infused"), at the last rate set; an injection or an oral/sublingual dose at the
 *   instant it was given, the ordered mg;
 * - a medication the patient takes (a `medication` fact) becomes a MedicationStatement, coded in
 *   RxNorm only where the interaction table gives the ingredient's RxCUI (clinical-facts.md
 *   section 11), else by its name as text.
 *
 * @module
 */
import type { CodeableConcept, Dosage, MedicationAdministration, MedicationRequest, MedicationStatement } from '@medplum/fhirtypes';
import { medicationNameWords, medicationsDefaults } from '../protocol-config/sections/medications.js';
import { recognizeMedication } from '../screening/medication-interactions.js';
import { pumpEventsOf, trackInfusion, type RecordedPumpEvent } from '../session/infusion.js';
import type { SessionState } from '../session/steps.js';
import { metaOf } from './administrative.js';
import { FHIR_SYSTEMS, KETAMINE_RXNORM, ROUTE_SNOMED } from './terminology.js';
import type { DosingRoute } from '../session/routes.js';

/** Ketamine as `medicationCodeableConcept` (RxNorm ingredient 6130), a fresh copy each time. */
export const ketamineConcept = (): CodeableConcept => ({
  coding: [{ system: KETAMINE_RXNORM.system, code: KETAMINE_RXNORM.code, display: KETAMINE_RXNORM.display }],
  text: 'ketamine',
});

const ROUTE_TEXT: Readonly<Record<DosingRoute, string>> = Object.freeze({ IV: 'intravenous', IM: 'intramuscular', SL: 'oral/sublingual' });

/** The route of a ketamine dose: its SNOMED CT code (the FHIR route-codes value set) and words, a fresh copy each time. */
export const routeConcept = (route: DosingRoute): CodeableConcept => {
  const c = ROUTE_SNOMED[route];
  return { coding: [{ system: c.system, code: c.code, display: c.display }], text: ROUTE_TEXT[route] };
};

const ucum = (value: number, code: string, unit: string) => ({ value, unit, system: FHIR_SYSTEMS.ucum, code });

/** One ketamine dose order, as stored, with the state of its session. */
export interface DoseOrderRecord {
  id: string;
  sessionId: string;
  patientId: string;
  orderedBy: string;
  orderedAt: Date;
  /** How the dose is given (IV for orders recorded before routes). */
  route: DosingRoute;
  /** Dose, mg (the calculation's `doseMg`). */
  doseMg: number;
  /** IV: infusion minutes ordered (the calculation's `inputs.minutes`); null for the other routes. */
  minutes: number | null;
  /** IV: pump rate, mL/h (the calculation's `rateMlPerHour`); null for the other routes. */
  rateMlPerHour: number | null;
  /** IV: bag total, mL (the calculation's `bagTotalMl`); null for the other routes. */
  bagTotalMl: number | null;
  doubleCheckedBy: string | null;
  doubleCheckedAt: Date | null;
  sessionState: SessionState;
  /** The infusion started (for an aborted session: stopped rather than cancelled). */
  infusionStarted: boolean;
  /** A later order of the same session replaced this one. */
  superseded: boolean;
  synthetic: boolean;
}

/**
 * The FHIR status of a dose order: `active` until its session's infusion has ended (observing,
 * discharged: `completed`); an aborted session's order `stopped` when its infusion had started, else
 * `cancelled`; an order a later one replaced, `cancelled`.
 */
export function doseOrderStatus(o: Pick<DoseOrderRecord, 'sessionState' | 'infusionStarted' | 'superseded'>): MedicationRequest['status'] {
  if (o.superseded) return 'cancelled';
  switch (o.sessionState) {
    case 'observing':
    case 'discharged':
      return 'completed';
    case 'aborted':
      return o.infusionStarted ? 'stopped' : 'cancelled';
    default:
      return 'active';
  }
}

/**
 * A dose order as a MedicationRequest (intent order): ketamine, its route coded, the dose in mg
 * (and for an IV infusion its minutes and rate), the double check as a note.
 */
export function toFhirMedicationRequest(o: DoseOrderRecord): MedicationRequest {
  const infusion = o.route === 'IV' && o.minutes !== null && o.rateMlPerHour !== null && o.bagTotalMl !== null;
  const dosage: Dosage = infusion
    ? {
        text: `${o.doseMg} mg ketamine intravenously over ${o.minutes} min (${o.bagTotalMl} mL at ${o.rateMlPerHour} mL/h)`,
        timing: { repeat: { count: 1, duration: o.minutes as number, durationUnit: 'min' } },
        route: routeConcept('IV'),
        doseAndRate: [{ doseQuantity: ucum(o.doseMg, 'mg', 'mg'), rateQuantity: ucum(o.rateMlPerHour as number, 'mL/h', 'mL/h') }],
      }
    : {
        text: `${o.doseMg} mg ketamine ${o.route === 'IM' ? 'by intramuscular injection' : 'oral/sublingual'}, once`,
        timing: { repeat: { count: 1 } },
        route: routeConcept(o.route),
        doseAndRate: [{ doseQuantity: ucum(o.doseMg, 'mg', 'mg') }],
      };
  return {
    resourceType: 'MedicationRequest',
    id: o.id,
    meta: metaOf(o.doubleCheckedAt ?? o.orderedAt, o.synthetic),
    status: doseOrderStatus(o),
    intent: 'order',
    medicationCodeableConcept: ketamineConcept(),
    subject: { reference: `Patient/${o.patientId}` },
    authoredOn: o.orderedAt.toISOString(),
    requester: { reference: `Practitioner/${o.orderedBy}` },
    dosageInstruction: [dosage],
    ...(o.doubleCheckedBy === null || o.doubleCheckedAt === null
      ? {}
      : {
          note: [
            {
              authorReference: { reference: `Practitioner/${o.doubleCheckedBy}` },
              time: o.doubleCheckedAt.toISOString(),
              text: 'Dose independently double-checked by a second licensed user',
            },
          ],
        }),
  };
}

/** The infusion of a dosing session that started, as stored: its order's numbers and the pump's events. */
export interface InfusionRecord {
  /** The session's id (the MedicationAdministration's id). */
  sessionId: string;
  patientId: string;
  /** The order in force (the session's latest). */
  orderId: string;
  /** How the dose was given (IV for sessions recorded before routes). */
  route: DosingRoute;
  doseMg: number;
  /** IV: the order's bag total and minutes; null for the other routes. */
  bagTotalMl: number | null;
  minutes: number | null;
  /** When the infusion started, or the dose was given. */
  startedAt: Date;
  endedAt: Date | null;
  sessionState: SessionState;
  /** Who started the pump (the nurse at the chair), when recorded. */
  startedBy: string | null;
  /** The pump's events in the order recorded (a corrected stop included). */
  events: readonly RecordedPumpEvent[];
  updatedAt: Date;
  synthetic: boolean;
}

/** What the pump gave by `asOf`: mg (rounded to 0.1 mg, as the infusion record prints it), mL, and the last rate set. */
export function infusionGiven(r: InfusionRecord, asOf: Date): { mg: number; ml: number; lastRateMlPerHour: number | null } {
  if (r.bagTotalMl === null || r.minutes === null) return { mg: r.doseMg, ml: 0, lastRateMlPerHour: null };
  const progress = trackInfusion(pumpEventsOf(r.events), { bagTotalMl: r.bagTotalMl, plannedMinutes: r.minutes }, asOf.toISOString());
  const concentration = r.doseMg / r.bagTotalMl;
  const rates = r.events.flatMap((e) => ((e.kind === 'start' || e.kind === 'rate') && e.rateMlPerHour !== null ? [e.rateMlPerHour] : []));
  return {
    mg: Math.round(progress.infusedMl * concentration * 10) / 10,
    ml: progress.infusedMl,
    lastRateMlPerHour: rates.at(-1) ?? null,
  };
}

/**
 * The FHIR status of an infusion, by its session's state: `in-progress` while infusing or paused;
 * `completed` once the pump was stopped at the chair (observing, discharged); `stopped` when the
 * session was aborted after the start (halted and abandoned). The mg given says how much of the
 * order the infusion gave.
 */
export function infusionStatus(state: SessionState): MedicationAdministration['status'] {
  switch (state) {
    case 'observing':
    case 'discharged':
      return 'completed';
    case 'aborted':
      return 'stopped';
    default:
      return 'in-progress';
  }
}

/**
 * A session's dose as a MedicationAdministration: ketamine, its route coded, the order, who gave
 * it. An infusion: start to stop, the mg given at the last rate. An injection or an oral/sublingual
 * dose: the instant it was given and the ordered mg.
 */
export function toFhirMedicationAdministration(r: InfusionRecord, asOf: Date): MedicationAdministration {
  const common = {
    resourceType: 'MedicationAdministration' as const,
    id: r.sessionId,
    meta: metaOf(r.updatedAt, r.synthetic),
    status: infusionStatus(r.sessionState),
    medicationCodeableConcept: ketamineConcept(),
    subject: { reference: `Patient/${r.patientId}` },
    ...(r.startedBy === null ? {} : { performer: [{ actor: { reference: `Practitioner/${r.startedBy}` } }] }),
    request: { reference: `MedicationRequest/${r.orderId}` },
  };
  if (r.route !== 'IV' || r.bagTotalMl === null || r.minutes === null)
    return {
      ...common,
      effectiveDateTime: r.startedAt.toISOString(),
      dosage: {
        text: `${r.doseMg} mg ketamine given ${r.route === 'IM' ? 'by intramuscular injection' : 'oral/sublingual'}`,
        route: routeConcept(r.route),
        dose: ucum(r.doseMg, 'mg', 'mg'),
      },
    };
  const given = infusionGiven(r, asOf);
  return {
    ...common,
    effectivePeriod: { start: r.startedAt.toISOString(), ...(r.endedAt === null ? {} : { end: r.endedAt.toISOString() }) },
    dosage: {
      text: `${given.mg} mg ketamine given intravenously (${given.ml} mL)`,
      route: routeConcept('IV'),
      dose: ucum(given.mg, 'mg', 'mg'),
      ...(given.lastRateMlPerHour === null ? {} : { rateQuantity: ucum(given.lastRateMlPerHour, 'mL/h', 'mL/h') }),
    },
  };
}

/** A medication the patient takes, as recorded at intake (a `medication` fact). */
export interface HomeMedicationRecord {
  id: string;
  patientId: string;
  /** The name as recorded (generic or brand, may include strength and form). */
  name: string;
  /** Total daily dose, mg/day, when recorded. */
  dailyDoseMg: number | null;
  /** An RxCUI recorded with it, when any (used only when the interaction table gives the same). */
  rxcui: string | null;
  recordedAt: Date;
  recordedBy: string | null;
  retiredAt: Date | null;
  synthetic: boolean;
}

/** Words of a recorded medication that say how much, in what form or when, not what. */
const DOSE_WORDS = new Set([
  'mg',
  'mcg',
  'g',
  'ml',
  'tablet',
  'tablets',
  'tab',
  'tabs',
  'capsule',
  'capsules',
  'cap',
  'caps',
  'er',
  'xr',
  'sr',
  'xl',
  'extended',
  'release',
  'oral',
  'po',
  'daily',
  'nightly',
  'bid',
  'tid',
  'qid',
  'qd',
  'qhs',
  'prn',
]);

/**
 * The RxNorm ingredient coding of a recorded medication: only when the interaction table (its
 * defaults, whose RxCUIs are clinical-facts.md section 11's) recognises exactly one medication in it,
 * gives that one's RxCUI, and the record is that ingredient alone: its name is the generic name
 * (with a strength or form at most), or the RxCUI recorded is the ingredient's. A brand or a
 * combination ("buprenorphine/naloxone", Contrave: naltrexone with bupropion) is a product, not the
 * ingredient, so it is not coded as one; undefined otherwise (the name stays text).
 */
export function homeMedicationRxNorm(name: string, rxcui: string | null): { system: string; code: string; display: string } | undefined {
  const found = recognizeMedication({ name, rxcui }, { medications: medicationsDefaults });
  const only = found.length === 1 ? found[0] : undefined;
  if (only?.medication.rxcui === undefined) return undefined;
  const named = medicationNameWords(name).filter((w) => !/^\d/.test(w) && !DOSE_WORDS.has(w));
  const ingredientAlone =
    rxcui?.trim() === only.medication.rxcui || named.join(' ') === medicationNameWords(only.medication.generic).join(' ');
  if (!ingredientAlone) return undefined;
  return { system: FHIR_SYSTEMS.rxnorm, code: only.medication.rxcui, display: only.medication.generic };
}

/** A recorded medication as a MedicationStatement: active until retired (then stopped), RxNorm where the table gives it. */
export function toFhirMedicationStatement(m: HomeMedicationRecord): MedicationStatement {
  const coding = homeMedicationRxNorm(m.name, m.rxcui);
  return {
    resourceType: 'MedicationStatement',
    id: m.id,
    meta: metaOf(m.retiredAt ?? m.recordedAt, m.synthetic),
    status: m.retiredAt === null ? 'active' : 'stopped',
    medicationCodeableConcept: { ...(coding === undefined ? {} : { coding: [coding] }), text: m.name },
    subject: { reference: `Patient/${m.patientId}` },
    dateAsserted: m.recordedAt.toISOString(),
    ...(m.recordedBy === null ? {} : { informationSource: { reference: `Practitioner/${m.recordedBy}` } }),
    ...(m.dailyDoseMg === null ? {} : { dosage: [{ text: `${m.dailyDoseMg} mg per day in total` }] }),
  };
}
