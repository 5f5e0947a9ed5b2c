import { sessionsByRouteWords } from '@kairos/core';
import { PROGRAM_COHORTS_LIMIT, PROGRAM_OUTCOMES_CSV_TABLES, PROGRAM_TIME_POINTS, type ProgramOutcomesCsvTable } from '@kairos/api';
import { Alert, Button, Group, Loader, NativeSelect, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { createContext, Fragment, lazy, Suspense, useContext, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useResource } from '../../api/use-resource';
import { Stat } from '../../ui/stat';
import { LoadError } from '../../ui/load-error';
import { PageLoadBoundary } from '../../ui/lazy-page';
import { NoneRecorded, SectionCard } from '../../ui/section-card';
import { adverseEventKindLabel, adverseEventSeverityLabel } from '../adverse-events/adverse-events-api';
import { formatDate } from '../schedule/site-time';
import { useSignIn } from '../sign-in/sign-in-context';
import {
  FILTER_KEYS,
  filtersFromSearch,
  searchFromFilters,
  TEMPLATE_WORDS,
  withFilter,
  type FilterKey,
  type ProgramFilters,
  type ProgramTemplateId,
} from './program-filters';
import { ResearchExportSection } from './research-export';
import { cohortOptions } from './program-cohort-options';
import {
  listProgramCohorts,
  programCohortsPath,
  programOutcomesPath,
  programOutcomesReportHref,
  readProgramOutcomes,
  type ProgramCompleteness,
  type ProgramMean,
  type ProgramOutcomes,
  type ProgramRate,
  type ProgramRateId,
  type ProgramTimePoint,
} from './program-outcomes-api';
import {
  benchmarkValueText,
  intervalText,
  kairMeans,
  meanText,
  NOT_REPORTED,
  pageWords,
  per100Text,
  protocolText,
  quartilesText,
  rateLabel,
  scopeText,
  shareText,
  startedText,
  suppressedText,
  timePointLabel,
  timePointOrder,
} from './program-words';

// The charts (recharts) load after the page, in their own chunk: the tables are readable meanwhile.
const Pcl5MeansChart = lazy(() => import('./program-charts').then((m) => ({ default: m.Pcl5MeansChart })));
const DurabilityChart = lazy(() => import('./program-charts').then((m) => ({ default: m.DurabilityChart })));

/**
 * /outcomes: the program dashboard (issue 24) for the medical director, prescribers and therapists:
 * how the site's courses went, filtered by program, course start dates and cohort (the filters live
 * in the address), from referral to follow-up, with the PCL-5, PHQ-9 and GAD-7 means, the response,
 * remission and reliable improvement rates, the durability of response, safety and the completeness
 * of the measures, beside the literature and what it does not prove. The server computes every
 * figure; the page formats and draws them.
 */
export function ProgramOutcomesPage() {
  const { signedIn } = useSignIn();
  const site = signedIn?.site ?? null;
  if (site === null) {
    return (
      <Stack maw={640}>
        <Title order={2}>Program outcomes</Title>
        <Alert color="yellow">Your account belongs to no site: there is no program to show.</Alert>
      </Stack>
    );
  }
  return <ProgramOutcomesView siteId={site.id} />;
}

function ProgramOutcomesView({ siteId }: { siteId: string }) {
  const [params, setParams] = useSearchParams();
  const { filters, ignored } = filtersFromSearch(params);
  const path = programOutcomesPath(siteId, filters);
  const read = useResource(
    `program-outcomes|${path}`,
    () => readProgramOutcomes(siteId, filters),
    'The program’s outcomes could not be loaded.',
  );
  const setFilters = (next: ProgramFilters) => setParams(searchFromFilters(next), { replace: true });
  // A change builds on the address as it is now, not on this render's filters: the router renders a
  // new address in a transition, so a second filter changed before that render (a quick hand, a
  // browser test) would otherwise drop the first.
  const set = (key: FilterKey, value: string | undefined) =>
    setFilters(withFilter(filtersFromSearch(new URLSearchParams(window.location.search)).filters, key, value));

  const answer = read.data;
  const refused = answer?.kind === 'refused' ? answer : undefined;
  const o = answer?.kind === 'read' ? answer.outcomes : undefined;
  const updating = read.state.status === 'loading' && answer !== undefined;

  return (
    <Stack gap="md" data-testid="program-outcomes-page" data-loading={read.state.status === 'loading'}>
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2}>Program outcomes</Title>
          {o !== undefined && (
            <Text size="sm" data-testid="outcomes-scope">
              <b>{scopeText(o)}</b> · as of {formatDate(o.asOf)} · {protocolText(o.protocolVersion)}
            </Text>
          )}
        </Stack>
        {updating && <Loader size="sm" aria-label="Updating the figures" />}
      </Group>

      <Filters
        siteId={siteId}
        filters={filters}
        fields={refused?.fields ?? {}}
        cohortLabel={o?.filters.cohort?.label}
        onChange={set}
        onClear={() => setFilters({})}
      />
      {ignored.length > 0 && (
        <Alert color="yellow" data-testid="outcomes-ignored-filters">
          The address held {ignored.length === 1 ? 'a filter' : 'filters'} this page does not know ({ignored.join(', ')}): left out.
        </Alert>
      )}
      {refused !== undefined && !Object.keys(refused.fields).some((f) => KNOWN_FIELDS.has(f)) && (
        <Alert color="red" title="These filters were refused" data-testid="outcomes-refused">
          {refused.message}
        </Alert>
      )}

      {o !== undefined && refused === undefined && <Downloads siteId={siteId} filters={filters} />}

      {read.state.status === 'loading' && answer === undefined && <Loader aria-label="Loading the program’s outcomes" />}
      <LoadError state={read.state} />
      {o !== undefined && <Dashboard o={o} />}
      {o !== undefined && refused === undefined && <ResearchExportSection siteId={siteId} filters={filters} />}
    </Stack>
  );
}

