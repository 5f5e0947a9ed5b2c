/**
 * Pure mappers of Kairos's safety and accountability records to FHIR R4:
 * - an adverse event at the chair becomes an AdverseEvent (actual): its kind a Kairos-local code
 *   (no standard code for the kinds was found), seriousness and severity in the FHIR code systems,
 *   resolved when its resolution was recorded, the infusion as the suspect entity;
 * - a signed clinical note (not a psychotherapy note: those are never served) and a
 *   double-checked dose order each become a Provenance naming who
 *   wrote or ordered it (author), who signed it when someone else did (attester), who checked it
 *   (verifier), and when;
 * - an event of the audit trail becomes an AuditEvent: its action (a Kairos-local code), when,
 *   allowed or denied, who acted, and the patient and record it concerned.
 *
 * @module
 */
import type { AdverseEvent, AuditEvent, AuditEventAgent, AuditEventEntity, Coding, Provenance } from '@medplum/fhirtypes';
import { metaOf } from './administrative.js';
import { CARE_PLAN_TEMPLATE } from './documents.js';
import { FHIR_SYSTEMS, kairosCoding } from './terminology.js';

const HL7 = 'http://terminology.hl7.org/CodeSystem';

/** The FHIR R4 code systems of this module's statuses and categories. */
export const SAFETY_SYSTEMS = Object.freeze({
  seriousness: `${HL7}/adverse-event-seriousness`,
  severity: `${HL7}/adverse-event-severity`,
  outcome: `${HL7}/adverse-event-outcome`,
  participantType: `${HL7}/provenance-participant-type`,
  auditEntityType: `${HL7}/audit-entity-type`,
  objectRole: `${HL7}/object-role`,
  auditSourceType: `${HL7}/security-source-type`,
});

/** An adverse event, as stored. */
export interface AdverseEventRecord {
  id: string;
  patientId: string;
  sessionId: string;
  kind: string;
  /** The kind in words (the contract's label). */
  kindLabel: string;
  description: string | null;
  severity: 'mild' | 'moderate' | 'severe';
  serious: boolean;
  occurredAt: Date;
  reportedBy: string;
  reportedAt: Date;
  resolvedAt: Date | null;
  /** The session's infusion had started when it was read (it is then the suspect entity). */
  infusionStarted: boolean;
  /** The last change: the report, its review, or a correction. */
  updatedAt: Date;
  synthetic: boolean;
}

/** The Kairos-local code of an adverse event's kind (`adverse-event-kind`). */
export const adverseEventKindCoding = (kind: string, label: string): Coding => kairosCoding('adverse-event-kind', kind, label);

const SEVERITY_DISPLAY = { mild: 'Mild', moderate: 'Moderate', severe: 'Severe' } as const;

/** An adverse event as a FHIR AdverseEvent: actual, its kind, when, who recorded it, seriousness, severity, outcome. */
export function toFhirAdverseEvent(a: AdverseEventRecord): AdverseEvent {
  return {
    resourceType: 'AdverseEvent',
    id: a.id,
    meta: metaOf(a.updatedAt, a.synthetic),
    actuality: 'actual',
    event: { coding: [adverseEventKindCoding(a.kind, a.kindLabel)], text: a.description ?? a.kindLabel },
    subject: { reference: `Patient/${a.patientId}` },
    date: a.occurredAt.toISOString(),
    recordedDate: a.reportedAt.toISOString(),
    recorder: { reference: `Practitioner/${a.reportedBy}` },
    seriousness: {
      coding: [
        a.serious
          ? { system: SAFETY_SYSTEMS.seriousness, code: 'serious', display: 'Serious' }
          : { system: SAFETY_SYSTEMS.seriousness, code: 'non-serious', display: 'Non-serious' },
      ],
    },
    severity: { coding: [{ system: SAFETY_SYSTEMS.severity, code: a.severity, display: SEVERITY_DISPLAY[a.severity] }] },
    outcome: {
      coding: [
        a.resolvedAt === null
          ? { system: SAFETY_SYSTEMS.outcome, code: 'ongoing', display: 'Ongoing' }
          : { system: SAFETY_SYSTEMS.outcome, code: 'resolved', display: 'Resolved' },
      ],
    },
    ...(a.infusionStarted ? { suspectEntity: [{ instance: { reference: `MedicationAdministration/${a.sessionId}` } }] } : {}),
  };
}

/** What a Provenance records: a note signed, or a dose order double-checked. */
export type ProvenanceSource = 'note' | 'dose';

/** The id of a record's Provenance: `note-<note id>`, `dose-<order id>`. */
export const provenanceId = (source: ProvenanceSource, recordId: string): string => `${source}-${recordId}`;

/** The record a Provenance id names, or undefined. */
export function parseProvenanceId(id: string): { source: ProvenanceSource; recordId: string } | undefined {
  const m = /^(note|dose)-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(id);
  return m === null ? undefined : { source: m[1] as ProvenanceSource, recordId: m[2] as string };
}

/** The Kairos-local activity codes of Provenance (`provenance-activity`). */
export const PROVENANCE_ACTIVITIES: Readonly<Record<ProvenanceSource, Coding>> = Object.freeze({
  note: kairosCoding('provenance-activity', 'note-signed', 'Clinical note signed'),
  dose: kairosCoding('provenance-activity', 'dose-double-checked', 'Dose order independently double-checked'),
});

/** A signed note or a double-checked dose order, as stored. */
export interface ProvenanceRecord {
  source: ProvenanceSource;
  recordId: string;
  patientId: string;
  /** Who wrote the note, or ordered the dose. */
  authorId: string;
  /** When the note was signed, or the dose double-checked. */
  recordedAt: Date;
  /** Who signed the note (an attester when not its author); who double-checked the dose (the verifier). */
  checkerId: string;
  /** The note's template (the continuing care plan is a CarePlan too); null for a dose order. */
  template: string | null;
  synthetic: boolean;
}

