/**
 * Use case: the cohorts the Outcomes page's cohort filter offers (issue 24): a site's cohorts, each
 * in plain words (its program's title and first day, the wording of the dashboard's
 * `filters.cohort.label`), with its template, first day, the patients booked into it and its state,
 * narrowed by the dashboard's course filters (template, first day from/to).
 *
 * Who sees what, as the dashboard (`readProgramOutcomes`): the medical director and the prescribers
 * list the site's cohorts; a therapist only the cohorts holding at least one patient of their care
 * teams, and counts only those patients. Another site is refused and audited; the read is audited
 * with its filters and the number of cohorts listed.
 *
 * At most `PROGRAM_COHORTS_LIMIT` (500) cohorts, the latest first day first (then the latest
 * booked): `truncated` says when more matched, and narrowing the dates shows the others.
 *
 * @module
 */
import { PROGRAM_COHORTS_LIMIT, programCohortLabel, type ProgramCohorts, type ProgramCohortsQuery } from '@kairos/api';
import { assertSiteInScope, otherSiteRefusal } from '../access/site-scope.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { programScopeOf } from './read-program-outcomes.js';

const ACTION = 'outcomes.program-cohorts-read';

export async function listProgramCohorts(
  db: Db,
  actor: Actor,
  siteId: string,
  query: ProgramCohortsQuery,
  meta: RequestMeta,
): Promise<ProgramCohorts> {
  return transact(db, async (tx) => {
    assertSiteInScope(actor, siteId, meta, ACTION);
    const site = await tx.selectFrom('site').select('id').where('id', '=', siteId).executeTakeFirst();
    if (site === undefined) throw otherSiteRefusal(actor, siteId, meta, ACTION);
    const scope = programScopeOf(actor);
    const careTeamOnly = scope.kind === 'care-team' ? scope.userId : undefined;
    let q = tx
      .selectFrom('cohort as c')
      .select((eb) => [
        'c.id',
        'c.program_template',
        'c.start_date',
        'c.state',
        // The patients booked into the cohort (a therapist: those of their care teams).
        eb
          .selectFrom('scheduled_event as ev')
          .innerJoin('enrollment as e', 'e.id', 'ev.enrollment_id')
          .select((s) => s.fn.count<string>('e.patient_id').distinct().as('n'))
          .whereRef('ev.cohort_id', '=', 'c.id')
          .$if(careTeamOnly !== undefined, (s) =>
            s.where((w) =>
              w.exists(
                w
                  .selectFrom('care_team_member as m')
                  .select('m.patient_id')
                  .whereRef('m.patient_id', '=', 'e.patient_id')
                  .where('m.user_id', '=', careTeamOnly ?? ''),
              ),
            ),
          )
          .as('members'),
      ])
      .where('c.site_id', '=', site.id);
    if (careTeamOnly !== undefined)
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('scheduled_event as ev')
            .innerJoin('enrollment as e', 'e.id', 'ev.enrollment_id')
            .innerJoin('care_team_member as m', 'm.patient_id', 'e.patient_id')
            .select('ev.id')
            .whereRef('ev.cohort_id', '=', 'c.id')
            .where('m.user_id', '=', careTeamOnly),
        ),
      );
    if (query.template !== undefined) q = q.where('c.program_template', '=', query.template);
    if (query.from !== undefined) q = q.where('c.start_date', '>=', query.from);
    if (query.to !== undefined) q = q.where('c.start_date', '<=', query.to);
    const rows = await q
      .orderBy('c.start_date', 'desc')
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id')
      .limit(PROGRAM_COHORTS_LIMIT + 1)
      .execute();
    const truncated = rows.length > PROGRAM_COHORTS_LIMIT;
    const cohorts = rows.slice(0, PROGRAM_COHORTS_LIMIT).map((r) => ({
      id: r.id,
      label: programCohortLabel(r.program_template, r.start_date),
      template: r.program_template,
      startDate: r.start_date,
      members: Number(r.members ?? 0),
      state: r.state,
    }));
    await audit(
      tx,
      { ...meta, actor },
      {
        action: ACTION,
        recordType: 'site',
        recordId: site.id,
        outcome: 'allowed',
        details: { filters: { ...query }, scope: scope.kind, cohorts: cohorts.length, truncated },
      },
    );
    return { cohorts, truncated, ownPatientsOnly: scope.kind === 'care-team' };
  });
}
