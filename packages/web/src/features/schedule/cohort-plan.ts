/** The draft of a cohort plan in the browser: default assignments and the first start the program allows. */
import { addDaysToIsoDate, checkProgramStart, findProgramTemplate, isIsoDate, isWeekday } from '@kairos/core';
import type { CohortMemberPlan, CohortPlanBody, EnrollmentSearchItem, ScheduleStaffChoice, Site } from './schedule-api';
import type { StaffPools } from './use-schedule-data';

export interface MemberDraft {
  included: boolean;
  chairId: string;
  roomId: string;
  staff: ScheduleStaffChoice;
}

const nth = <T extends { id: string }>(list: readonly T[], i: number): string | undefined =>
  list.length === 0 ? undefined : list[i % list.length]?.id;

/**
 * A starting point for member `i`: the i-th chair, room and person of each role, so that members
 * of one cohort, whose events run at the same times, do not start out sharing anything.
 */
export function defaultMember(i: number, chairs: { id: string }[], rooms: { id: string }[], pools: StaffPools | undefined): MemberDraft {
  const staff: ScheduleStaffChoice = {};
  if (pools !== undefined) {
    const runner = nth(pools['licensed-iv-runner'], i);
    const therapist = nth(pools.therapist, i);
    const prescriber = nth(pools.prescriber, i);
    if (runner !== undefined) staff['licensed-iv-runner'] = runner;
    if (therapist !== undefined) staff.therapist = therapist;
    if (prescriber !== undefined) staff.prescriber = prescriber;
  }
  return { included: true, chairId: nth(chairs, i) ?? '', roomId: nth(rooms, i) ?? '', staff };
}

/** The first start on or after `from` that the program allows at the site, or `from` when none is known. */
export function firstAllowedStart(programTemplate: string, from: string, site: Site): string {
  const template = findProgramTemplate(programTemplate);
  if (template === undefined) return from;
  try {
    const check = checkProgramStart(template, from, {
      timeZone: site.timeZone,
      workingDays: site.workingDays.filter(isWeekday),
      closedDates: site.closedDates,
    });
    return check.allowed ? from : (check.nextStart ?? from);
  } catch {
    return from;
  }
}

export const tomorrowAt = (today: string): string => addDaysToIsoDate(today, 1);

/** The plan the API takes, from the drafts of the enrollments that are included. */
export function toPlan(
  site: Site,
  programTemplate: string,
  startDate: string,
  enrollments: EnrollmentSearchItem[],
  drafts: Record<string, MemberDraft>,
): CohortPlanBody {
  const members: CohortMemberPlan[] = enrollments.flatMap((e) => {
    const d = drafts[e.id];
    return d === undefined || !d.included ? [] : [{ enrollmentId: e.id, chairId: d.chairId, roomId: d.roomId, staff: d.staff }];
  });
  return { siteId: site.id, programTemplate, startDate, members };
}

/** What is missing before the plan can be sent (the server would refuse it as malformed). */
export function planProblem(plan: CohortPlanBody): string | undefined {
  if (!isIsoDate(plan.startDate)) return 'Pick a start date.';
  if (plan.members.length === 0) return 'Include at least one patient.';
  if (plan.members.some((m) => m.chairId === '' || m.roomId === '')) return 'Pick a chair and a room for every patient.';
  return undefined;
}
