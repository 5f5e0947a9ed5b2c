/**
 * FHIR AdverseEvent (adverse events at the chair), Provenance (who signed each clinical note, who
 * ordered and who double-checked each dose) and AuditEvent (the audit trail). The first two among
 * the patients the actor may see, reading one under the record's own access rules; the audit trail
 * for the medical director only (`audit.fhir-read`: administrators see no patient data), the
 * events of the director's own site as the audit viewer scopes them (an event belongs to a site
 * through its patient; one about no patient through the person who acted, or the site it named).
 *
 * @module
 */
import { ADVERSE_EVENT_KIND_LABELS, AUDIT_ACTION_LABELS, type AdverseEventKind } from '@kairos/api';
import {
  FHIR_SYSTEMS,
  PSYCHOTHERAPY_NOTE_TEMPLATES,
  SAFETY_SYSTEMS,
  parseProvenanceId,
  provenanceId,
  toFhirAdverseEvent,
  toFhirAuditEvent,
  toFhirProvenance,
  type ProvenanceSource,
} from '@kairos/core';
import { sql, type SqlBool } from 'kysely';
import { listSiteOf } from '../access/site-scope.js';
import type { FhirHit, FhirTypeHandler } from './fhir-types.js';
import { pageOf, readOne, tokenIn, visibleRows, type BaseRow } from './medication-resources.js';
import { allOf, always, anyOf, dateWhere, idsOf, never, referenceWhere, tokenKeys, uuidIdWhere, totalOf } from './search-sql.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const date = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

// ---- AdverseEvent ----

interface AdverseRow extends BaseRow {
  id: string;
  session_id: string;
  kind: AdverseEventKind;
  description: string | null;
  severity: 'mild' | 'moderate' | 'severe';
  serious: boolean;
  occurred_at: Date;
  reported_by: string;
  reported_at: Date;
  resolved_at: Date | null;
  infusion_started: boolean;
  last_updated: Date;
  synthetic: boolean;
}

/** Every adverse event, with its last change (the report, its review, a correction) and whether its session's infusion started. */
const ADVERSE_EVENTS = sql`
  SELECT a.id, a.patient_id, p.site_id, p.synthetic, a.session_id, a.kind, a.description, a.severity, a.serious,
         a.occurred_at, a.reported_by, a.reported_at, a.resolved_at, d.infusion_started_at IS NOT NULL AS infusion_started,
         CASE WHEN a.serious THEN 'serious' ELSE 'non-serious' END AS seriousness,
         GREATEST(a.reported_at, a.reviewed_at,
                  (SELECT max(c.corrected_at) FROM record_correction c WHERE c.record_type = 'adverse_event' AND c.record_id = a.id)
         ) AS last_updated
  FROM adverse_event a
  JOIN dosing_session d ON d.id = a.session_id
  JOIN patient p ON p.id = a.patient_id`;

const KIND_CODINGS = (Object.keys(ADVERSE_EVENT_KIND_LABELS) as AdverseEventKind[]).map((code) => ({
  system: `${FHIR_SYSTEMS.kairos}/adverse-event-kind`,
  code,
}));

const adverseOf = (r: AdverseRow): FhirHit => ({
  resource: toFhirAdverseEvent({
    id: r.id,
    patientId: r.patient_id,
    sessionId: r.session_id,
    kind: r.kind,
    kindLabel: ADVERSE_EVENT_KIND_LABELS[r.kind] ?? r.kind,
    description: r.description,
    severity: r.severity,
    serious: r.serious,
    occurredAt: date(r.occurred_at),
    reportedBy: r.reported_by,
    reportedAt: date(r.reported_at),
    resolvedAt: r.resolved_at === null ? null : date(r.resolved_at),
    infusionStarted: r.infusion_started,
    updatedAt: date(r.last_updated),
    synthetic: r.synthetic,
  }),
  patientId: r.patient_id,
});

