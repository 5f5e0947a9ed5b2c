/**
 * A witness of a ketamine movement (a waste, a destruction): a licensed user of the site who proves
 * their password (and second factor) on the recorder's screen, never the recorder, never someone
 * the act names as not independent (the drawer of the ketamine wasted, another witness).
 *
 * @module
 */
import type { Actor, RequestMeta } from '../../context.js';
import { consumeStepUp } from '../../sign-in/step-up.js';
import { AuditedRefusal } from '../../transaction.js';
import type { Db } from '../../../store/database.js';

export async function witnessOf(
  tx: Db,
  actor: Actor,
  token: string,
  meta: RequestMeta,
  req: {
    purpose: string;
    siteId: string;
    notThese?: readonly string[];
    record: { type: string; id: string | null; patientId?: string | null };
  },
): Promise<Actor> {
  const [first, ...others] = req.notThese ?? [];
  const witness = await consumeStepUp(
    tx,
    actor,
    token,
    { purpose: req.purpose, licensed: true, ...(first === undefined ? {} : { differentFrom: first }) },
    meta,
  );
  const problem =
    witness.userId === actor.userId
      ? {
          reason: 'witness is the recorder',
          message: 'You cannot witness your own entry: ask another licensed colleague (medical director, prescriber or nurse) to confirm.',
        }
      : others.includes(witness.userId)
        ? {
            reason: 'witness not independent',
            message: `${witness.displayName} cannot witness this entry twice or witness their own act: ask another licensed colleague.`,
          }
        : witness.siteId !== req.siteId
          ? {
              reason: 'witness of another site',
              message: `${witness.displayName} works at another site: the witness is a licensed colleague of this site.`,
            }
          : undefined;
  if (problem !== undefined) {
    throw new AuditedRefusal(
      'CHECKER_NOT_ALLOWED',
      problem.message,
      { ...meta, actor },
      {
        action: `step-up.use:${req.purpose}`,
        recordType: req.record.type,
        recordId: req.record.id,
        patientId: req.record.patientId ?? null,
        outcome: 'denied',
        details: { reason: problem.reason },
      },
      { purpose: req.purpose, checker: { userId: witness.userId, displayName: witness.displayName } },
    );
  }
  return witness;
}
