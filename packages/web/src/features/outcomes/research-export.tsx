import type { ProgramOutcomesQuery, ResearchExportFormat } from '@kairos/api';
import { Button, Group, List, Text } from '@mantine/core';
import { SectionCard } from '../../ui/section-card';
import { useSignIn } from '../sign-in/sign-in-context';

/**
 * The address of the de-identified research export (`GET /api/sites/:id/research-export`) with
 * the dashboard's program and dates; a cohort is not a filter of the export and is left out.
 */
export function researchExportHref(siteId: string, filters: ProgramOutcomesQuery, format: ResearchExportFormat): string {
  const params = new URLSearchParams({ format });
  if (filters.template !== undefined) params.set('template', filters.template);
  if (filters.from !== undefined) params.set('from', filters.from);
  if (filters.to !== undefined) params.set('to', filters.to);
  return `/api/sites/${encodeURIComponent(siteId)}/research-export?${params.toString()}`;
}

/**
 * The Outcomes page's research export (issue 24, Must 4): for the medical director only (nothing
 * for anyone else), the site's courses with the page's program and dates, de-identified under
 * HIPAA Safe Harbor, as NDJSON or CSV. Mount it on the page with the filters it shows:
 * `<ResearchExportSection siteId={siteId} filters={filters} />`.
 */
export function ResearchExportSection({ siteId, filters }: { siteId: string; filters: ProgramOutcomesQuery }) {
  const { signedIn } = useSignIn();
  if (signedIn?.user.roles.includes('medical-director') !== true) return null;
  const inverted = filters.from !== undefined && filters.to !== undefined && filters.to < filters.from;
  return (
    <SectionCard title="Research export" testId="research-export">
      <Text size="sm">
        Every course of the program and dates chosen above, for a research partner, de-identified under HIPAA’s Safe Harbor method: each
        patient appears under a random study id, the same in every export from this site, so two exports can be linked. Only Kairos can tell
        who a study id is, and it never shares that.
      </Text>
      <Text size="sm">
        What is in it: the program, the age group at enrollment, sex, the course’s states and events, each dosing session’s dose, minutes,
        pauses, early stop, adverse events and highest blood-pressure alert, and each questionnaire’s total (PCL-5, PHQ-9, GAD-7, C-SSRS
        risk level).
      </Text>
      <Text size="sm">What is left out:</Text>
      <List size="sm" spacing={2}>
        <List.Item>
          names, addresses and any place smaller than a state, phone numbers, emails, escorts, medical record numbers and Kairos’s own
          record ids;
        </List.Item>
        <List.Item>
          every date: each moment is counted in days from the patient’s enrollment (day 0), and ages are 5-year groups, with everyone over
          89 as “90 or older”;
        </List.Item>
        <List.Item>
          all free text: notes, reasons for withdrawal, adverse event descriptions, comments and questionnaire answers (only totals).
        </List.Item>
      </List>
      <Text size="sm" c="dimmed">
        A small clinic or a rare combination can still point to a person: share it only under a data use agreement. Each export is recorded
        in the audit trail.
        {filters.cohortId !== undefined
          ? ' The cohort chosen above does not narrow the export: it holds every course of the program and dates.'
          : ''}
      </Text>
      {inverted ? (
        <Text size="sm" c="red">
          The dates end before they start: correct them to export.
        </Text>
      ) : null}
      <Group>
        {(['csv', 'ndjson'] as const).map((format) => (
          <Button
            key={format}
            component="a"
            href={researchExportHref(siteId, filters, format)}
            download
            variant="default"
            disabled={inverted}
            data-testid={`research-export-${format}`}
          >
            Download {format.toUpperCase()}
          </Button>
        ))}
      </Group>
    </SectionCard>
  );
}
