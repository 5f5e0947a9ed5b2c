import { describe, expect, it } from 'vitest';
import { auditRecord, hashAuditEvent, GENESIS_HASH, type AuditInput } from './audit.js';
import { internalMeta, NO_USER, PATIENT } from './context.js';

const at = new Date(Date.UTC(2026, 11, 1, 9, 30));
const actor = { userId: 'u-1', email: 'n@demo.test', displayName: 'N', roles: ['nurse' as const], siteId: 's-1' };
const meta = { requestId: 'req-1', clientAddress: '10.0.0.9', now: at };

/** The hash of a record as appendAudit computes it (first event of a chain). */
const fieldsOf = (r: AuditInput) => ({
  prevHash: GENESIS_HASH,
  at: r.at,
  userId: r.userId,
  userRoles: r.userRoles,
  action: r.action,
  recordType: r.recordType ?? null,
  recordId: r.recordId ?? null,
  patientId: r.patientId ?? null,
  outcome: r.outcome,
  requestId: r.requestId ?? null,
  clientAddress: r.clientAddress ?? null,
  details: r.details ?? {},
});
const hashOf = (r: AuditInput): string => hashAuditEvent(fieldsOf(r));

describe('auditRecord: the request context fills who, where and when', () => {
  it('a staff request gives the record each call site used to spell out', () => {
    const event = {
      action: 'patient.read',
      recordType: 'patient',
      recordId: 'p-1',
      patientId: 'p-1',
      outcome: 'allowed' as const,
      details: { b: 1 },
    };
    const spelledOut: AuditInput = {
      userId: actor.userId,
      userRoles: actor.roles,
      action: 'patient.read',
      recordType: 'patient',
      recordId: 'p-1',
      patientId: 'p-1',
      outcome: 'allowed',
      requestId: meta.requestId,
      clientAddress: meta.clientAddress,
      details: { b: 1 },
      at: meta.now,
    };
    const record = auditRecord({ ...meta, actor }, event);
    expect(record).toEqual(spelledOut);
    // The chain's hash for these inputs (keyed with the development key): a change to the record's shape shows here.
    expect(hashOf(record)).toBe(hashOf(spelledOut));
    expect(hashOf(record)).toBe('0cc082c39ac37275f08e8fdf51180b06be961e372a94cd902a656fb32c45162e');
    // Before the chain was keyed, the same inputs hashed to this plain SHA-256 (an installation's older events).
    expect(hashAuditEvent(fieldsOf(record), false)).toBe('c6202ff0ec50d721805a678e8236f22749a6ee624c275d846c8520dbc1e8d473');
  });

  it('no request (a timed alarm, the demo load) stores null request id and client address', () => {
    expect(auditRecord({ actor: NO_USER, now: at }, { action: 'demo.load', outcome: 'allowed' })).toEqual({
      userId: null,
      userRoles: [],
      action: 'demo.load',
      outcome: 'allowed',
      requestId: null,
      clientAddress: null,
      at,
    });
  });

  it('a patient acts with no user id and the patient role', () => {
    const r = auditRecord({ ...meta, actor: PATIENT }, { action: 'portal.enter', outcome: 'denied' });
    expect([r.userId, r.userRoles]).toEqual([null, ['patient']]);
  });

  it('work the server does on its own behalf names its source as request id and client address', () => {
    const r = auditRecord({ ...internalMeta('demo-loader', at), actor: NO_USER }, { action: 'x', outcome: 'allowed' });
    expect([r.requestId, r.clientAddress, r.at]).toEqual(['demo-loader', 'demo-loader', at]);
  });
});
