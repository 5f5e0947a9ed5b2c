/**
 * A builder for API tests that need more dosing sessions than the demo books: extra dosing events
 * cloned from one of a patient's booked dosing events (same enrollment, chair and staff), each
 * with its dosing session, as booking would make them. Readable data, not a second scheduler:
 * the clones skip the booking rules on purpose (several on one chair at once).
 */
import { createSessionsForEvents } from '../src/services/dosing-session/create-sessions-for-events.js';
import type { Db } from '../src/store/database.js';

/** Adds `count` dosing sessions for the patient with `mrn` (booked `shiftDays` after the first one); returns their ids. */
export async function addDosingSessions(db: Db, mrn: string, count: number, now: Date, shiftDays = 0): Promise<string[]> {
  return db.transaction().execute(async (tx) => {
    const source = await tx
      .selectFrom('scheduled_event as e')
      .innerJoin('enrollment as en', 'en.id', 'e.enrollment_id')
      .innerJoin('patient as p', 'p.id', 'en.patient_id')
      .selectAll('e')
      .where('p.mrn', '=', mrn)
      .where('e.kind', '=', 'dosing')
      .orderBy('e.starts_at')
      .executeTakeFirstOrThrow();
    const staff = await tx.selectFrom('event_staff').selectAll().where('event_id', '=', source.id).execute();
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const { id: _id, ...rest } = source;
      const row = await tx
        .insertInto('scheduled_event')
        .values({
          ...rest,
          starts_at: new Date(rest.starts_at.getTime() + shiftDays * 86_400_000),
          ends_at: new Date(rest.ends_at.getTime() + shiftDays * 86_400_000),
          infusion: rest.infusion === null ? null : JSON.stringify(rest.infusion),
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const s of staff)
        await tx
          .insertInto('event_staff')
          .values({
            ...s,
            event_id: row.id,
            starts_at: new Date(s.starts_at.getTime() + shiftDays * 86_400_000),
            ends_at: new Date(s.ends_at.getTime() + shiftDays * 86_400_000),
          })
          .execute();
      ids.push(row.id);
    }
    await createSessionsForEvents(tx, ids, now);
    const sessions = await tx.selectFrom('dosing_session').select('id').where('event_id', 'in', ids).execute();
    return sessions.map((s) => s.id);
  });
}

/**
 * Meets the pre-dose checklist's fact items the way a nurse does at the chair (the intention is
 * the therapist's, the vital signs and the dose are the test's own): the day's C-SSRS screener with
 * no risk, fasting times well past the protocol's hours, the escort's name and phone, and the
 * ondansetron premedication given. `as` sends a request as a signed-in licensed user.
 */
export async function meetChecklistFacts(
  as: (method: 'POST' | 'PUT', url: string, payload: object) => Promise<{ statusCode: number; body: string }>,
  ids: { sessionId: string; patientId: string },
  nowMs: number,
): Promise<void> {
  const ago = (minutes: number) => new Date(nowMs - minutes * 60_000).toISOString();
  const calls: [method: 'POST' | 'PUT', url: string, payload: object][] = [
    [
      'POST',
      `/api/patients/${ids.patientId}/questionnaires`,
      { instrument: 'cssrs', answers: { form: 'since-last-contact', answers: { q1: false, q2: false, q6: false } }, completedAt: ago(2) },
    ],
    [
      'PUT',
      `/api/sessions/${ids.sessionId}/checklist`,
      { fasting: { lastSolidsAt: ago(12 * 60), lastClearLiquidsAt: ago(3 * 60) }, escort: { name: 'Sam Rivers', phone: '555-0199' } },
    ],
    [
      'POST',
      `/api/sessions/${ids.sessionId}/medications`,
      { purpose: 'premedication', drug: 'ondansetron', dose: 4, unit: 'mg', route: 'IV', givenAt: ago(1) },
    ],
  ];
  for (const [method, url, payload] of calls) {
    const r = await as(method, url, payload);
    if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
  }
}

/**
 * Takes a booked session to the moment before its infusion starts, as the medical director would:
 * checked in, pre-dose, the checklist's facts met with the therapist's intention, a dose order of
 * the protocol's mg/kg from 50 mg/mL vials in 100 mL double-checked by nurse@demo.test (through
 * step-up), and one pre-dose reading a minute ago. `as` sends a request as the medical director.
 */
export async function readyToStart(
  as: (method: 'POST' | 'PUT', url: string, payload: object) => Promise<{ statusCode: number; body: string }>,
  ids: { sessionId: string; patientId: string },
  nowMs: number,
): Promise<void> {
  const ok = async (method: 'POST' | 'PUT', url: string, payload: object) => {
    const r = await as(method, url, payload);
    if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
    return JSON.parse(r.body || '{}') as Record<string, unknown>;
  };
  const session = `/api/sessions/${ids.sessionId}`;
  await ok('POST', `${session}/steps`, { step: 'check-in' });
  await ok('POST', `${session}/steps`, { step: 'begin-pre-dose' });
  await meetChecklistFacts(as, ids, nowMs);
  await ok('PUT', `${session}/checklist`, { intention: 'to stay with what comes' });
  await ok('POST', `${session}/dose-order`, { vialMgPerMl: 50, diluentMl: 100 });
  const proof = await ok('POST', '/api/step-up', { email: 'nurse@demo.test', password: 'kairos-demo-2026', purpose: 'dose.double-check' });
  await ok('POST', `${session}/dose-order/double-check`, { stepUpToken: proof.stepUpToken });
  const reading = { clientId: `pre-${ids.sessionId}`, measuredAt: new Date(nowMs - 60_000).toISOString() };
  await ok('POST', `${session}/vitals`, {
    readings: [{ ...reading, systolic: 122, diastolic: 78, heartRate: 72, spo2: 98, respiratoryRate: 14 }],
  });
}
