import { GAD7_SEVERITY_BANDS, PHQ9_SEVERITY_BANDS, type SeverityBand } from '@kairos/core';
import { Alert, Anchor, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useResource } from '../../api/use-resource';
import { Stat } from '../../ui/stat';
import { patientName } from '../patients/patients-api';
import { usePatient } from '../patients/use-patient';
import { progressLetterHref } from '../outcomes/program-outcomes-api';
import { ItemAnswers } from './item-answers';
import { formatDay, instrumentName, severityText, yesNo } from './labels';
import { getOutcomes, type OutcomePoint, type PatientOutcomes } from './measures-api';
import { Pcl5ClusterChart, Pcl5TotalChart, ScaleChart } from './outcome-charts';

/** The published severity bands (core instrument data): the top of the scale, and where a band starts. */
const bandMax = (bands: readonly SeverityBand<string>[]): number => Math.max(...bands.map((b) => b.max));
const bandMin = (bands: readonly SeverityBand<string>[], severity: string): number => bands.find((b) => b.severity === severity)?.min ?? 0;

/**
 * /patients/:id/outcomes (director, prescriber, therapist): the PCL-5 total against its baseline,
 * response and remission lines; the PCL-5 clusters; PHQ-9 and GAD-7; a table per measure with
 * change from baseline and the outcome rules in words; the answers item by item; and the course's
 * responder status and loss of response. Loaded lazily: the charts are heavy.
 */
