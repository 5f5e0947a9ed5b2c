import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/engines.js';
import { AppError } from '../../errors.js';
import { loadDemo } from '../demo/load-demo.js';
import type { RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { DEMO_SECOND_FACTOR_POLICY } from '../second-factor/policy.js';
import { checkCredentials } from './check-credentials.js';
import { consumeStepUp } from './step-up.js';
import { createStepUp } from './create-step-up.js';

const meta = (minute = 0): RequestMeta => ({ requestId: 'r', clientAddress: '127.0.0.1', now: new Date(Date.UTC(2026, 11, 1, 9, minute)) });
const opts = { allowSynthetic: true, policy: DEMO_SECOND_FACTOR_POLICY };

describeEachEngine('step-up proofs', (h) => {
  it('a proof is single-use, bound to its purpose, and refusals are audited after the rollback', async () => {
    await loadDemo(h.database.db, meta().now);
    const nurse = (
      await checkCredentials(h.database.db, { email: 'nurse@demo.test', password: 'kairos-demo-2026' }, meta(), {
        purpose: 'sign-in',
        ...opts,
      })
    ).actor;
    const proof = await createStepUp(
      h.database.db,
      nurse,
      { email: 'prescriber@demo.test', password: 'kairos-demo-2026', purpose: 'dose.double-check' },
      meta(),
      opts,
    );

    const wrongPurpose = transact(h.database.db, (tx) => consumeStepUp(tx, nurse, proof.stepUpToken, { purpose: 'note.sign' }, meta(1)));
    await expect(wrongPurpose).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });

    const checker = await transact(h.database.db, (tx) =>
      consumeStepUp(tx, nurse, proof.stepUpToken, { purpose: 'dose.double-check', differentFrom: nurse.userId, licensed: true }, meta(1)),
    );
    expect(checker.userId).toBe(proof.userId);

    const again = transact(h.database.db, (tx) => consumeStepUp(tx, nurse, proof.stepUpToken, { purpose: 'dose.double-check' }, meta(2)));
    await expect(again).rejects.toBeInstanceOf(AppError);
    const denials = await h.database.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('outcome', '=', 'denied')
      .where('action', 'like', 'step-up.use:%')
      .orderBy('seq')
      .execute();
    expect(denials.map((d) => (d.details as { reason: string }).reason)).toEqual([
      'for another purpose (dose.double-check)',
      'already used',
    ]);
  });

  it('refuses a proof from the same person when the act needs an independent check', async () => {
    const nurse = (
      await checkCredentials(h.database.db, { email: 'nurse@demo.test', password: 'kairos-demo-2026' }, meta(), {
        purpose: 'sign-in',
        ...opts,
      })
    ).actor;
    const own = await createStepUp(
      h.database.db,
      nurse,
      { email: 'nurse@demo.test', password: 'kairos-demo-2026', purpose: 'dose.double-check' },
      meta(),
      opts,
    );
    await expect(
      transact(h.database.db, (tx) =>
        consumeStepUp(tx, nurse, own.stepUpToken, { purpose: 'dose.double-check', differentFrom: nurse.userId }, meta(1)),
      ),
    ).rejects.toMatchObject({ code: 'CHECKER_NOT_ALLOWED', message: expect.stringMatching(/^You cannot check your own act/) });
  });

  it('refuses a proof from an unlicensed user when the act needs a licensed one, and an expired proof', async () => {
    const nurse = (
      await checkCredentials(h.database.db, { email: 'nurse@demo.test', password: 'kairos-demo-2026' }, meta(), {
        purpose: 'sign-in',
        ...opts,
      })
    ).actor;
    const therapist = await createStepUp(
      h.database.db,
      nurse,
      { email: 'therapist@demo.test', password: 'kairos-demo-2026', purpose: 'stock.witness' },
      meta(),
      opts,
    );
    await expect(
      transact(h.database.db, (tx) =>
        consumeStepUp(tx, nurse, therapist.stepUpToken, { purpose: 'stock.witness', licensed: true }, meta(1)),
      ),
    ).rejects.toThrow(/licensed/);
    const late = await createStepUp(
      h.database.db,
      nurse,
      { email: 'director@demo.test', password: 'kairos-demo-2026', purpose: 'stock.witness' },
      meta(),
      opts,
    );
    await expect(
      transact(h.database.db, (tx) => consumeStepUp(tx, nurse, late.stepUpToken, { purpose: 'stock.witness' }, meta(5))),
    ).rejects.toThrow(/expired/);
  });
});
