import { Paper, Stack, Text, Title } from '@mantine/core';
import { useResource } from '../../api/use-resource';
import { getPortalResults, type PortalResultPoint } from './portal-api';
import { BackHome, PortalProblem, formatDate } from './portal-common';

/** Each measure in plain words, with its highest possible score. */
const MEASURES = [
  {
    id: 'pcl5',
    title: 'Stress after a difficult experience',
    about: 'How much memories, reactions and stress linked to what happened bothered you.',
    max: 80,
    ticks: [0, 20, 40, 60, 80],
  },
  {
    id: 'phq9',
    title: 'Mood',
    about: 'How often low mood, poor sleep, low energy and similar problems bothered you.',
    max: 27,
    ticks: [0, 9, 18, 27],
  },
  {
    id: 'gad7',
    title: 'Worry and anxiety',
    about: 'How often worry, nerves and restlessness bothered you.',
    max: 21,
    ticks: [0, 7, 14, 21],
  },
] as const;

const W = 340;
const H = 190;
const PAD = { left: 34, right: 16, top: 24, bottom: 30 };

const dayMs = (date: string) => new Date(`${date}T12:00:00Z`).getTime();

/** A small line chart of one measure's totals over time (0 at the bottom). */
export function ScoreChart({
  points,
  max,
  ticks,
  title,
}: {
  points: PortalResultPoint[];
  max: number;
  ticks: readonly number[];
  title: string;
}) {
  const t = points.map((p) => dayMs(p.date));
  const t0 = Math.min(...t);
  const t1 = Math.max(...t);
  const x = (ms: number) => (t1 === t0 ? (PAD.left + W - PAD.right) / 2 : PAD.left + ((ms - t0) / (t1 - t0)) * (W - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - v / max) * (H - PAD.top - PAD.bottom);
  const xy = points.map((p, i) => ({ x: x(t[i] ?? t0), y: y(p.total), p }));
  const first = points[0];
  const last = points.at(-1);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      role="img"
      aria-label={`${title}: ${points.map((p) => `${p.total} on ${formatDate(p.date)}`).join(', ')}`}
      style={{ display: 'block', maxWidth: 520 }}
    >
      {ticks.map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="var(--mantine-color-gray-3)" strokeWidth={1} />
          <text x={PAD.left - 6} y={y(v) + 5} textAnchor="end" fontSize={13} fill="var(--mantine-color-gray-7)">
            {v}
          </text>
        </g>
      ))}
      {xy.length > 1 && (
        <polyline
          points={xy.map((q) => `${q.x},${q.y}`).join(' ')}
          fill="none"
          stroke="var(--mantine-color-teal-7)"
          strokeWidth={3}
          strokeLinejoin="round"
        />
      )}
      {xy.map((q, i) => (
        <g key={i}>
          <circle cx={q.x} cy={q.y} r={6} fill="var(--mantine-color-teal-7)" stroke="white" strokeWidth={2} />
          <text x={q.x} y={q.y - 11} textAnchor="middle" fontSize={15} fontWeight={700} fill="var(--mantine-color-dark-9)">
            {q.p.total}
          </text>
        </g>
      ))}
      {first !== undefined && (
        <text
          x={x(dayMs(first.date))}
          y={H - 8}
          textAnchor={points.length > 1 ? 'start' : 'middle'}
          fontSize={13}
          fill="var(--mantine-color-gray-7)"
        >
          {formatDate(first.date)}
        </text>
      )}
      {last !== undefined && points.length > 1 && (
        <text x={x(dayMs(last.date))} y={H - 8} textAnchor="end" fontSize={13} fill="var(--mantine-color-gray-7)">
          {formatDate(last.date)}
        </text>
      )}
    </svg>
  );
}

function summary(points: PortalResultPoint[]): string {
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined) return 'No answers yet.';
  if (points.length === 1) return `One answer so far: ${first.total} on ${formatDate(first.date)}.`;
  const change = last.total < first.total ? 'went down' : last.total > first.total ? 'went up' : 'stayed the same';
  return `Your score ${change}: ${first.total} on ${formatDate(first.date)}, ${last.total} on ${formatDate(last.date)}.`;
}

/** /portal/results (when the site shows results): each measure over time, in plain language. */
export function PortalResultsPage() {
  const results = useResource('portal-results', getPortalResults, 'Your results could not be loaded.');
  if (results.data === undefined) return <PortalProblem state={results.state} />;
  const data = results.data;
  return (
    <Stack gap="lg" data-testid="portal-results">
      <Title order={1} fz={30}>
        My results
      </Title>
      <Text>
        Your answers to the questionnaires, added up. For each of these, a lower score means the problems bothered you less. Your therapist
        will talk them through with you.
      </Text>
      {MEASURES.map((m) => {
        const points = data[m.id];
        return (
          <Paper key={m.id} component="section" p="md" radius="md" withBorder data-testid={`result-${m.id}`}>
            <Stack gap="sm">
              <Title order={2} fz={24}>
                {m.title}
              </Title>
              <Text fz="sm">{m.about}</Text>
              <Text fw={700} c="teal">
                Lower is better (0 to {m.max}).
              </Text>
              {points.length > 0 && <ScoreChart points={points} max={m.max} ticks={m.ticks} title={m.title} />}
              <Text>{summary(points)}</Text>
            </Stack>
          </Paper>
        );
      })}
      <BackHome />
    </Stack>
  );
}