export const adverseEventResource: FhirTypeHandler = {
  type: 'AdverseEvent',
  action: 'adverse-events.read',
  description: 'Adverse events at the chair: kind (Kairos code), when, who recorded it, seriousness, severity, resolved or ongoing',
  searchParams: [
    { name: 'subject', type: 'reference', target: 'Patient', documentation: 'The patient (Patient/<id> or <id>)' },
    { name: 'date', type: 'date', documentation: 'When it occurred' },
    { name: 'event', type: 'token', documentation: 'Its kind (Kairos adverse-event-kind: nausea, hypertension...)' },
    { name: 'seriousness', type: 'token', documentation: 'serious or non-serious' },
    { name: 'severity', type: 'token', documentation: 'mild, moderate or severe' },
  ],
  includes: ['AdverseEvent:subject'],

  async read(tx, actor, id, meta) {
    if (!UUID.test(id)) return undefined;
    const row = await readOne<AdverseRow>(tx, actor, ADVERSE_EVENTS, sql<SqlBool>`x.id = ${id}::uuid`, meta);
    return row === undefined ? undefined : adverseOf(row);
  },

  async search(tx, actor, q, meta) {
    const { total, rows } = await pageOf<AdverseRow>(
      tx,
      ADVERSE_EVENTS,
      [
        visibleRows(actor, meta),
        uuidIdWhere(q, 'x.id'),
        referenceWhere(q, ['subject'], 'x.patient_id'),
        dateWhere(q, 'date', 'x.occurred_at'),
        dateWhere(q, '_lastUpdated', 'x.last_updated'),
        ...tokenIn(q, 'event', 'x.kind', KIND_CODINGS),
        ...tokenIn(
          q,
          'seriousness',
          'x.seriousness',
          ['serious', 'non-serious'].map((code) => ({ system: SAFETY_SYSTEMS.seriousness, code })),
        ),
        ...tokenIn(
          q,
          'severity',
          'x.severity',
          ['mild', 'moderate', 'severe'].map((code) => ({ system: SAFETY_SYSTEMS.severity, code })),
        ),
      ],
      sql`x.occurred_at DESC, x.id`,
      q,
    );
    return { total, hits: rows.map(adverseOf) };
  },
};

// ---- Provenance ----

interface ProvenanceRow extends BaseRow {
  id: string;
  source: ProvenanceSource;
  record_id: string;
  author_id: string;
  checker_id: string;
  recorded: Date;
  template: string | null;
  synthetic: boolean;
}

/**
 * Each signed clinical note (its author and signer) but psychotherapy notes (never served, not even
 * that one exists: 45 CFR 164.508(a)(2)), and each double-checked dose order (who ordered, who checked).
 */
const PROVENANCES = sql`
  SELECT 'note'::text AS source, n.id AS record_id, 'note-' || n.id::text AS id, n.patient_id, p.site_id, p.synthetic,
         n.created_by AS author_id, n.signed_by AS checker_id, n.signed_at AS recorded, n.template
  FROM clinical_note n
  JOIN patient p ON p.id = n.patient_id
  WHERE n.state = 'signed' AND n.signed_by IS NOT NULL AND n.signed_at IS NOT NULL
    AND NOT (n.template = ANY(${[...PSYCHOTHERAPY_NOTE_TEMPLATES]}::text[]))
  UNION ALL
  SELECT 'dose'::text, o.id, 'dose-' || o.id::text, d.patient_id, p.site_id, p.synthetic,
         o.ordered_by, o.double_checked_by, o.double_checked_at, NULL::text
  FROM dose_order o
  JOIN dosing_session d ON d.id = o.session_id
  JOIN patient p ON p.id = d.patient_id
  WHERE o.double_checked_by IS NOT NULL AND o.double_checked_at IS NOT NULL`;

const provenanceOf = (r: ProvenanceRow): FhirHit => ({
  resource: toFhirProvenance({
    source: r.source,
    recordId: r.record_id,
    patientId: r.patient_id,
    authorId: r.author_id,
    checkerId: r.checker_id,
    template: r.template,
    recordedAt: date(r.recorded),
    synthetic: r.synthetic,
  }),
  patientId: r.patient_id,
});

export const provenanceResource: FhirTypeHandler = {
  type: 'Provenance',
  action: 'patients.read',
  description:
    'Who signed each clinical note but psychotherapy notes (target DocumentReference) and who ordered and independently double-checked each dose (target MedicationRequest), and when',
  searchParams: [
    { name: 'patient', type: 'reference', target: 'Patient', documentation: 'The patient of the target (Patient/<id> or <id>)' },
    { name: 'recorded', type: 'date', documentation: 'When the note was signed or the dose double-checked' },
  ],
  includes: ['Provenance:patient'],

  async read(tx, actor, id, meta) {
    const parsed = parseProvenanceId(id);
    if (parsed === undefined) return undefined;
    const row = await readOne<ProvenanceRow>(
      tx,
      actor,
      PROVENANCES,
      sql<SqlBool>`x.id = ${provenanceId(parsed.source, parsed.recordId)}`,
      meta,
    );
    return row === undefined ? undefined : provenanceOf(row);
  },

  async search(tx, actor, q, meta) {
    const ids = idsOf(q);
    const { total, rows } = await pageOf<ProvenanceRow>(
      tx,
      PROVENANCES,
      [
        visibleRows(actor, meta),
        ids === undefined ? always : allOf(ids.map((alternatives) => sql<SqlBool>`x.id = ANY(${alternatives}::text[])`)),
        referenceWhere(q, ['patient'], 'x.patient_id'),
        dateWhere(q, 'recorded', 'x.recorded'),
        dateWhere(q, '_lastUpdated', 'x.recorded'),
      ],
      sql`x.recorded DESC, x.id`,
      q,
    );
    return { total, hits: rows.map(provenanceOf) };
  },
};

// ---- AuditEvent ----

