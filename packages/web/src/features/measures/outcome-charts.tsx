import '@mantine/charts/styles.layer.css';
import { localDateOf } from '@kairos/core';
import { LineChart, type ChartReferenceLineProps, type LineChartSeries } from '@mantine/charts';
import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDay } from './labels';
import type { OutcomePoint, PatientOutcomes } from './measures-api';

const DAY_MS = 86_400_000;
const timeOf = (date: string) => Date.parse(`${date}T12:00:00Z`);
const shortDate = (t: number) => new Date(t).toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' });

/** A time x-axis over the points (a day either side), ticked at the dates measured. */
function timeAxis(points: readonly OutcomePoint[], extra: readonly string[] = []) {
  const times = [...new Set([...points.map((p) => timeOf(p.date)), ...extra.map(timeOf)])].sort((a, b) => a - b);
  const min = times[0] ?? 0;
  const max = times[times.length - 1] ?? 0;
  const pad = Math.max(DAY_MS, (max - min) * 0.04);
  return {
    type: 'number' as const,
    scale: 'time' as const,
    domain: [min - pad, max + pad],
    ticks: times.length > 12 ? undefined : times,
    tickFormatter: (t: number) => shortDate(t),
  };
}

const tooltipLabel = {
  labelFormatter: (t: unknown) => (typeof t === 'number' ? formatDay(localDateOf(t, 'UTC')) : String(t)),
};

function ChartFrame({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="img" aria-label={label}>
      {children}
    </div>
  );
}

function NoPoints({ what }: { what: string }) {
  return (
    <Text size="sm" c="dimmed">
      No {what} recorded yet.
    </Text>
  );
}

/** PCL-5 total over time with the baseline, response and remission lines, each labelled. */
export function Pcl5TotalChart({ outcomes }: { outcomes: PatientOutcomes }) {
  const { pcl5, baseline, lines, lastDosingDate } = outcomes;
  if (pcl5.length === 0) return <NoPoints what="PCL-5" />;
  const reference: ChartReferenceLineProps[] = [];
  if (baseline !== null)
    reference.push({
      y: baseline.total,
      label: `Baseline ${baseline.total}`,
      color: 'gray.7',
      strokeDasharray: '4 4',
      labelPosition: 'insideTopRight',
    });
  if (lines.responseAtOrBelow !== null)
    reference.push({
      y: lines.responseAtOrBelow,
      label: `Response ≤ ${lines.responseAtOrBelow} (${lines.reductionPercent}% below baseline)`,
      color: 'teal.8',
      strokeDasharray: '8 4',
      labelPosition: 'insideBottomLeft',
    });
  reference.push({
    y: lines.remissionAtOrBelow,
    label: `Remission ≤ ${lines.remissionAtOrBelow}`,
    color: 'green.9',
    strokeDasharray: '2 3',
    labelPosition: 'insideTopLeft',
  });
  const inRange = lastDosingDate !== null && pcl5.some((p) => p.date <= lastDosingDate) && pcl5.some((p) => p.date >= lastDosingDate);
  if (lastDosingDate !== null && inRange)
    reference.push({ x: timeOf(lastDosingDate), label: 'Last dosing', color: 'violet.7', labelPosition: 'insideTopLeft' });
  const data = pcl5.map((p) => ({ t: timeOf(p.date), total: p.total }));
  return (
    <ChartFrame
      label={`PCL-5 total over time, ${pcl5.length} measurement${pcl5.length === 1 ? '' : 's'}; the table below lists every value.`}
    >
      <LineChart
        h={300}
        data={data}
        dataKey="t"
        series={[{ name: 'total', label: 'PCL-5 total', color: 'blue.7' }]}
        curveType="linear"
        referenceLines={reference}
        xAxisProps={timeAxis(pcl5, lastDosingDate !== null && inRange ? [lastDosingDate] : [])}
        yAxisProps={{ domain: [0, 80], ticks: [0, 10, 20, 30, 40, 50, 60, 70, 80] }}
        yAxisLabel="PCL-5 total (0–80)"
        tooltipProps={tooltipLabel}
        gridAxis="none"
        withPointLabels
        data-testid="pcl5-total-chart"
      />
    </ChartFrame>
  );
}

const CLUSTERS: LineChartSeries[] = [
  { name: 'B', label: 'B intrusion (0–20)', color: 'blue.7' },
  { name: 'C', label: 'C avoidance (0–8)', color: 'orange.7', strokeDasharray: '6 3' },
  { name: 'D', label: 'D cognition and mood (0–28)', color: 'grape.7', strokeDasharray: '2 2' },
  { name: 'E', label: 'E arousal and reactivity (0–24)', color: 'teal.7', strokeDasharray: '10 3 2 3' },
];

/** PCL-5 cluster sums B, C, D, E over time (a legend names each line; dash patterns tell them apart without colour). */
export function Pcl5ClusterChart({ points }: { points: readonly OutcomePoint[] }) {
  const withClusters = points.filter((p) => p.clusters !== undefined);
  if (withClusters.length === 0) return <NoPoints what="PCL-5 cluster scores" />;
  const data = withClusters.map((p) => ({ t: timeOf(p.date), ...p.clusters }));
  return (
    <ChartFrame label="PCL-5 cluster sums B, C, D and E over time; the table below lists every value.">
      <LineChart
        h={260}
        data={data}
        dataKey="t"
        series={CLUSTERS}
        curveType="linear"
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        xAxisProps={timeAxis(withClusters)}
        yAxisProps={{ domain: [0, 28], ticks: [0, 4, 8, 12, 16, 20, 24, 28] }}
        yAxisLabel="Cluster sum"
        tooltipProps={tooltipLabel}
        gridAxis="none"
        data-testid="pcl5-cluster-chart"
      />
    </ChartFrame>
  );
}

/** PHQ-9 or GAD-7 total over time, with the published "moderate" cut point labelled. */
export function ScaleChart({
  points,
  name,
  max,
  moderateAt,
}: {
  points: readonly OutcomePoint[];
  name: string;
  max: number;
  moderateAt: number;
}) {
  if (points.length === 0) return <NoPoints what={name} />;
  const data = points.map((p) => ({ t: timeOf(p.date), total: p.total }));
  const ticks = [...Array.from({ length: Math.floor(max / 5) + 1 }, (_, i) => i * 5), ...(max % 5 === 0 ? [] : [max])];
  return (
    <ChartFrame label={`${name} total over time; the table below lists every value.`}>
      <LineChart
        h={220}
        data={data}
        dataKey="t"
        series={[{ name: 'total', label: `${name} total`, color: name === 'PHQ-9' ? 'indigo.7' : 'cyan.8' }]}
        curveType="linear"
        referenceLines={[
          {
            y: moderateAt,
            label: `Moderate or worse (≥ ${moderateAt})`,
            color: 'orange.8',
            strokeDasharray: '4 4',
            labelPosition: 'insideTopRight',
          },
        ]}
        xAxisProps={timeAxis(points)}
        yAxisProps={{ domain: [0, max], ticks }}
        yAxisLabel={`${name} (0–${max})`}
        tooltipProps={tooltipLabel}
        gridAxis="none"
        withPointLabels
        data-testid={`${name.toLowerCase().replace(/[^a-z0-9]/g, '')}-chart`}
      />
    </ChartFrame>
  );
}
