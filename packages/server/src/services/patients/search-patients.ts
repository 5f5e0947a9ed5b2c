/**
 * Searches patients by name, MRN or date of birth, among those the actor may see.
 *
 * @module
 */
import { isIsoDate } from '@kairos/core';
import type { PatientSearchQuery, PatientSearchResult } from '@kairos/api';
import { sql } from 'kysely';
import { audit } from '../audit.js';
import { transact } from '../transaction.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';
import { patientVisibleTo } from './visible-patients.js';
import { toView } from './patients-internal.js';

/** Searches by name, MRN or date of birth; the list holds only patients the actor may see (care team, site-wide role, active emergency access). */
export async function searchPatients(db: Db, actor: Actor, search: PatientSearchQuery, meta: RequestMeta): Promise<PatientSearchResult> {
  return transact(db, async (tx) => {
    let q = tx.selectFrom('patient as p').where(patientVisibleTo(actor, meta.now, { patientId: 'p.id', siteId: 'p.site_id' }));
    const text = search.q?.trim() ?? '';
    if (text !== '') {
      if (isIsoDate(text)) {
        q = q.where(sql<boolean>`p.birth_date = ${text}::date`);
      } else {
        const like = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) =>
          eb.or([
            eb(eb.fn('lower', ['p.mrn']), 'like', like),
            eb(sql`lower(p.given_name || ' ' || p.family_name)`, 'like', like),
            eb(sql`lower(p.family_name || ', ' || p.given_name)`, 'like', like),
          ]),
        );
      }
    }
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll('p')
      .orderBy('p.family_name')
      .orderBy('p.given_name')
      .orderBy('p.id')
      .limit(search.limit)
      .offset(search.offset)
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'patient.search',
        recordType: 'patient',
        outcome: 'allowed',
        details: { results: rows.length, patientIds: rows.map((r) => r.id) },
      },
    );
    return { items: rows.map(toView), total: Number(total.n) };
  });
}
