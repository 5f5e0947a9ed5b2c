/**
 * FHIR MedicationRequest (ketamine dose orders), MedicationAdministration (the infusions that
 * started) and MedicationStatement (the medications a patient takes, as recorded at intake), among
 * the patients the actor may see; reading one follows the record's own access rules
 * (`assertPatientAccess`, a refusal audited). Each search is one query over a base selection of
 * the rows with the columns its parameters compare (status computed as the mapper computes it),
 * paged in SQL; core maps the rows.
 *
 * @module
 */
import {
  DOSING_SESSION_STATES,
  doseOrderStatus,
  infusionStatus,
  KETAMINE_RXNORM,
  toFhirMedicationAdministration,
  toFhirMedicationRequest,
  toFhirMedicationStatement,
  type RecordedPumpEvent,
  type SessionState,
  type DosingRoute,
} from '@kairos/core';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { ParsedSearch } from '../../fhir/search-params.js';
import type { Db } from '../../store/database.js';
import type { Actor, RequestMeta } from '../context.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { patientVisibleTo } from '../patients/visible-patients.js';
import type { FhirHit, FhirTypeHandler } from './fhir-types.js';
import { allOf, dateWhere, never, referenceWhere, tokenKeys, uuidIdWhere, totalOf } from './search-sql.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The columns every base selection has: the row's patient and site (for the access rules). */
export interface BaseRow {
  patient_id: string;
}

/**
 * The conditions of a token parameter on a text column (`x.status`) whose values are the codes of
 * `codings`: a token selects the codes whose system and code it matches (a system it does not know
 * matches nothing).
 */
export function tokenIn(
  q: ParsedSearch,
  name: string,
  column: string,
  codings: readonly { system: string; code: string }[],
): RawBuilder<SqlBool>[] {
  const keys = tokenKeys(q, name, (t) =>
    codings
      .filter((c) => (t.system === undefined || t.system === c.system) && (t.code === undefined || t.code === c.code))
      .map((c) => c.code),
  );
  return (keys ?? []).map((codes) => (codes.length === 0 ? never : sql<SqlBool>`${sql.ref(column)} = ANY(${codes}::text[])`));
}

/** The visibility of a base selection's rows (`x.patient_id`, `x.site_id`) to the actor. */
export const visibleRows = (actor: Actor, meta: RequestMeta): RawBuilder<SqlBool> =>
  patientVisibleTo(actor, meta.now, { patientId: 'x.patient_id', siteId: 'x.site_id' });

/** The matches of `conditions` in the selection `base` (aliased `x`), how many in all, and a page of them in `order`. */
export async function pageOf<R extends BaseRow>(
  tx: Db,
  base: RawBuilder<unknown>,
  conditions: readonly RawBuilder<SqlBool>[],
  order: RawBuilder<unknown>,
  q: ParsedSearch,
): Promise<{ total: number; rows: R[] }> {
  const where = allOf(conditions);
  const rows =
    q.count === 0
      ? []
      : (await sql<R>`SELECT * FROM (${base}) x WHERE ${where} ORDER BY ${order} LIMIT ${q.count} OFFSET ${q.offset}`.execute(tx)).rows;
  const total = await totalOf(q, rows.length, async () => {
    const { rows: counted } = await sql<{ n: string }>`SELECT count(*) AS n FROM (${base}) x WHERE ${where}`.execute(tx);
    return counted[0]?.n ?? 0;
  });
  return { total, rows };
}

/** One row of `base` by its condition, read under the record's access rules (a refusal throws, audited). */
export async function readOne<R extends BaseRow>(
  tx: Db,
  actor: Actor,
  base: RawBuilder<unknown>,
  condition: RawBuilder<SqlBool>,
  meta: RequestMeta,
): Promise<R | undefined> {
  const { rows } = await sql<R>`SELECT * FROM (${base}) x WHERE ${condition} LIMIT 1`.execute(tx);
  const row = rows[0];
  if (row === undefined) return undefined;
  await assertPatientAccess(tx, actor, row.patient_id, meta, 'fhir.read');
  return row;
}

