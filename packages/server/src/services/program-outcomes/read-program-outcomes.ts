/**
 * Use case: the program's outcomes at a site (issue 24, the Outcomes page): the flow from referral
 * to follow-up, PCL-5, PHQ-9 and GAD-7 means at each time point, response, remission and reliable
 * improvement rates, the durability of response, safety and the completeness of the measures,
 * beside the literature's figures, with the thresholds of the protocol version in force, which the
 * answer names with the rules applied.
 *
 * At scale (Must 5): core evaluates each course once into facts that are stored
 * (internal/program-facts.ts: recomputed when a write marks them stale or the protocol version
 * changes), SQL aggregates the filtered courses' facts to small rows (internal/program-aggregates.ts)
 * and core computes every figure from them (`summarizeProgramAggregates`, in the worker pool as the
 * facts are): the same summary as
 * `summarizeProgramOutcomes` over every course's rows.
 *
 * Who sees what: the medical director and the prescribers read the site's whole program; a
 * therapist reads the courses of the patients whose care team they are on. Another site is
 * refused and audited; the read is audited with its filters and the number of courses.
 *
 * @module
 */
import { programCohortLabel, type ProgramOutcomes, type ProgramOutcomesQuery } from '@kairos/api';
import { benchmarkCitation, outcomeBenchmarks } from '@kairos/core';
import { summarizeProgramInWorker } from '../../workers/worker-pool.js';
import { assertSiteInScope, otherSiteRefusal } from '../access/site-scope.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { protocolInForce } from '../protocol/protocol-in-force.js';
import { transact } from '../transaction.js';
import { AppError } from '../../errors.js';
import type { Db } from '../../store/database.js';
import { aggregateProgramOutcomes } from './internal/program-aggregates.js';
import { refreshProgramFacts } from './internal/program-facts.js';
import { siteToday, type ProgramScope } from './internal/program-rows.js';

const ACTION = 'outcomes.program-read';

/** The roles that read the whole site's program; the others (therapists) their care teams' courses. */
const WHOLE_PROGRAM_ROLES: readonly string[] = ['medical-director', 'prescriber'];

/** Whose courses an actor reads: the whole site's (the director, prescribers) or their care teams' (therapists). */
export function programScopeOf(actor: Actor): ProgramScope {
  return actor.roles.some((r) => WHOLE_PROGRAM_ROLES.includes(r)) ? { kind: 'site' } : { kind: 'care-team', userId: actor.userId };
}

export async function readProgramOutcomes(
  db: Db,
  actor: Actor,
  siteId: string,
  query: ProgramOutcomesQuery,
  meta: RequestMeta,
): Promise<ProgramOutcomes> {
  const read = await transact(db, async (tx) => {
    assertSiteInScope(actor, siteId, meta, ACTION);
    const site = await tx
      .selectFrom('site')
      .select(['id', 'name', 'time_zone', 'working_days', 'closed_dates'])
      .where('id', '=', siteId)
      .executeTakeFirst();
    if (site === undefined) throw otherSiteRefusal(actor, siteId, meta, ACTION);
    const cohort =
      query.cohortId === undefined
        ? null
        : await tx
            .selectFrom('cohort')
            .select(['id', 'program_template', 'start_date'])
            .where('id', '=', query.cohortId)
            .where('site_id', '=', site.id)
            .executeTakeFirst();
    if (cohort === undefined)
      throw new AppError('VALIDATION_FAILED', 'querystring.cohortId: no cohort of this site has this id', {
        issues: [{ field: 'querystring.cohortId', message: 'no cohort of this site has this id' }],
      });
    const protocol = await protocolInForce(tx, site.id, meta.now);
    const scope = programScopeOf(actor);
    await refreshProgramFacts(tx, site, protocol, meta.now);
    const asOf = siteToday(meta.now, site.time_zone);
    const aggregates = await aggregateProgramOutcomes(tx, site.id, scope, query, asOf);
    const courses = aggregates.courses.reduce((n, c) => n + c.count, 0);
    await audit(
      tx,
      { ...meta, actor },
      {
        action: ACTION,
        recordType: 'site',
        recordId: site.id,
        outcome: 'allowed',
        details: { filters: { ...query }, scope: scope.kind, courses, protocolVersion: protocol.version },
      },
    );
    return { site, cohort, protocol, scope, asOf, aggregates };
  });
  // Core's figures in the worker pool (about 100 ms at 100,000 courses), after the commit: never on
  // the event loop, and no connection held while a thread works (the embedded database has one).
  const { site, cohort, protocol, scope, asOf, aggregates } = read;
  const summary = await summarizeProgramInWorker(aggregates, protocol.config.outcomes);
  return {
    site: { id: site.id, name: site.name },
    filters: {
      template: query.template ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      cohort: cohort === null ? null : { id: cohort.id, label: programCohortLabel(cohort.program_template, cohort.start_date) },
      ownPatientsOnly: scope.kind === 'care-team',
    },
    asOf,
    protocolVersion: protocol.version,
    ...summary,
    benchmarks: outcomeBenchmarks.map((b) => ({
      id: b.id,
      label: b.label,
      value: b.value,
      unit: b.unit,
      citation: benchmarkCitation(b),
    })),
  };
}
