import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { linePath, linearScale, minutesFrom, ticks, valueDomain, type Scale } from './chart-geometry';
import type { SessionReading, SessionReadingsHistory } from './dosing-session-api';
import type { VitalBands } from './thresholds';

export const CHART_WIDTH = 760;
export const CHART_LEFT = 118;
export const CHART_RIGHT = 56;
const PANEL_HEIGHT = 92;

type Vital = 'systolic' | 'diastolic' | 'heartRate' | 'spo2';
const PANELS: { vital: Vital; label: string; unit: string; base: [number, number]; step: number; marker: string }[] = [
  { vital: 'systolic', label: 'Systolic', unit: 'mmHg', base: [70, 200], step: 20, marker: '▲' },
  { vital: 'diastolic', label: 'Diastolic', unit: 'mmHg', base: [40, 130], step: 10, marker: '▼' },
  { vital: 'heartRate', label: 'Heart rate', unit: '/min', base: [30, 150], step: 20, marker: '●' },
  { vital: 'spo2', label: 'SpO2', unit: '%', base: [85, 100], step: 5, marker: '◆' },
];

export interface TimeAxis {
  x: Scale;
  t0Ms: number;
  nowMinute: number;
  /** Minutes since start when the infusion ran, for shading. */
  running: [number, number][];
}

interface Band {
  from: number;
  to: number;
  level: 'warn' | 'pause';
  label: string;
}

/** The shaded bands of one vital within the panel's domain. */
function bandsOf(b: VitalBands, [lo, hi]: [number, number]): Band[] {
  const out: Band[] = [];
  if (b.warnAtLeast !== undefined)
    out.push({ from: b.warnAtLeast, to: b.pauseAtLeast ?? hi, level: 'warn', label: `warn ≥${b.warnAtLeast}` });
  if (b.pauseAtLeast !== undefined) out.push({ from: b.pauseAtLeast, to: hi, level: 'pause', label: `pause ≥${b.pauseAtLeast}` });
  if (b.warnAtMost !== undefined) out.push({ from: b.pauseAtMost ?? lo, to: b.warnAtMost, level: 'warn', label: `warn ≤${b.warnAtMost}` });
  if (b.pauseAtMost !== undefined) out.push({ from: lo, to: b.pauseAtMost, level: 'pause', label: `pause ≤${b.pauseAtMost}` });
  if (b.warnBelow !== undefined) out.push({ from: b.pauseBelow ?? lo, to: b.warnBelow, level: 'warn', label: `warn <${b.warnBelow}` });
  if (b.pauseBelow !== undefined) out.push({ from: lo, to: b.pauseBelow, level: 'pause', label: `pause <${b.pauseBelow}` });
  return out.map((x) => ({ ...x, from: Math.max(lo, x.from), to: Math.min(hi, x.to) })).filter((x) => x.to > x.from);
}

const BAND_FILL = { warn: 'url(#band-warn)', pause: 'url(#band-pause)' } as const;

function Panel({
  vital,
  index,
  readings,
  history,
  bands,
  axis,
}: {
  vital: (typeof PANELS)[number];
  index: number;
  readings: SessionReading[];
  history: SessionReadingsHistory | undefined;
  bands: VitalBands;
  axis: TimeAxis;
}) {
  const top = index * PANEL_HEIGHT + 8;
  const bottom = top + PANEL_HEIGHT - 16;
  const points = readings
    .flatMap((r) => (r[vital.vital] === null ? [] : [{ m: minutesFrom(axis.t0Ms, r.measuredAt), v: r[vital.vital] as number }]))
    .filter((p) => p.m >= axis.x.domain[0] && p.m <= axis.x.domain[1]);
  // Older readings as the lowest and highest value per bucket (a grey bar each), under the readings in full.
  const halfBucket = (history?.bucketSeconds ?? 0) / 120;
  const ranges = (history?.buckets ?? [])
    .flatMap((b) => {
      const r = b[vital.vital];
      return r === null ? [] : [{ m: minutesFrom(axis.t0Ms, b.from) + halfBucket, min: r.min, max: r.max }];
    })
    .filter((p) => p.m >= axis.x.domain[0] && p.m <= axis.x.domain[1]);
  const domain = valueDomain(vital.base, [...points.map((p) => p.v), ...ranges.flatMap((r) => [r.min, r.max])], vital.step);
  const y = linearScale(domain, [bottom, top]);
  const [x0, x1] = axis.x.range;
  const last = points.at(-1);
  return (
    <g data-testid={`chart-${vital.vital}`}>
      {bandsOf(bands, domain).map((b) => (
        <g key={b.label}>
          <rect x={x0} width={x1 - x0} y={y(b.to)} height={y(b.from) - y(b.to)} fill={BAND_FILL[b.level]} />
          <text
            x={x1 - 4}
            y={b.level === 'pause' && b.label.includes('≥') ? y(b.to) + 11 : y(b.from) - 3}
            textAnchor="end"
            fontSize={10}
            fill={b.level === 'pause' ? '#a51d1d' : '#8a5a00'}
          >
            {b.label}
          </text>
        </g>
      ))}
      <line x1={x0} x2={x1} y1={bottom} y2={bottom} stroke="#adb5bd" />
      {ticks(domain, vital.step * Math.ceil((domain[1] - domain[0]) / vital.step / 3)).map((t) => (
        <text key={t} x={x0 - 4} y={y(t) + 3} textAnchor="end" fontSize={9} fill="#868e96">
          {t}
        </text>
      ))}
      <text x={4} y={top + 16} fontSize={13} fontWeight={700} fill="#212529">
        {vital.marker} {vital.label}
      </text>
      <text x={4} y={top + 30} fontSize={10} fill="#868e96">
        {vital.unit}
      </text>
      {ranges.map((r) => (
        <line
          key={r.m}
          x1={axis.x(r.m)}
          x2={axis.x(r.m)}
          y1={y(r.max) - 1}
          y2={y(r.min) + 1}
          stroke="#adb5bd"
          strokeWidth={3}
          data-testid={`chart-range-${vital.vital}`}
        />
      ))}
      <path d={linePath(points.map((p) => ({ x: axis.x(p.m), y: y(p.v) })))} fill="none" stroke="#1c4f8a" strokeWidth={2} />
      {points.map((p, i) => (
        <text key={i} x={axis.x(p.m)} y={y(p.v) + 4} textAnchor="middle" fontSize={11} fill="#1c4f8a">
          {vital.marker}
        </text>
      ))}
      {last !== undefined && (
        <text x={x1 + 6} y={y(last.v) + 5} fontSize={15} fontWeight={700} fill="#212529" data-testid={`chart-latest-${vital.vital}`}>
          {last.v}
        </text>
      )}
    </g>
  );
}