const date = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
const dateOrNull = (v: Date | string | null): Date | null => (v === null ? null : date(v));

// ---- MedicationRequest ----

const REQUEST_STATUS_SYSTEM = 'http://hl7.org/fhir/CodeSystem/medicationrequest-status';
const REQUEST_STATUSES = ['active', 'completed', 'stopped', 'cancelled'].map((code) => ({ system: REQUEST_STATUS_SYSTEM, code }));
const KETAMINE_TOKEN = [{ system: KETAMINE_RXNORM.system, code: KETAMINE_RXNORM.code }];

/** A dose order's calculation as stored: an IV calculation (no `route` before routes) or a dose entered in mg. */
interface StoredCalculation {
  route?: DosingRoute;
  doseMg: unknown;
  rateMlPerHour?: unknown;
  bagTotalMl?: unknown;
  inputs: { minutes?: unknown };
}

/** The route and the infusion's numbers of a stored calculation (null for the routes without an infusion). */
const calculationFacts = (c: StoredCalculation) => {
  const route = c.route ?? 'IV';
  const iv = route === 'IV';
  return {
    route,
    doseMg: Number(c.doseMg),
    minutes: iv ? Number(c.inputs.minutes) : null,
    rateMlPerHour: iv ? Number(c.rateMlPerHour) : null,
    bagTotalMl: iv ? Number(c.bagTotalMl) : null,
  };
};

interface OrderRow extends BaseRow {
  id: string;
  session_id: string;
  ordered_by: string;
  ordered_at: Date;
  calculation: StoredCalculation;
  double_checked_by: string | null;
  double_checked_at: Date | null;
  state: SessionState;
  infusion_started: boolean;
  superseded: boolean;
  synthetic: boolean;
}

/**
 * The status core's mapper gives a dose order (`doseOrderStatus`), as SQL for the `status` search:
 * one branch per session state, infusion started or not, replaced or not, each answered by core,
 * so the search filters by the status the resource shows.
 */
const ORDER_STATUS = sql`CASE ${sql.join(
  DOSING_SESSION_STATES.flatMap((state) =>
    [false, true].flatMap((infusionStarted) =>
      [false, true].map(
        (superseded) =>
          sql`WHEN d.state = ${sql.lit(state)} AND (d.infusion_started_at IS NOT NULL) = ${sql.lit(infusionStarted)} AND s.superseded = ${sql.lit(superseded)} THEN ${sql.lit(doseOrderStatus({ sessionState: state, infusionStarted, superseded }))}`,
      ),
    ),
  ),
  sql` `,
)} END`;

/** The status core's mapper gives an infusion (`infusionStatus`), as SQL for the `status` search, one branch per session state. */
const INFUSION_STATUS = sql`CASE ${sql.join(
  DOSING_SESSION_STATES.map((state) => sql`WHEN d.state = ${sql.lit(state)} THEN ${sql.lit(infusionStatus(state))}`),
  sql` `,
)} END`;

/** Every dose order with its session's state and whether a later order replaced it (the session's latest is in force). */
const ORDERS = sql`
  SELECT o.id, d.patient_id, p.site_id, p.synthetic, o.session_id, o.ordered_by, o.ordered_at, o.calculation,
         o.double_checked_by, o.double_checked_at, d.state, d.infusion_started_at IS NOT NULL AS infusion_started,
         s.superseded, '6130'::text AS code, 'order'::text AS intent,
         ${ORDER_STATUS} AS status,
         COALESCE(o.double_checked_at, o.ordered_at) AS last_updated
  FROM dose_order o
  JOIN dosing_session d ON d.id = o.session_id
  JOIN patient p ON p.id = d.patient_id
  CROSS JOIN LATERAL (
    SELECT EXISTS (SELECT 1 FROM dose_order l WHERE l.session_id = o.session_id
                   AND (l.ordered_at > o.ordered_at OR (l.ordered_at = o.ordered_at AND l.id < o.id))) AS superseded
  ) s`;

