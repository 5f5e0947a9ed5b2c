/**
 * Use case: the medical director lets a session go ahead although a person's credential for a
 * duty lapsed (issue 28, Must 3): with their own step-up proof and a reason, for that person and
 * duty on the session date. The override is kept (who, what lapsed, the rule, the reason) and shown
 * on the session record; the start or the dose order then goes ahead for that person.
 *
 * @module
 */
import type { DosingSessionView, SessionCredentialOverrideBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import { checkDuties, directorOverrideProof, siteDate } from '../credentials/duty-checks.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { auditSession, loadFor } from './internal/session-guards.js';
import { sessionView } from './internal/session-view.js';

export async function overrideSessionCredential(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: SessionCredentialOverrideBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.credential-override');
    if (s.state === 'discharged' || s.state === 'aborted')
      throw new AppError('INVALID_TRANSITION', `the session is over (${s.state}): nothing to let go ahead`, { current: s.state });
    const director = await directorOverrideProof(tx, actor, input.stepUpToken, meta);
    const date = await siteDate(tx, s.site_id, meta.now);
    const [answer] = await checkDuties(tx, s.site_id, [{ userId: input.userId, duty: input.duty, date }]);
    if (answer === undefined || answer.check.allowed)
      throw new AppError(
        'CONFLICT',
        `${answer?.name ?? 'This person'} ${answer?.check.message ?? 'holds what the duty needs'}: there is nothing to override`,
        {
          code: 'NOTHING_TO_OVERRIDE',
        },
      );
    // One override per person, duty and day: a second (two at once: the session's row lock orders them) is refused.
    const already = await tx
      .selectFrom('credential_override')
      .select('id')
      .where('session_id', '=', s.id)
      .where('user_id', '=', input.userId)
      .where('duty', '=', input.duty)
      .where('on_date', '=', date)
      .executeTakeFirst();
    if (already !== undefined)
      throw new AppError('CONFLICT', `${answer.name} already goes ahead for this duty today, by an override on the session record`, {
        code: 'ALREADY_OVERRIDDEN',
      });
    const lapses = answer.check.lapses.map((l) => l.message);
    await tx
      .insertInto('credential_override')
      .values({
        site_id: s.site_id,
        user_id: input.userId,
        duty: input.duty,
        event_id: s.event_id,
        session_id: s.id,
        on_date: date,
        lapses: JSON.stringify(lapses),
        rule: answer.check.rule,
        reason: input.reason,
        decided_by: director.userId,
        decided_at: meta.now,
      })
      .execute();
    await auditSession(tx, director, meta, 'session.credential-override', s, {
      userId: input.userId,
      duty: input.duty,
      lapses,
      rule: answer.check.rule,
      reason: input.reason,
    });
    return sessionView(tx, s.id, meta.now);
  });
}