/** The fields the filters show a refusal beside; a refusal of anything else is shown above the figures. */
const KNOWN_FIELDS: ReadonlySet<string> = new Set(FILTER_KEYS);

/** "Is before from: …": a field's problem as the server words it, with a capital. */
const fieldText = (message: string | undefined): string | undefined =>
  message === undefined ? undefined : message.charAt(0).toUpperCase() + message.slice(1);

function Filters({
  siteId,
  filters,
  fields,
  cohortLabel,
  onChange,
  onClear,
}: {
  siteId: string;
  filters: ProgramFilters;
  fields: Record<string, string>;
  cohortLabel: string | undefined;
  onChange: (key: FilterKey, value: string | undefined) => void;
  onClear: () => void;
}) {
  const templates = Object.entries(TEMPLATE_WORDS) as [ProgramTemplateId, string][];
  return (
    <Paper withBorder p="sm" radius="md">
      <Stack gap="xs">
        <Group align="flex-start" gap="sm" wrap="wrap" data-testid="outcomes-filters">
          <NativeSelect
            label="Program"
            value={filters.template ?? ''}
            onChange={(e) => onChange('template', e.currentTarget.value)}
            data={[{ value: '', label: 'All programs' }, ...templates.map(([value, label]) => ({ value, label }))]}
            error={fieldText(fields.template)}
          />
          <TextInput
            type="date"
            label="Course start from"
            value={filters.from ?? ''}
            onChange={(e) => onChange('from', e.currentTarget.value)}
            error={fieldText(fields.from)}
          />
          <TextInput
            type="date"
            label="Course start to"
            value={filters.to ?? ''}
            onChange={(e) => onChange('to', e.currentTarget.value)}
            error={fieldText(fields.to)}
          />
          <CohortFilter
            siteId={siteId}
            filters={filters}
            cohortLabel={cohortLabel}
            error={fieldText(fields.cohortId)}
            onChange={(value) => onChange('cohortId', value)}
          />
          {Object.keys(filters).length > 0 && (
            <Button variant="subtle" onClick={onClear} mt={25}>
              Clear filters
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          Courses whose first day falls in the range (days at the site, both included); either date may be left empty.
        </Text>
      </Stack>
    </Paper>
  );
}

/**
 * The cohort filter: the site's cohorts of the chosen program and course start dates (the server's
 * list, the latest first), searchable, in words; choosing one puts it in the address, clearing it
 * shows every cohort.
 */
function CohortFilter({
  siteId,
  filters,
  cohortLabel,
  error,
  onChange,
}: {
  siteId: string;
  filters: ProgramFilters;
  cohortLabel: string | undefined;
  error: string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  const path = programCohortsPath(siteId, filters);
  const list = useResource(`program-cohorts|${path}`, () => listProgramCohorts(siteId, filters), 'The cohorts could not be loaded.');
  const cohorts = list.data?.cohorts ?? [];
  const loadError = list.state.status === 'error' ? list.state.message : undefined;
  return (
    <Select
      label="Cohort"
      placeholder={list.data === undefined ? 'Loading the cohorts…' : cohorts.length === 0 ? 'No cohort in these courses' : 'Every cohort'}
      data={cohortOptions(cohorts, { id: filters.cohortId, label: cohortLabel })}
      value={filters.cohortId ?? null}
      onChange={(value) => onChange(value ?? undefined)}
      searchable
      clearable
      // Mantine hides its clear button from assistive technology; this one is named and announced.
      clearButtonProps={{ 'aria-label': 'Show every cohort', 'aria-hidden': false }}
      nothingFoundMessage="No cohort has these words"
      description={
        list.data?.truncated === true ? `The latest ${PROGRAM_COHORTS_LIMIT} cohorts: narrow the dates to see older ones.` : undefined
      }
      error={error ?? loadError}
      w={380}
      data-testid="outcomes-cohort-filter"
    />
  );
}

/** Each of the dashboard's tables as a CSV file, in the words of its card. */
const CSV_TABLE_WORDS: Readonly<Record<ProgramOutcomesCsvTable, string>> = {
  flow: 'Flow',
  scores: 'Scores',
  rates: 'Rates',
  durability: 'Durability',
  safety: 'Safety',
  completeness: 'Completeness',
};

/** The report as a PDF and each table as CSV, for the filters on screen (the server audits each download). */
function Downloads({ siteId, filters }: { siteId: string; filters: ProgramFilters }) {
  return (
    <Group gap="xs" wrap="wrap" data-testid="outcomes-downloads">
      <Button
        component="a"
        href={programOutcomesReportHref(siteId, filters, 'pdf')}
        download
        size="xs"
        variant="default"
        aria-label="Download PDF: the program outcomes report for these filters"
        data-testid="outcomes-pdf"
      >
        Download PDF
      </Button>
      <Text size="sm" fw={500} ml="sm">
        Download CSV:
      </Text>
      {PROGRAM_OUTCOMES_CSV_TABLES.map((table) => (
        <Button
          key={table}
          component="a"
          href={programOutcomesReportHref(siteId, filters, 'csv', table)}
          download
          size="xs"
          variant="default"
          aria-label={`Download CSV: ${CSV_TABLE_WORDS[table]}`}
          data-testid={`outcomes-csv-${table}`}
        >
          {CSV_TABLE_WORDS[table]}
        </Button>
      ))}
      <Text size="xs" c="dimmed">
        For the filters above. Each download is recorded in the audit trail.
      </Text>
    </Group>
  );
}

/** The words of the figures at the level of their intervals ("90% CI" when the site set 90%), for every card. */
const WordsContext = createContext(pageWords({ confidenceLevelPercent: 95 }));
const useWords = () => useContext(WordsContext);

/** Every figure of the answer, card by card. */
function Dashboard({ o }: { o: ProgramOutcomes }) {
  return (
    <WordsContext.Provider value={pageWords(o)}>
      {o.suppressed && (
        <Alert color="yellow" title={suppressedText(o.smallestCohort)} data-testid="outcomes-suppressed">
          With so few patients a mean, a rate or a durability curve would point at individuals and read chance as a result. Widen the
          filters to see them.
        </Alert>
      )}
      <FlowCard o={o} />
      <ScoresCard o={o} />
      {!o.suppressed && <RatesCard rates={o.rates} />}
      {!o.suppressed && <DurabilityCard o={o} />}
      <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="md">
        <SafetyCard o={o} />
        <CompletenessCard completeness={o.completeness} />
      </SimpleGrid>
      <BenchmarksCard o={o} />
    </WordsContext.Provider>
  );
}

function FlowCard({ o }: { o: ProgramOutcomes }) {
  const f = o.flow;
  const reasons = f.withdrawnReasons.map((r) => `${r.reason} (${r.count})`).join(', ');
  return (
    <SectionCard title="From referral to follow-up" testId="flow-card">
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="sm">
        <Stat size="xl" label="Referred" value={f.referred} testId="flow-referred" />
        <Stat size="xl" label="Screened" value={f.screened} testId="flow-screened" />
        <Stat size="xl" label="Eligible" value={f.eligible} testId="flow-eligible" />
        <Stat size="xl" label="Started" value={f.started} testId="flow-started" />
        <Stat size="xl" label="Completed" value={f.completed} testId="flow-completed" />
        <Stat size="xl" label="Withdrawn" value={f.withdrawn} detail={reasons === '' ? undefined : reasons} testId="flow-withdrawn" />
        <Stat size="xl" label="Lost to follow-up" value={f.lostToFollowUp} testId="flow-lost" />
      </SimpleGrid>
    </SectionCard>
  );
}

const byTimePoint = <T extends { timePoint: ProgramTimePoint }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => timePointOrder(a.timePoint) - timePointOrder(b.timePoint));

/** n, mean and interval at each time point (n only when the cohort is too small to report means). */
function MeansTable({
  name,
  means,
  suppressed,
  testId,
}: {
  name: string;
  means: readonly ProgramMean[];
  suppressed: boolean;
  testId: string;
}) {
  const { ciWords } = useWords();
  if (means.length === 0) return <NoneRecorded text={`No ${name} in these courses.`} />;
  return (
    <Table fz="sm" striped verticalSpacing={4} aria-label={`${name} by time point`} data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Time point</Table.Th>
          <Table.Th ta="right">n</Table.Th>
          {!suppressed && <Table.Th ta="right">Mean</Table.Th>}
          {!suppressed && <Table.Th>{ciWords}</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {byTimePoint(means).map((m) => (
          <Table.Tr key={m.timePoint} data-time-point={m.timePoint}>
            <Table.Td>{timePointLabel(m.timePoint)}</Table.Td>
            <Table.Td ta="right">{m.n}</Table.Td>
            {!suppressed && (
              <Table.Td ta="right" fw={700}>
                {meanText(m.mean)}
              </Table.Td>
            )}
            {!suppressed && <Table.Td>{intervalText(m.ci)}</Table.Td>}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ChartSlot({ children }: { children: ReactNode }) {
  return (
    <PageLoadBoundary>
      <Suspense fallback={<Loader size="sm" aria-label="Loading the chart" />}>{children}</Suspense>
    </PageLoadBoundary>
  );
}

function ScoresCard({ o }: { o: ProgramOutcomes }) {
  const { ciWords, ciText } = useWords();
  const gad7 = o.scores.gad7.find((g) => g.timePoint === 'baseline');
  return (
    <SectionCard title="Scores" testId="scores-card">
      <Text size="sm" c="dimmed">
        Patients who answered at each time point (n){o.suppressed ? '' : `, their mean and its ${ciWords}, one decimal`}. Lower is better on
        every scale.
      </Text>
      <SimpleGrid cols={{ base: 1, lg: o.suppressed ? 1 : 2 }} spacing="lg">
        <Stack gap="xs">
          <Title order={5}>PCL-5 (PTSD symptoms, 0–80)</Title>
          <MeansTable name="PCL-5" means={o.scores.pcl5} suppressed={o.suppressed} testId="pcl5-means-table" />
        </Stack>
        {!o.suppressed && (
          <ChartSlot>
            <Pcl5MeansChart means={o.scores.pcl5} published={kairMeans(o.benchmarks)} confidenceLevelPercent={o.confidenceLevelPercent} />
          </ChartSlot>
        )}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Stack gap="xs">
          <Title order={5}>PHQ-9 (depression, 0–27)</Title>
          <MeansTable name="PHQ-9" means={o.scores.phq9} suppressed={o.suppressed} testId="phq9-means-table" />
        </Stack>
        <Stack gap="xs">
          <Title order={5}>GAD-7 (anxiety, 0–21) at baseline</Title>
          <Text size="sm" data-testid="gad7-baseline">
            {gad7 === undefined || gad7.n === 0
              ? 'No GAD-7 at baseline in these courses.'
              : o.suppressed || gad7.mean === null
                ? `${gad7.n} answered`
                : `Mean ${meanText(gad7.mean)} (${ciText(gad7.ci)}), ${gad7.n} answered`}
          </Text>
        </Stack>
      </SimpleGrid>
    </SectionCard>
  );
}

const RATE_IDS: readonly ProgramRateId[] = ['response', 'remission', 'reliable-improvement'];

function RatesCard({ rates }: { rates: readonly ProgramRate[] }) {
  const points = PROGRAM_TIME_POINTS.filter((t) => rates.some((r) => r.timePoint === t));
  return (
    <SectionCard title="Response, remission and reliable improvement" testId="rates-card">
      <Text size="sm" c="dimmed">
        Among the patients with a baseline and that time point’s PCL-5, as the protocol in force defines each; the patients who started the
        course are beside.
      </Text>
      {points.length === 0 ? (
        <NoneRecorded text="No PCL-5 after a course yet." />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table fz="sm" striped verticalSpacing={4} aria-label="Rates by time point" data-testid="rates-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time point</Table.Th>
                {RATE_IDS.map((id) => (
                  <Table.Th key={id}>{rateLabel(id)}</Table.Th>
                ))}
                <Table.Th>Started</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {points.map((t) => {
                const at = rates.filter((r) => r.timePoint === t);
                return (
                  <Table.Tr key={t} data-time-point={t}>
                    <Table.Td>{timePointLabel(t)}</Table.Td>
                    {RATE_IDS.map((id) => {
                      const r = at.find((x) => x.id === id);
                      return (
                        <Table.Td key={id} data-rate={id}>
                          {r === undefined ? NOT_REPORTED : <RateWords rate={r} />}
                        </Table.Td>
                      );
                    })}
                    <Table.Td>{at[0] === undefined ? NOT_REPORTED : startedText(at[0].started)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </SectionCard>
  );
}

/** A rate's words, wrapping only between its groups (see `rateParts`). */
function RateWords({ rate }: { rate: ProgramRate }) {
  const { rateParts } = useWords();
  return rateParts(rate).map((part, i) => (
    <Fragment key={i}>
      {i > 0 && ' '}
      <span style={{ whiteSpace: 'nowrap' }}>{part}</span>
    </Fragment>
  ));
}

function DurabilityCard({ o }: { o: ProgramOutcomes }) {
  const { ciWords, medianText, shareWithCiText } = useWords();
  const d = o.durability;
  return (
    <SectionCard title="Durability of response" testId="durability-card">
      {d === null || d.responders === 0 ? (
        <NoneRecorded text="No responder yet in these courses: nothing to follow." />
      ) : (
        <>
          <Text size="sm" data-testid="durability-summary">
            <b>
              {d.responders} responder{d.responders === 1 ? '' : 's'}
            </b>{' '}
            followed from their last dosing session, {d.events} of them lost the response. Time to loss of response:{' '}
            <b>{medianText(d.median)}</b>.
          </Text>
          <Text size="xs" c="dimmed">
            {`Kaplan-Meier: a responder who kept the response counts until their last PCL-5. The curve steps down at each loss; the band is its ${ciWords}; the dotted line marks 50%, where the median is read; a tick marks a responder still responding at their last PCL-5.`}
          </Text>
          <ChartSlot>
            <DurabilityChart durability={d} confidenceLevelPercent={o.confidenceLevelPercent} />
          </ChartSlot>
          <Table fz="sm" striped verticalSpacing={4} aria-label="Kaplan-Meier curve by day" data-testid="durability-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th ta="right">Day</Table.Th>
                <Table.Th ta="right">Responders followed</Table.Th>
                <Table.Th ta="right">Lost the response</Table.Th>
                <Table.Th>Still responding</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.curve.map((p) => (
                <Table.Tr key={p.days}>
                  <Table.Td ta="right">{p.days}</Table.Td>
                  <Table.Td ta="right">{p.atRisk}</Table.Td>
                  <Table.Td ta="right">{p.events}</Table.Td>
                  <Table.Td>{shareWithCiText(p.survival, p.lower, p.upper)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </SectionCard>
  );
}

function SafetyCard({ o }: { o: ProgramOutcomes }) {
  const s = o.safety;
  const ae = s.adverseEvents;
  const sessions = (n: number) => `${n} session${n === 1 ? '' : 's'}`;
  const rows: [string, string, string][] = [
    ['Dosing sessions (dose given)', String(s.sessions), 'safety-sessions'],
    ['By route', sessionsByRouteWords(s.sessionsByRoute), 'safety-routes'],
    [
      'Adverse events',
      // Counts only when the cohort is too small: a rate per 100 sessions of one or two patients is not shown either.
      o.suppressed || ae.per100Sessions === null ? String(ae.total) : `${ae.total} (${per100Text(ae.per100Sessions)} per 100 sessions)`,
      'safety-adverse-events',
    ],
    ['Blood pressure at the warning level', sessions(s.bloodPressure.warningSessions), 'safety-bp-warning'],
    ['Blood pressure at the pause level or above', sessions(s.bloodPressure.pauseSessions), 'safety-bp-pause'],
    ['Infusion end to discharge', quartilesText(s.dischargeMinutes), 'safety-discharge'],
    ['Infusion paused', sessions(s.pausedSessions), 'safety-paused'],
    ['Infusion stopped early', sessions(s.stoppedEarlySessions), 'safety-stopped-early'],
  ];
  const kinds = [...ae.byKind].sort((a, b) => b.count - a.count);
  return (
    <SectionCard title="Safety" testId="safety-card">
      <Table fz="sm" verticalSpacing={4} withRowBorders={false} aria-label="Safety of the dosing sessions">
        <Table.Tbody>
          {rows.map(([label, value, testId]) => (
            <Table.Tr key={label} data-testid={testId}>
              <Table.Th fw={500} w="50%">
                {label}
              </Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={5}>Adverse events by kind and severity</Title>
      {kinds.length === 0 ? (
        <NoneRecorded text="No adverse event in these sessions." />
      ) : (
        <Table fz="sm" striped verticalSpacing={4} aria-label="Adverse events by kind and severity" data-testid="safety-by-kind">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Severity</Table.Th>
              <Table.Th ta="right">Events</Table.Th>
              {!o.suppressed && <Table.Th ta="right">Per 100 sessions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {kinds.map((k) => (
              <Table.Tr key={`${k.kind}|${k.severity}`}>
                <Table.Td>{adverseEventKindLabel(k.kind)}</Table.Td>
                <Table.Td>{adverseEventSeverityLabel(k.severity)}</Table.Td>
                <Table.Td ta="right">{k.count}</Table.Td>
                {!o.suppressed && <Table.Td ta="right">{per100Text(k.per100Sessions)}</Table.Td>}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SectionCard>
  );
}

const INSTRUMENTS: readonly [ProgramCompleteness['instrument'], string][] = [
  ['pcl5', 'PCL-5'],
  ['phq9', 'PHQ-9'],
  ['gad7', 'GAD-7'],
];

function CompletenessCard({ completeness }: { completeness: readonly ProgramCompleteness[] }) {
  const points = PROGRAM_TIME_POINTS.filter((t) => completeness.some((c) => c.timePoint === t));
  const instruments = INSTRUMENTS.filter(([id]) => completeness.some((c) => c.instrument === id));
  return (
    <SectionCard title="Completeness of the measures" testId="completeness-card">
      <Text size="sm" c="dimmed">
        Scheduled questionnaires answered, once each time point’s window has closed.
      </Text>
      {points.length === 0 ? (
        <NoneRecorded text="No questionnaire due yet in these courses." />
      ) : (
        <Table fz="sm" striped verticalSpacing={4} aria-label="Questionnaires answered by time point" data-testid="completeness-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time point</Table.Th>
              {instruments.map(([id, name]) => (
                <Table.Th key={id}>{name}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {points.map((t) => (
              <Table.Tr key={t} data-time-point={t}>
                <Table.Td>{timePointLabel(t)}</Table.Td>
                {instruments.map(([id]) => {
                  const c = completeness.find((x) => x.timePoint === t && x.instrument === id);
                  return (
                    <Table.Td key={id} data-instrument={id}>
                      {c === undefined ? 'not scheduled' : shareText(c)}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SectionCard>
  );
}

function BenchmarksCard({ o }: { o: ProgramOutcomes }) {
  return (
    <SectionCard title="Beside the literature" testId="benchmarks-card">
      <Alert color="gray" variant="light" data-testid="benchmarks-caution">
        <Text size="sm">
          Published figures come from other settings: other patients, doses, measures and follow-up, mostly in trials. They give context,
          not a target; and this site’s numbers, from courses without a comparison group, are not proof that the treatment works. The
          evidence itself is mixed: a trial in 158 veterans found no PCL-5 benefit over placebo (Abdallah 2022), and pooled trials show a
          small effect (Aita 2024).
        </Text>
      </Alert>
      <Table.ScrollContainer minWidth={640}>
        <Table fz="sm" striped verticalSpacing={4} aria-label="Published figures" data-testid="benchmarks-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Published figure</Table.Th>
              <Table.Th ta="right">Value</Table.Th>
              <Table.Th>Source</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {o.benchmarks.map((b) => (
              <Table.Tr key={b.id}>
                <Table.Td>{b.label}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} fw={600}>
                  {benchmarkValueText(b)}
                </Table.Td>
                <Table.Td>{b.citation}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </SectionCard>
  );
}