const requestOf = (r: OrderRow): FhirHit => ({
  resource: toFhirMedicationRequest({
    id: r.id,
    sessionId: r.session_id,
    patientId: r.patient_id,
    orderedBy: r.ordered_by,
    orderedAt: date(r.ordered_at),
    ...calculationFacts(r.calculation),
    doubleCheckedBy: r.double_checked_by,
    doubleCheckedAt: dateOrNull(r.double_checked_at),
    sessionState: r.state,
    infusionStarted: r.infusion_started,
    superseded: r.superseded,
    synthetic: r.synthetic,
  }),
  patientId: r.patient_id,
});

export const medicationRequestResource: FhirTypeHandler = {
  type: 'MedicationRequest',
  action: 'patients.read',
  description:
    'Ketamine dose orders: the dose in mg over the ordered minutes at the pump rate, who ordered it, its independent double check',
  searchParams: [
    { name: 'patient', type: 'reference', target: 'Patient', documentation: 'The patient (Patient/<id> or <id>)' },
    { name: 'subject', type: 'reference', target: 'Patient', documentation: 'The patient, as patient' },
    { name: 'authoredon', type: 'date', documentation: 'When it was ordered' },
    { name: 'code', type: 'token', documentation: 'The medication: RxNorm 6130 (ketamine), the only one ordered' },
    { name: 'status', type: 'token', documentation: 'active, completed, stopped or cancelled' },
    { name: 'intent', type: 'token', documentation: 'order (every dose order)' },
  ],
  includes: ['MedicationRequest:patient', 'MedicationRequest:subject'],

  async read(tx, actor, id, meta) {
    if (!UUID.test(id)) return undefined;
    const row = await readOne<OrderRow>(tx, actor, ORDERS, sql<SqlBool>`x.id = ${id}::uuid`, meta);
    return row === undefined ? undefined : requestOf(row);
  },

  async search(tx, actor, q, meta) {
    const { total, rows } = await pageOf<OrderRow>(
      tx,
      ORDERS,
      [
        visibleRows(actor, meta),
        uuidIdWhere(q, 'x.id'),
        referenceWhere(q, ['patient', 'subject'], 'x.patient_id'),
        dateWhere(q, 'authoredon', 'x.ordered_at'),
        dateWhere(q, '_lastUpdated', 'x.last_updated'),
        ...tokenIn(q, 'code', 'x.code', KETAMINE_TOKEN),
        ...tokenIn(q, 'status', 'x.status', REQUEST_STATUSES),
        ...tokenIn(q, 'intent', 'x.intent', [{ system: 'http://hl7.org/fhir/CodeSystem/medicationrequest-intent', code: 'order' }]),
      ],
      sql`x.ordered_at DESC, x.id`,
      q,
    );
    return { total, hits: rows.map(requestOf) };
  },
};

// ---- MedicationAdministration ----

const ADMINISTRATION_STATUS_SYSTEM = 'http://terminology.hl7.org/CodeSystem/medication-admin-status';
const ADMINISTRATION_STATUSES = ['in-progress', 'completed', 'stopped'].map((code) => ({ system: ADMINISTRATION_STATUS_SYSTEM, code }));

interface InfusionRow extends BaseRow {
  id: string;
  order_id: string;
  calculation: StoredCalculation;
  infusion_started_at: Date;
  infusion_ended_at: Date | null;
  state: SessionState;
  started_by: string | null;
  updated_at: Date;
  synthetic: boolean;
}