interface AuditRow {
  seq: string;
  at: Date;
  user_id: string | null;
  user_roles: string[];
  action: string;
  record_type: string | null;
  record_id: string | null;
  patient_id: string | null;
  outcome: 'allowed' | 'denied' | 'failed';
  client_address: string | null;
  synthetic: boolean | null;
}

const AUDIT_OUTCOME_SYSTEM = 'http://hl7.org/fhir/audit-event-outcome';
const AUDIT_ACTION_SYSTEM = `${FHIR_SYSTEMS.kairos}/audit-action`;

/** The events of the trail whose site is `siteId` (as the audit viewer scopes the director's). */
const auditEvents = (siteId: string) => sql`
  SELECT e.seq::text AS seq, e.at, e.user_id, e.user_roles, e.action, e.record_type, e.record_id, e.patient_id, e.outcome,
         e.client_address, p.synthetic
  FROM audit_event e
  LEFT JOIN app_user u ON u.id = e.user_id
  LEFT JOIN patient p ON p.id = e.patient_id
  WHERE (p.site_id = ${siteId}::uuid
         OR (e.patient_id IS NULL AND (u.site_id = ${siteId}::uuid OR (e.record_type = 'site' AND e.record_id = ${siteId}::text))))`;

const auditOf = (r: AuditRow): FhirHit => ({
  resource: toFhirAuditEvent({
    seq: r.seq,
    at: date(r.at),
    userId: r.user_id,
    roles: r.user_roles,
    action: r.action,
    actionLabel: AUDIT_ACTION_LABELS[r.action],
    recordType: r.record_type,
    recordId: r.record_id,
    patientId: r.patient_id,
    outcome: r.outcome,
    clientAddress: r.client_address,
    synthetic: r.synthetic === true,
  }),
  patientId: r.patient_id,
});

export const auditEventResource: FhirTypeHandler = {
  type: 'AuditEvent',
  action: 'audit.fhir-read',
  description:
    'The audit trail of the site (medical director only): action, when, allowed or denied, who, the patient and record concerned',
  searchParams: [
    { name: 'patient', type: 'reference', target: 'Patient', documentation: 'The patient concerned (Patient/<id> or <id>)' },
    { name: 'agent', type: 'reference', target: 'Practitioner', documentation: 'The staff member who acted (Practitioner/<id> or <id>)' },
    { name: 'date', type: 'date', documentation: 'When it was recorded' },
    { name: 'type', type: 'token', documentation: 'The Kairos action (audit-action: patients.read, fhir.search...)' },
    { name: 'outcome', type: 'token', documentation: '0 (allowed), 4 (denied) or 8 (failed)' },
  ],
  includes: ['AuditEvent:patient'],
  readsAuditTrail: true,

  async read(tx, actor, id) {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const { rows } = await sql<AuditRow>`SELECT * FROM (${auditEvents(listSiteOf(actor))}) x WHERE x.seq = ${id}`.execute(tx);
    const row = rows[0];
    return row === undefined ? undefined : auditOf(row);
  },

  async search(tx, actor, q) {
    const conditions = [
      ...(q.tokens._id ?? []).map((alternatives) => {
        const seqs = alternatives.flatMap((t) => (t.code !== undefined && /^\d{1,18}$/.test(t.code) ? [t.code] : []));
        return seqs.length === 0 ? never : sql<SqlBool>`x.seq = ANY(${seqs}::text[])`;
      }),
      referenceWhere(q, ['patient'], 'x.patient_id'),
      referenceWhere(q, ['agent'], 'x.user_id'),
      dateWhere(q, 'date', 'x.at'),
      dateWhere(q, '_lastUpdated', 'x.at'),
      ...(tokenKeys(q, 'type', (t) => (t.system === undefined || t.system === AUDIT_ACTION_SYSTEM ? [t.code ?? '*'] : [])) ?? []).map(
        (codes) => (codes.includes('*') ? always : anyOf(codes.map((c) => sql<SqlBool>`x.action = ${c}`))),
      ),
      ...tokenIn(
        q,
        'outcome',
        'x.outcome_code',
        ['0', '4', '8'].map((code) => ({ system: AUDIT_OUTCOME_SYSTEM, code })),
      ),
    ];
    const base = sql`SELECT a.*, CASE a.outcome WHEN 'allowed' THEN '0' WHEN 'denied' THEN '4' ELSE '8' END AS outcome_code
      FROM (${auditEvents(listSiteOf(actor))}) a`;
    const where = allOf(conditions);
    const rows =
      q.count === 0
        ? []
        : (
            await sql<AuditRow>`SELECT * FROM (${base}) x WHERE ${where} ORDER BY x.at DESC, x.seq::bigint DESC
              LIMIT ${q.count} OFFSET ${q.offset}`.execute(tx)
          ).rows;
    const total = await totalOf(q, rows.length, async () => {
      const { rows: counted } = await sql<{ n: string }>`SELECT count(*) AS n FROM (${base}) x WHERE ${where}`.execute(tx);
      return counted[0]?.n ?? 0;
    });
    return { total, hits: rows.map(auditOf) };
  },
};
