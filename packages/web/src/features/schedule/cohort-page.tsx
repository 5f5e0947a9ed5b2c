import { Anchor, Button, Group, Loader, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useResource, errorText } from '../../api/use-resource';
import { planProblem, toPlan } from './cohort-plan';
import { CohortMemberCard } from './cohort-member-card';
import { CohortResultView, type CohortResult } from './cohort-result';
import { workingDaysText } from './labels';
import { bookCohort, clashesOf, listPrograms, nextStartOf, previewCohort, type CohortPlanBody } from './schedule-api';
import { useCohortDraft } from './use-cohort-draft';
import { useSites, useStaffPools } from './use-schedule-data';
import { LoadError } from '../../ui/load-error';

/** /schedule/cohort: plan a cohort at a site, check it for clashes, and book it. */
export function CohortPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { sites, state: sitesState } = useSites();
  const site = sites.find((s) => s.id === params.get('site')) ?? sites[0];
  const { pools } = useStaffPools();
  const programs = useResource('programs', listPrograms);
  const draft = useCohortDraft(site, pools);
  const [result, setResult] = useState<CohortResult>();
  const [busy, setBusy] = useState<'check' | 'save'>();

  if (sitesState.status === 'error') return <LoadError state={sitesState} />;
  if (site === undefined) return <Loader aria-label="Loading sites" />;

  const plan = toPlan(site, draft.programTemplate, draft.startDate, draft.enrollments, draft.drafts);
  const problem = planProblem(plan);
  /** Any edit makes an earlier answer stale. */
  const edit =
    <A extends unknown[]>(f: (...a: A) => void) =>
    (...a: A) => {
      setResult(undefined);
      f(...a);
    };

  const run = async (kind: 'check' | 'save', p: CohortPlanBody) => {
    setBusy(kind);
    setResult(undefined);
    try {
      if (kind === 'check') setResult({ kind: 'preview', ...(await previewCohort(p)) });
      else {
        const booked = await bookCohort(p);
        await navigate(`/schedule?site=${site.id}&date=${p.startDate}&view=week`, {
          state: { notice: `Cohort booked: ${booked.events} events from ${p.startDate}.` },
        });
        return;
      }
    } catch (e) {
      const clashes = clashesOf(e);
      const next = nextStartOf(e);
      if (clashes !== undefined) setResult({ kind: 'conflict', clashes });
      else if (next !== undefined) setResult({ kind: 'start', message: errorText(e), nextStart: next });
      else setResult({ kind: 'error', message: errorText(e) });
    }
    setBusy(undefined);
  };

  return (
    <Stack maw={1100}>
      <Anchor component={Link} to={`/schedule?site=${site.id}`} size="sm">
        ← Schedule
      </Anchor>
      <Title order={2}>Schedule a cohort at {site.name}</Title>
      <Paper withBorder p="sm">
        <Group align="flex-end">
          <NativeSelect
            label="Program"
            value={draft.programTemplate}
            onChange={(e) => edit(draft.setProgram)(e.currentTarget.value)}
            data={(programs.data?.items ?? [{ id: draft.programTemplate, title: draft.programTemplate }]).map((p) => ({
              value: p.id,
              label: p.title,
            }))}
            w={360}
          />
          <TextInput
            type="date"
            label="Start date (program day 1)"
            value={draft.startDate}
            onChange={(e) => edit(draft.setStartDate)(e.currentTarget.value)}
            w={200}
          />
          <Text size="xs" c="dimmed" maw={300} pb={6}>
            Times are at the site ({site.timeZone}). The site works {workingDaysText(site.workingDays)}.
          </Text>
        </Group>
      </Paper>
      <Title order={4}>Eligible patients (signed consent)</Title>
      <LoadError state={draft.eligible.state} />
      {draft.eligible.state.status === 'done' && draft.enrollments.length === 0 && (
        <Text c="dimmed">No eligible enrollments in this program at {site.name}.</Text>
      )}
      {draft.enrollments.map((e) => {
        const d = draft.drafts[e.id];
        return d === undefined ? null : (
          <CohortMemberCard
            key={e.id}
            enrollment={e}
            draft={d}
            chairs={draft.resources.chairs}
            rooms={draft.resources.rooms}
            pools={pools}
            onChange={edit((n) => draft.setDraft(e.id, n))}
          />
        );
      })}
      {result !== undefined && <CohortResultView result={result} timeZone={site.timeZone} onUseStart={edit(draft.setStartDate)} />}
      {problem !== undefined && draft.enrollments.length > 0 && (
        <Text size="sm" c="dimmed">
          {problem}
        </Text>
      )}
      <Group justify="flex-end">
        <Button variant="default" disabled={problem !== undefined} loading={busy === 'check'} onClick={() => void run('check', plan)}>
          Check
        </Button>
        <Button disabled={problem !== undefined} loading={busy === 'save'} onClick={() => void run('save', plan)}>
          Save
        </Button>
      </Group>
    </Stack>
  );
}
