import { useEffect, useMemo, useState } from 'react';
import { useResource } from '../../api/use-resource';
import { defaultMember, firstAllowedStart, tomorrowAt, type MemberDraft } from './cohort-plan';
import { listEligible, type Site } from './schedule-api';
import { localDateOf } from '@kairos/core';
import { resourcesOf, type StaffPools } from './use-schedule-data';

/** The cohort being planned at a site: program, start date, and a draft per eligible enrollment of that program. */
export function useCohortDraft(site: Site | undefined, pools: StaffPools | undefined) {
  const eligible = useResource(
    site?.id ?? '',
    () => (site === undefined ? Promise.resolve({ items: [] }) : listEligible(site.id)),
    'The eligible patients could not be loaded.',
  );
  const all = useMemo(() => eligible.data?.items ?? [], [eligible.data]);
  const [program, setProgram] = useState<string>();
  const programTemplate = program ?? all[0]?.programTemplate ?? 'retreat-5-day';
  const enrollments = useMemo(() => all.filter((e) => e.programTemplate === programTemplate), [all, programTemplate]);
  const [startDate, setStartDate] = useState('');
  const [drafts, setDrafts] = useState<Record<string, MemberDraft>>({});
  const resources = useMemo(() => (site === undefined ? { chairs: [], rooms: [] } : resourcesOf(site)), [site]);

  // A start the program allows, from tomorrow at the site, whenever the site or program changes.
  useEffect(() => {
    if (site !== undefined) setStartDate(firstAllowedStart(programTemplate, tomorrowAt(localDateOf(new Date(), site.timeZone)), site));
  }, [site, programTemplate]);

  // Every enrollment gets a draft once the staff are known; drafts already edited are kept.
  useEffect(() => {
    if (pools === undefined) return;
    setDrafts((current) => {
      const next = { ...current };
      enrollments.forEach((e, i) => {
        next[e.id] ??= defaultMember(i, resources.chairs, resources.rooms, pools);
      });
      return next;
    });
  }, [enrollments, pools, resources]);

  return {
    eligible,
    enrollments,
    programTemplate,
    setProgram,
    startDate,
    setStartDate,
    drafts,
    setDraft: (id: string, d: MemberDraft) => setDrafts((current) => ({ ...current, [id]: d })),
    resources,
  };
}