/**
 * Systolic, diastolic, heart rate and SpO2 against minutes since the infusion started, one panel
 * each with the site's warning and pause bands shaded and labelled (hatching for warn, dense
 * hatching for pause: readable without colour).
 */
export function VitalsChart({
  readings,
  history,
  bands,
  axis,
}: {
  readings: SessionReading[];
  /** Every reading as the range per bucket: the chart shows it where readings are not held in full. */
  history?: SessionReadingsHistory;
  bands: Partial<Record<Vital, VitalBands>>;
  axis: TimeAxis;
}) {
  const summarised = history !== undefined && history.total > readings.length;
  const height = PANELS.length * PANEL_HEIGHT + 24;
  const [x0, x1] = axis.x.range;
  const bottom = PANELS.length * PANEL_HEIGHT;
  return (
    <Card withBorder radius="md" data-testid="vitals-chart">
      <Stack gap={4}>
        <Group justify="space-between">
          <Title order={4}>Vital signs</Title>
          <Text size="xs" c="dimmed">
            Bands from the site protocol: hatched = warning, dense = pause. Shaded column = infusion running.
          </Text>
        </Group>
        {summarised && (
          <Text size="xs" c="dimmed" data-testid="chart-history-note">
            {history.total} readings: the latest {readings.length} (with every one that raised an alert) drawn in full; all of them as grey
            bars, the lowest to the highest value per {formatBucket(history.bucketSeconds)}.
          </Text>
        )}
        <svg
          viewBox={`0 0 ${CHART_WIDTH} ${height}`}
          width="100%"
          role="img"
          aria-label="Vital signs chart: systolic, diastolic, heart rate and SpO2 against minutes since the infusion started"
        >
          <ChartDefs />
          {axis.running.map(([a, b]) => (
            <rect key={a} x={axis.x(a)} width={Math.max(1, axis.x(b) - axis.x(a))} y={0} height={bottom} fill="#e7f5ff" />
          ))}
          {PANELS.map((p, i) => (
            <Panel
              key={p.vital}
              vital={p}
              index={i}
              readings={readings}
              history={summarised ? history : undefined}
              bands={bands[p.vital] ?? {}}
              axis={axis}
            />
          ))}
          <TimeTicks axis={axis} y={bottom} />
          <line x1={axis.x(axis.nowMinute)} x2={axis.x(axis.nowMinute)} y1={0} y2={bottom} stroke="#495057" strokeDasharray="4 3" />
          <text x={axis.x(axis.nowMinute) + 3} y={10} fontSize={10} fill="#495057">
            now
          </text>
          <line x1={x0} x2={x1} y1={bottom} y2={bottom} stroke="#868e96" />
        </svg>
      </Stack>
    </Card>
  );
}

/** Hatch patterns shared by the charts. */
export function ChartDefs() {
  return (
    <defs>
      <pattern id="band-warn" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="8" height="8" fill="#fff3bf" />
        <line x1="0" y1="0" x2="0" y2="8" stroke="#f5c04a" strokeWidth="2" />
      </pattern>
      <pattern id="band-pause" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">
        <rect width="4" height="4" fill="#ffe3e3" />
        <line x1="0" y1="0" x2="0" y2="4" stroke="#ff8787" strokeWidth="1.5" />
      </pattern>
    </defs>
  );
}

/** Minute ticks along the bottom, labelled "min since start". */
export function TimeTicks({ axis, y }: { axis: TimeAxis; y: number }) {
  const [d0, d1] = axis.x.domain;
  const step = d1 - d0 > 150 ? 30 : d1 - d0 > 60 ? 20 : 10;
  return (
    <g>
      {ticks(axis.x.domain, step).map((m) => (
        <g key={m}>
          <line x1={axis.x(m)} x2={axis.x(m)} y1={y} y2={y + 4} stroke="#868e96" />
          <text x={axis.x(m)} y={y + 15} textAnchor="middle" fontSize={10} fill="#495057">
            {m}
          </text>
        </g>
      ))}
      <text x={CHART_LEFT - 8} y={y + 15} textAnchor="end" fontSize={10} fill="#495057">
        min since start
      </text>
    </g>
  );
}

export function makeTimeAxis(domain: [number, number], t0Ms: number, nowMinute: number, running: [number, number][]): TimeAxis {
  return { x: linearScale(domain, [CHART_LEFT, CHART_WIDTH - CHART_RIGHT]), t0Ms, nowMinute, running };
}

/** A bucket's length in words ("5 min", "1 h 40 min"). */
function formatBucket(seconds: number): string {
  const m = Math.round(seconds / 60);
  if (m < 60) return `${m} min`;
  return m % 60 === 0 ? `${m / 60} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