export default function OutcomesPage() {
  const { id = '' } = useParams();
  const { state: patient } = usePatient(id);
  const outcomes = useResource(`outcomes:${id}`, () => getOutcomes(id), 'The outcomes could not be loaded.');
  const [selected, setSelected] = useState<string | null>(null);
  const name = patient.status === 'done' ? patientName(patient.patient) : undefined;
  const o = outcomes.data;
  const all = o === undefined ? [] : [...o.pcl5, ...o.phq9, ...o.gad7];
  const latest = [...all].sort((a, b) => b.completedAt.localeCompare(a.completedAt))[0];
  const chosen = selected ?? latest?.responseId ?? null;

  const showItems = (responseId: string) => {
    setSelected(responseId);
    document.getElementById('item-answers')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  return (
    <Stack data-testid="outcomes-page">
      <Anchor component={Link} to={`/patients/${encodeURIComponent(id)}`} size="sm">
        ← {name ?? 'Patient'}
      </Anchor>
      <Group gap="sm">
        <Title order={2}>Outcomes{name !== undefined ? `: ${name}` : ''}</Title>
        {patient.status === 'done' && (
          <Badge variant="outline" ff="monospace">
            MRN {patient.patient.mrn}
          </Badge>
        )}
        <Button
          component="a"
          href={progressLetterHref(id)}
          download
          variant="default"
          size="xs"
          ml="auto"
          data-testid="progress-letter-pdf"
        >
          Progress letter (PDF)
        </Button>
      </Group>
      {outcomes.state.status === 'loading' && o === undefined && <Loader aria-label="Loading outcomes" />}
      {outcomes.state.status === 'error' && (
        <Alert color="red" title={outcomes.state.httpStatus === 403 ? 'Outcomes are not available to you for this patient' : undefined}>
          {outcomes.state.message}
        </Alert>
      )}
      {o !== undefined && (
        <>
          <CourseSummary outcomes={o} />
          <Card title="PCL-5" testId="pcl5-card">
            <Text size="sm" c="dimmed">
              Lower is better. Response: a total at least {o.lines.reductionPercent}% below the baseline; remission: response and a total of{' '}
              {o.lines.remissionMaxTotal} or less. The dashed lines mark the baseline and the totals at or below which each is met.
            </Text>
            <Pcl5TotalChart outcomes={o} />
            <Title order={5}>Clusters</Title>
            <Pcl5ClusterChart points={o.pcl5} />
            <Pcl5Table points={o.pcl5} onItems={showItems} />
          </Card>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Card title="PHQ-9 (depression)" testId="phq9-card">
              <ScaleChart
                points={o.phq9}
                name="PHQ-9"
                max={bandMax(PHQ9_SEVERITY_BANDS)}
                moderateAt={bandMin(PHQ9_SEVERITY_BANDS, 'moderate')}
              />
              <ScaleTable name="PHQ-9" points={o.phq9} onItems={showItems} />
            </Card>
            <Card title="GAD-7 (anxiety)" testId="gad7-card">
              <ScaleChart
                points={o.gad7}
                name="GAD-7"
                max={bandMax(GAD7_SEVERITY_BANDS)}
                moderateAt={bandMin(GAD7_SEVERITY_BANDS, 'moderate')}
              />
              <ScaleTable name="GAD-7" points={o.gad7} onItems={showItems} />
            </Card>
          </SimpleGrid>
          <div id="item-answers">
            <Card title="Answers item by item" testId="item-answers-card">
              <ItemAnswers points={all} selected={chosen} onSelect={setSelected} />
            </Card>
          </div>
        </>
      )}
    </Stack>
  );
}

function Card({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId}>
      <Stack gap="sm">
        <Title order={4}>{title}</Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** Responder yes/no, loss of response (date and days), or why it is not assessed yet. */
function CourseSummary({ outcomes: o }: { outcomes: PatientOutcomes }) {
  const last = o.pcl5[o.pcl5.length - 1];
  const c = o.course;
  let responder: ReactNode;
  let responderDetail: string | undefined;
  let loss: ReactNode = '—';
  let lossDetail: string | undefined;
  if (o.baseline === null) {
    responder = 'Not yet assessed';
    responderDetail = 'No PCL-5 yet: the first one is the baseline.';
  } else if (c === null) {
    responder = 'Not yet assessed';
    responderDetail = 'Assessed with the first PCL-5 after the course’s last dosing session, once that session is discharged.';
  } else if (c.responder === null) {
    responder = c.missingReason === 'baseline-zero' ? 'Not assessable' : 'Not yet assessed';
    responderDetail =
      c.missingReason === 'baseline-zero'
        ? 'The baseline PCL-5 is 0: no reduction can be measured.'
        : `No PCL-5 yet after the last dosing session (${o.lastDosingDate === null ? '—' : formatDay(o.lastDosingDate)}).`;
  } else {
    const a = c.responseAssessment;
    responder = (
      <Badge size="lg" color={c.responder ? 'teal' : 'gray'} variant="light" tt="none">
        Responder: {c.responder ? 'yes' : 'no'}
      </Badge>
    );
    responderDetail =
      a === null
        ? undefined
        : `PCL-5 ${a.total} on ${formatDay(a.date)}, ${Math.round(a.reductionPercent)}% below baseline, ${days(a.days)} after the last dosing session.`;
    if (c.responder) {
      if (c.loss !== null) {
        loss = `Lost on ${formatDay(c.loss.date)}`;
        lossDetail = `${days(c.loss.days)} after the last dosing session: PCL-5 ${c.loss.total}, only ${Math.round(c.loss.reductionPercent)}% below baseline.`;
      } else {
        loss = 'Not lost';
        lossDetail =
          c.survival !== null ? `Response held at the last PCL-5, ${days(c.survival.days)} after the last dosing session.` : undefined;
      }
    } else {
      lossDetail = 'Applies to responders only.';
    }
  }
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} data-testid="course-summary">
      <Stat
        label="Baseline PCL-5"
        value={o.baseline === null ? '—' : o.baseline.total}
        detail={o.baseline === null ? 'none yet' : formatDay(o.baseline.date)}
      />
      <Stat
        label="Latest PCL-5"
        value={last === undefined ? '—' : last.total}
        detail={
          last === undefined
            ? 'none yet'
            : `${formatDay(last.date)}${last.outcome !== undefined && last !== o.pcl5[0] ? ` · ${changeText(last)}` : ''}`
        }
      />
      <Stat label="Responder after the course" value={responder} detail={responderDetail} testId="course-responder" />
      <Stat label="Loss of response" value={loss} detail={lossDetail} testId="course-loss" />
    </SimpleGrid>
  );
}

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** "−31 points (62% lower)" / "+4 points (8% higher)" / "no change". */
function changeText(p: OutcomePoint): string {
  const out = p.outcome;
  if (out === undefined) return '—';
  const change = out.changePoints ?? -out.reductionPoints;
  if (change === 0) return 'no change';
  const pct = out.reductionPercent === null ? '' : ` (${Math.round(Math.abs(out.reductionPercent))}% ${change < 0 ? 'lower' : 'higher'})`;
  return `${change < 0 ? '−' : '+'}${Math.abs(change)} points${pct}`;
}