const participant = (code: 'author' | 'verifier' | 'attester', display: string) => ({
  coding: [{ system: SAFETY_SYSTEMS.participantType, code, display }],
});

/**
 * A signed note (target `DocumentReference/<note id>`, and `CarePlan/<note id>` for the continuing
 * care plan) or a double-checked dose order (target `MedicationRequest/<order id>`) as a Provenance: when, what was done, and who (author; the
 * verifier of a dose; the signer of a note, as attester, when not its author).
 */
export function toFhirProvenance(p: ProvenanceRecord): Provenance {
  const target =
    p.source === 'dose'
      ? [{ reference: `MedicationRequest/${p.recordId}` }]
      : [
          { reference: `DocumentReference/${p.recordId}` },
          ...(p.template === CARE_PLAN_TEMPLATE ? [{ reference: `CarePlan/${p.recordId}` }] : []),
        ];
  const agent =
    p.source === 'dose'
      ? [
          { type: participant('author', 'Author'), who: { reference: `Practitioner/${p.authorId}` } },
          { type: participant('verifier', 'Verifier'), who: { reference: `Practitioner/${p.checkerId}` } },
        ]
      : [
          { type: participant('author', 'Author'), who: { reference: `Practitioner/${p.authorId}` } },
          ...(p.checkerId === p.authorId
            ? []
            : [{ type: participant('attester', 'Attester'), who: { reference: `Practitioner/${p.checkerId}` } }]),
        ];
  return {
    resourceType: 'Provenance',
    id: provenanceId(p.source, p.recordId),
    meta: metaOf(p.recordedAt, p.synthetic),
    target,
    recorded: p.recordedAt.toISOString(),
    activity: { coding: [{ ...PROVENANCE_ACTIVITIES[p.source] }] },
    agent,
  };
}

/** An event of the audit trail, as stored (`audit_event`). */
export interface AuditRecord {
  /** Its place in the chain (the AuditEvent's id). */
  seq: string;
  at: Date;
  userId: string | null;
  /** The roles it acted with (`patient`, `device`, `system` for those who are not staff). */
  roles: readonly string[];
  action: string;
  /** The action in words, when the label table has them. */
  actionLabel: string | undefined;
  recordType: string | null;
  recordId: string | null;
  patientId: string | null;
  outcome: 'allowed' | 'denied' | 'failed';
  clientAddress: string | null;
  /** The patient it concerned is synthetic (demo) data. */
  synthetic: boolean;
}

/** The Kairos-local code of an audit event's action (`audit-action`: `patients.read`, `fhir.search`...). */
export const auditActionCoding = (action: string, label?: string): Coding =>
  label === undefined ? { system: `${FHIR_SYSTEMS.kairos}/audit-action`, code: action } : kairosCoding('audit-action', action, label);

/** The R4 AuditEvent outcome of an audit event: 0 success (allowed), 4 minor failure (denied: refused), 8 serious failure (failed). */
export const auditOutcomeCode = (outcome: 'allowed' | 'denied' | 'failed'): '0' | '4' | '8' =>
  outcome === 'allowed' ? '0' : outcome === 'denied' ? '4' : '8';

/** The identifier system of a Kairos record type named by an audit event (`https://kairos.invalid/fhir/record/<type>`). */
export const auditRecordSystem = (recordType: string): string => `https://kairos.invalid/fhir/record/${recordType}`;

/** An audit event as a FHIR AuditEvent: its action, when, allowed or denied, who acted, the patient and record concerned. */
export function toFhirAuditEvent(e: AuditRecord): AuditEvent {
  const who = e.userId !== null ? { reference: `Practitioner/${e.userId}` } : undefined;
  const kind = e.userId !== null ? 'staff' : (['patient', 'device', 'system'].find((r) => e.roles.includes(r)) ?? 'nobody');
  const agent: AuditEventAgent = {
    ...(who === undefined ? {} : { who }),
    ...(who === undefined ? { name: kind } : {}),
    ...(e.roles.length === 0 ? {} : { role: [{ text: e.roles.join(', ') }] }),
    requestor: true,
    ...(e.clientAddress === null ? {} : { network: { address: e.clientAddress, type: '2' as const } }),
  };
  const entity: AuditEventEntity[] = [
    ...(e.patientId === null
      ? []
      : [
          {
            what: { reference: `Patient/${e.patientId}` },
            type: { system: SAFETY_SYSTEMS.auditEntityType, code: '1', display: 'Person' },
            role: { system: SAFETY_SYSTEMS.objectRole, code: '1', display: 'Patient' },
          },
        ]),
    ...(e.recordType === null || e.recordId === null
      ? []
      : [{ what: { identifier: { system: auditRecordSystem(e.recordType), value: e.recordId } }, name: e.recordType }]),
  ];
  return {
    resourceType: 'AuditEvent',
    id: e.seq,
    meta: metaOf(e.at, e.synthetic),
    type: auditActionCoding(e.action, e.actionLabel),
    ...(e.action === 'fhir.read' || e.action === 'fhir.search' ? { action: 'R' as const } : {}),
    recorded: e.at.toISOString(),
    outcome: auditOutcomeCode(e.outcome),
    ...(e.outcome === 'allowed' ? {} : { outcomeDesc: e.outcome === 'denied' ? 'refused' : 'failed' }),
    agent: [agent],
    source: { observer: { display: 'Kairos' } },
    ...(entity.length === 0 ? {} : { entity }),
  };
}