/** Every session whose infusion started, with the order in force (its latest) and who started the pump. */
const INFUSIONS = sql`
  SELECT d.id, d.patient_id, p.site_id, p.synthetic, d.state, d.infusion_started_at, d.infusion_ended_at, d.updated_at,
         o.id AS order_id, o.calculation, '6130'::text AS code,
         COALESCE(
           (SELECT e.actor_id FROM infusion_event e WHERE e.session_id = d.id AND e.kind = 'start' ORDER BY e.id LIMIT 1),
           -- without an infusion: who gave the dose (the step from pre-dose)
           (SELECT t.actor_id FROM session_transition t WHERE t.session_id = d.id AND t.from_state = 'pre-dose'
              AND t.to_state = 'observing' ORDER BY t.id LIMIT 1)
         ) AS started_by,
         ${INFUSION_STATUS} AS status
  FROM dosing_session d
  JOIN patient p ON p.id = d.patient_id
  CROSS JOIN LATERAL (
    SELECT l.id, l.calculation FROM dose_order l WHERE l.session_id = d.id ORDER BY l.ordered_at DESC, l.id LIMIT 1
  ) o
  WHERE d.infusion_started_at IS NOT NULL`;

/** The pump's events of the sessions `ids`, in the order recorded. */
async function pumpEventsOf(tx: Db, ids: readonly string[]): Promise<Map<string, RecordedPumpEvent[]>> {
  const out = new Map<string, RecordedPumpEvent[]>();
  if (ids.length === 0) return out;
  const rows = await tx
    .selectFrom('infusion_event')
    .select(['session_id', 'kind', 'at', 'rate_ml_per_hour'])
    .where('session_id', '=', sql<string>`ANY(${[...ids]}::uuid[])`)
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.session_id) ?? [];
    list.push({ kind: r.kind, at: r.at.toISOString(), rateMlPerHour: r.rate_ml_per_hour === null ? null : Number(r.rate_ml_per_hour) });
    out.set(r.session_id, list);
  }
  return out;
}

async function administrationsOf(tx: Db, rows: readonly InfusionRow[], now: Date): Promise<FhirHit[]> {
  const events = await pumpEventsOf(
    tx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    resource: toFhirMedicationAdministration(
      {
        sessionId: r.id,
        patientId: r.patient_id,
        orderId: r.order_id,
        ...calculationFacts(r.calculation),
        startedAt: date(r.infusion_started_at),
        endedAt: dateOrNull(r.infusion_ended_at),
        sessionState: r.state,
        startedBy: r.started_by,
        events: events.get(r.id) ?? [],
        updatedAt: date(r.updated_at),
        synthetic: r.synthetic,
      },
      now,
    ),
    patientId: r.patient_id,
  }));
}

export const medicationAdministrationResource: FhirTypeHandler = {
  type: 'MedicationAdministration',
  action: 'patients.read',
  description:
    'Ketamine infusions (one per dosing session that started): start to stop, the nurse, the order, the mg given at the last rate',
  searchParams: [
    { name: 'patient', type: 'reference', target: 'Patient', documentation: 'The patient (Patient/<id> or <id>)' },
    { name: 'subject', type: 'reference', target: 'Patient', documentation: 'The patient, as patient' },
    { name: 'effective-time', type: 'date', documentation: 'When the infusion started' },
    { name: 'code', type: 'token', documentation: 'The medication: RxNorm 6130 (ketamine)' },
    { name: 'status', type: 'token', documentation: 'in-progress, completed or stopped' },
  ],
  includes: ['MedicationAdministration:patient', 'MedicationAdministration:subject'],

  async read(tx, actor, id, meta) {
    if (!UUID.test(id)) return undefined;
    const row = await readOne<InfusionRow>(tx, actor, INFUSIONS, sql<SqlBool>`x.id = ${id}::uuid`, meta);
    return row === undefined ? undefined : (await administrationsOf(tx, [row], meta.now))[0];
  },

  async search(tx, actor, q, meta) {
    const { total, rows } = await pageOf<InfusionRow>(
      tx,
      INFUSIONS,
      [
        visibleRows(actor, meta),
        uuidIdWhere(q, 'x.id'),
        referenceWhere(q, ['patient', 'subject'], 'x.patient_id'),
        dateWhere(q, 'effective-time', 'x.infusion_started_at'),
        dateWhere(q, '_lastUpdated', 'x.updated_at'),
        ...tokenIn(q, 'code', 'x.code', KETAMINE_TOKEN),
        ...tokenIn(q, 'status', 'x.status', ADMINISTRATION_STATUSES),
      ],
      sql`x.infusion_started_at DESC, x.id`,
      q,
    );
    return { total, hits: await administrationsOf(tx, rows, meta.now) };
  },
};