function ItemsButton({ point, onItems }: { point: OutcomePoint; onItems: (id: string) => void }) {
  return (
    <Button
      size="compact-xs"
      variant="subtle"
      onClick={() => onItems(point.responseId)}
      aria-label={`Items of ${instrumentName(point.instrument)} on ${formatDay(point.date)}`}
    >
      Items
    </Button>
  );
}

function Pcl5Table({ points, onItems }: { points: OutcomePoint[]; onItems: (id: string) => void }) {
  if (points.length === 0) return null;
  return (
    <Table fz="sm" striped verticalSpacing={4} aria-label="PCL-5 results" data-testid="pcl5-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Date</Table.Th>
          <Table.Th>Form</Table.Th>
          <Table.Th>Total</Table.Th>
          <Table.Th>B · C · D · E</Table.Th>
          <Table.Th>Change from baseline</Table.Th>
          <Table.Th>Response</Table.Th>
          <Table.Th>Reliable improvement</Table.Th>
          <Table.Th>Remission</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {points.map((p, i) => (
          <Table.Tr key={p.responseId} data-response={p.responseId}>
            <Table.Td>{formatDay(p.date)}</Table.Td>
            <Table.Td>{p.instrument === 'pcl5-week' ? 'past week' : 'past month'}</Table.Td>
            <Table.Td fw={700}>{p.total}</Table.Td>
            <Table.Td>
              {p.clusters === undefined ? '—' : (['B', 'C', 'D', 'E'] as const).map((c) => p.clusters?.[c] ?? '—').join(' · ')}
            </Table.Td>
            {i === 0 ? (
              <Table.Td colSpan={4}>
                <Text size="sm" c="dimmed">
                  baseline
                </Text>
              </Table.Td>
            ) : (
              <>
                <Table.Td>{changeText(p)}</Table.Td>
                <Table.Td>{yesNo(p.outcome?.response)}</Table.Td>
                <Table.Td>{yesNo(p.outcome?.reliableImprovement)}</Table.Td>
                <Table.Td>{yesNo(p.outcome?.remission)}</Table.Td>
              </>
            )}
            <Table.Td ta="right">
              <ItemsButton point={p} onItems={onItems} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** PHQ-9 or GAD-7: date, total, severity, change from the first (baseline) of that measure. */
function ScaleTable({ name, points, onItems }: { name: string; points: OutcomePoint[]; onItems: (id: string) => void }) {
  if (points.length === 0) return null;
  const first = points[0]?.total ?? 0;
  return (
    <Table
      fz="sm"
      striped
      verticalSpacing={4}
      aria-label={`${name} results`}
      data-testid={`${name.toLowerCase().replace(/[^a-z0-9]/g, '')}-table`}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Date</Table.Th>
          <Table.Th>Total</Table.Th>
          <Table.Th>Severity</Table.Th>
          <Table.Th>Change from baseline</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {points.map((p, i) => {
          const change = p.total - first;
          return (
            <Table.Tr key={p.responseId}>
              <Table.Td>{formatDay(p.date)}</Table.Td>
              <Table.Td fw={700}>{p.total}</Table.Td>
              <Table.Td>{severityText(p.severity) || '—'}</Table.Td>
              <Table.Td>
                {i === 0 ? (
                  <Text size="sm" c="dimmed">
                    baseline
                  </Text>
                ) : change === 0 ? (
                  'no change'
                ) : (
                  `${change < 0 ? '−' : '+'}${Math.abs(change)} points`
                )}
              </Table.Td>
              <Table.Td ta="right">
                <ItemsButton point={p} onItems={onItems} />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
