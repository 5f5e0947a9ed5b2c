/**
 * The Outcomes page's two charts, in their own chunk (recharts is about 129 kB gzip: the page's
 * tables show first and the charts follow, see `program-outcomes-page.tsx`): the PCL-5 means by
 * time point with their confidence band beside the KAIR program's published means, and the
 * Kaplan-Meier curve of the durability of response, with its censor marks (core's `durabilityPlot`).
 * They draw the server's figures as they are; their intervals are named at the level the figures
 * were computed with (`confidenceLevelPercent`, 95 by default).
 */
import { durabilityPlot, programCiWords } from '@kairos/core';
import { Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { ProgramDurability, ProgramMean } from './program-outcomes-api';
import { CI_WORDS, oneDecimal, percent, timePointLabel, timePointOrder } from './program-words';
import type { ProgramTimePoint } from './program-outcomes-api';

const COLORS = {
  site: 'var(--mantine-color-blue-8)',
  band: 'var(--mantine-color-blue-2)',
  published: 'var(--mantine-color-orange-9)',
  grid: 'var(--mantine-color-gray-3)',
  text: 'var(--mantine-color-text)',
};
const TICK = { fill: COLORS.text, fontSize: 12 };

/** The chart for assistive technology: one sentence; the tables beside it hold every value. */
function ChartFrame({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div role="img" aria-label={label} data-testid={testId}>
      {children}
    </div>
  );
}

/** The intervals' name at `confidenceLevelPercent` ("90% CI"), the default level's when not given. */
const ciWordsAt = (confidenceLevelPercent: number | undefined): string =>
  confidenceLevelPercent === undefined ? CI_WORDS : programCiWords(confidenceLevelPercent);

/** Half the height of a censor mark: a short upright tick across the curve. */
const CENSOR_TICK = 5;

/** A censor mark where recharts places a point (cx, cy). */
function CensorTick({ cx, cy }: { cx?: number; cy?: number }) {
  if (cx === undefined || cy === undefined) return null;
  return <line x1={cx} y1={cy - CENSOR_TICK} x2={cx} y2={cy + CENSOR_TICK} stroke={COLORS.site} strokeWidth={2} />;
}

/** A legend in the page's own text colour (recharts colours a legend's words like its lines, too light to read). */
function Legend({ items }: { items: readonly { label: string; color: string; dashed?: boolean; band?: boolean; tick?: boolean }[] }) {
  return (
    <Group gap="lg" justify="center" aria-hidden>
      {items.map((item) => (
        <Group key={item.label} gap={6} wrap="nowrap">
          <svg width="28" height="12" aria-hidden focusable="false">
            {item.band === true ? (
              <rect x="0" y="1" width="28" height="10" fill={COLORS.band} />
            ) : item.tick === true ? (
              <line x1="14" y1="1" x2="14" y2="11" stroke={item.color} strokeWidth={2} />
            ) : (
              <line
                x1="0"
                y1="6"
                x2="28"
                y2="6"
                stroke={item.color}
                strokeWidth={item.dashed === true ? 2 : 3}
                strokeDasharray={item.dashed === true ? '6 4' : undefined}
              />
            )}
          </svg>
          <Text size="sm">{item.label}</Text>
        </Group>
      ))}
    </Group>
  );
}

const intervalText = (value: unknown): string =>
  Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'number'
    ? `${oneDecimal(value[0])}–${oneDecimal(value[1])}`
    : typeof value === 'number'
      ? oneDecimal(value)
      : String(value);

/**
 * PCL-5 means at each time point (a line with dots), their confidence interval as a band, and the
 * KAIR program's published means (dashed) at the time points it reports.
 */
export function Pcl5MeansChart({
  means,
  published,
  confidenceLevelPercent,
}: {
  means: readonly ProgramMean[];
  published: Partial<Record<ProgramTimePoint, number>>;
  /** The level of the figures' intervals (`ProgramOutcomes.confidenceLevelPercent`); 95 when not given. */
  confidenceLevelPercent?: number;
}) {
  const ci = ciWordsAt(confidenceLevelPercent);
  const rows = [...means]
    .sort((a, b) => timePointOrder(a.timePoint) - timePointOrder(b.timePoint))
    .map((m) => ({
      label: timePointLabel(m.timePoint),
      mean: m.mean,
      band: m.ci === null ? null : [m.ci.lower, m.ci.upper],
      published: published[m.timePoint] ?? null,
    }));
  return (
    <ChartFrame
      label="PCL-5 mean at each time point with its confidence band, beside the KAIR program’s published means; the table lists every value."
      testId="pcl5-means-chart"
    >
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={rows} margin={{ top: 10, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke={COLORS.grid} vertical={false} />
          <XAxis dataKey="label" tick={TICK} stroke={COLORS.text} />
          <YAxis
            domain={[0, 80]}
            ticks={[0, 10, 20, 30, 40, 50, 60, 70, 80]}
            tick={TICK}
            stroke={COLORS.text}
            width={44}
            label={{ value: 'PCL-5 (0–80)', angle: -90, position: 'insideLeft', fill: COLORS.text, fontSize: 12, dy: 40 }}
          />
          <Tooltip
            formatter={(value, name) => [intervalText(value), name]}
            contentStyle={{ color: 'var(--mantine-color-text)' }}
            isAnimationActive={false}
          />
          <Area
            dataKey="band"
            name={`Site ${ci}`}
            stroke="none"
            fill={COLORS.band}
            fillOpacity={0.7}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            dataKey="mean"
            name="Site mean"
            stroke={COLORS.site}
            strokeWidth={3}
            dot={{ r: 4, fill: COLORS.site }}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            dataKey="published"
            name="KAIR, published means"
            stroke={COLORS.published}
            strokeWidth={2}
            strokeDasharray="6 4"
            dot={{ r: 3, fill: COLORS.published }}
            connectNulls
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
      <Legend
        items={[
          { label: 'This site: mean', color: COLORS.site },
          { label: `This site: ${ci}`, color: COLORS.band, band: true },
          { label: 'KAIR program: published means', color: COLORS.published, dashed: true },
        ]}
      />
    </ChartFrame>
  );
}

/**
 * What the durability chart draws: the step curve's rows (run flat to the last follow-up when the
 * last responder followed was censored after the last loss) with their band, and a censor mark
 * per censoring day at the curve's height, the last follow-up's included (core's `durabilityPlot`).
 */
export function durabilityChartData(durability: Pick<ProgramDurability, 'curve' | 'censored'>): {
  /** `dot`: day 0 and each loss; none where the curve only runs on to the last follow-up. */
  rows: { days: number; survival: number; band: [number, number] | null; dot: boolean }[];
  censorMarks: { days: number; survival: number; count: number }[];
} {
  const plot = durabilityPlot(durability);
  return {
    rows: plot.points.map((p, i) => ({
      days: p.days,
      survival: p.survival,
      band: p.lower === null || p.upper === null ? null : [p.lower, p.upper],
      dot: i < durability.curve.length,
    })),
    censorMarks: plot.censorMarks.map((m) => ({ days: m.days, survival: m.survival, count: m.count })),
  };
}

/**
 * The Kaplan-Meier curve of keeping the response among responders: the share still responding
 * (a step down at each loss) against days since the last dosing session, run to the last
 * follow-up, with its confidence band (also in steps), a tick where a responder was censored
 * (still responding at their last PCL-5), and a line at 50%, where the median is read.
 */
export function DurabilityChart({
  durability,
  confidenceLevelPercent,
}: {
  durability: ProgramDurability;
  /** The level of the figures' intervals (`ProgramOutcomes.confidenceLevelPercent`); 95 when not given. */
  confidenceLevelPercent?: number;
}) {
  const ci = ciWordsAt(confidenceLevelPercent);
  const { rows, censorMarks } = durabilityChartData(durability);
  return (
    <ChartFrame
      label={`Kaplan-Meier curve: share of the ${durability.responders} responders still responding, by days since the last dosing session, with its confidence band${censorMarks.length > 0 ? ' and a tick where a responder was still responding at their last PCL-5' : ''}; the table below lists every step.`}
      testId="durability-chart"
    >
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={rows} margin={{ top: 10, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid stroke={COLORS.grid} vertical={false} />
          <XAxis
            dataKey="days"
            type="number"
            domain={[0, (max: number) => Math.max(10, Math.ceil((max + 10) / 10) * 10)]}
            allowDecimals={false}
            tick={TICK}
            stroke={COLORS.text}
            label={{ value: 'Days since the last dosing session', position: 'insideBottom', offset: -10, fill: COLORS.text, fontSize: 12 }}
          />
          <YAxis
            domain={[0, 1]}
            ticks={[0, 0.25, 0.5, 0.75, 1]}
            tickFormatter={(v: number) => `${percent(v)}%`}
            tick={TICK}
            stroke={COLORS.text}
            width={48}
          />
          <ReferenceLine y={0.5} stroke={COLORS.text} strokeDasharray="2 4" />
          <Tooltip
            labelFormatter={(d) => (typeof d === 'number' ? `Day ${d}` : '')}
            formatter={(value, name) => [
              Array.isArray(value) ? value.map((v) => `${percent(Number(v))}%`).join('–') : `${percent(Number(value))}%`,
              name,
            ]}
            contentStyle={{ color: 'var(--mantine-color-text)' }}
            isAnimationActive={false}
          />
          <Area dataKey="band" name={ci} type="stepAfter" stroke="none" fill={COLORS.band} fillOpacity={0.7} isAnimationActive={false} />
          <Line
            dataKey="survival"
            name="Still responding"
            type="stepAfter"
            stroke={COLORS.site}
            strokeWidth={3}
            dot={(p) =>
              (p.payload as { dot?: boolean } | undefined)?.dot === true && p.cx !== undefined && p.cy !== undefined ? (
                <circle key={p.index} cx={p.cx} cy={p.cy} r={3} fill={COLORS.site} />
              ) : null
            }
            isAnimationActive={false}
          />
          {censorMarks.length > 0 && (
            <Scatter
              data={censorMarks}
              dataKey="survival"
              name="Censored"
              shape={CensorTick}
              tooltipType="none"
              isAnimationActive={false}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
      <Legend
        items={[
          { label: 'Still responding', color: COLORS.site },
          { label: ci, color: COLORS.band, band: true },
          ...(censorMarks.length > 0 ? [{ label: 'Censored (still responding at last PCL-5)', color: COLORS.site, tick: true }] : []),
        ]}
      />
    </ChartFrame>
  );
}