// ---- MedicationStatement ----

const STATEMENT_STATUS_SYSTEM = 'http://hl7.org/fhir/CodeSystem/medication-statement-status';
const STATEMENT_STATUSES = ['active', 'stopped'].map((code) => ({ system: STATEMENT_STATUS_SYSTEM, code }));

interface FactRow extends BaseRow {
  id: string;
  data: { name?: unknown; dailyDoseMg?: unknown; rxcui?: unknown };
  recorded_at: Date;
  recorded_by: string | null;
  retired_at: Date | null;
  synthetic: boolean;
}

/** Every medication recorded for a patient (a `medication` fact), retired ones included. */
const HOME_MEDICATIONS = sql`
  SELECT f.id, f.patient_id, p.site_id, p.synthetic, f.data, f.recorded_at, f.recorded_by, f.retired_at,
         CASE WHEN f.retired_at IS NULL THEN 'active' ELSE 'stopped' END AS status,
         COALESCE(f.retired_at, f.recorded_at) AS last_updated
  FROM patient_fact f
  JOIN patient p ON p.id = f.patient_id
  WHERE f.kind = 'medication'`;

const statementOf = (r: FactRow): FhirHit => ({
  resource: toFhirMedicationStatement({
    id: r.id,
    patientId: r.patient_id,
    name: typeof r.data.name === 'string' ? r.data.name : '',
    dailyDoseMg: typeof r.data.dailyDoseMg === 'number' ? r.data.dailyDoseMg : null,
    rxcui: typeof r.data.rxcui === 'string' ? r.data.rxcui : null,
    recordedAt: date(r.recorded_at),
    recordedBy: r.recorded_by,
    retiredAt: dateOrNull(r.retired_at),
    synthetic: r.synthetic,
  }),
  patientId: r.patient_id,
});

export const medicationStatementResource: FhirTypeHandler = {
  type: 'MedicationStatement',
  action: 'patients.read',
  description:
    'The medications a patient takes, as recorded at intake: RxNorm where the interaction table gives the ingredient, else the name',
  searchParams: [
    { name: 'patient', type: 'reference', target: 'Patient', documentation: 'The patient (Patient/<id> or <id>)' },
    { name: 'subject', type: 'reference', target: 'Patient', documentation: 'The patient, as patient' },
    { name: 'status', type: 'token', documentation: 'active, or stopped (retired from the list)' },
  ],
  includes: ['MedicationStatement:patient', 'MedicationStatement:subject'],

  async read(tx, actor, id, meta) {
    if (!UUID.test(id)) return undefined;
    const row = await readOne<FactRow>(tx, actor, HOME_MEDICATIONS, sql<SqlBool>`x.id = ${id}::uuid`, meta);
    return row === undefined ? undefined : statementOf(row);
  },

  async search(tx, actor, q, meta) {
    const { total, rows } = await pageOf<FactRow>(
      tx,
      HOME_MEDICATIONS,
      [
        visibleRows(actor, meta),
        uuidIdWhere(q, 'x.id'),
        referenceWhere(q, ['patient', 'subject'], 'x.patient_id'),
        dateWhere(q, '_lastUpdated', 'x.last_updated'),
        ...tokenIn(q, 'status', 'x.status', STATEMENT_STATUSES),
      ],
      sql`x.recorded_at DESC, x.id`,
      q,
    );
    return { total, hits: rows.map(statementOf) };
  },
};
