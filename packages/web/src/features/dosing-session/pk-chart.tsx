import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { simulateInfusion } from '@kairos/core';
import { useMemo } from 'react';
import { linePath, linearScale, ticks } from './chart-geometry';
import { CHART_WIDTH, TimeTicks, type TimeAxis } from './vitals-chart';

const HEIGHT = 120;

/**
 * The plasma concentration the population model expects for the ordered infusion (core's
 * simulateInfusion, Domino three-compartment model): an estimate, never a measured level, and
 * computed for the infusion as ordered (pauses and rate changes are not in it).
 */
export function PkChart({ weightKg, doseMg, minutes, axis }: { weightKg: number; doseMg: number; minutes: number; axis: TimeAxis }) {
  const sim = useMemo(() => simulateInfusion({ weightKg, doseMg, durationMinutes: minutes }), [weightKg, doseMg, minutes]);
  const top = 14;
  const bottom = HEIGHT - 22;
  const maxY = Math.ceil((sim.peak.ngPerMl * 1.15) / 100) * 100;
  const y = linearScale([0, maxY], [bottom, top]);
  const from = Math.max(0, axis.x.domain[0]);
  const points: { x: number; y: number }[] = [];
  for (let m = from; m <= axis.x.domain[1]; m += 1) points.push({ x: axis.x(m), y: y(sim.concentrationAt(m)) });
  const [x0, x1] = axis.x.range;
  return (
    <Card withBorder radius="md" data-testid="pk-chart">
      <Stack gap={4}>
        <Group justify="space-between" align="flex-start">
          <Title order={4}>Plasma ketamine: population-model estimate</Title>
          <Text size="xs" c="dimmed" maw={360}>
            {sim.modelTitle}, for {doseMg} mg over {minutes} min at {weightKg} kg. Not a measurement; pauses are not included.
          </Text>
        </Group>
        <svg
          viewBox={`0 0 ${CHART_WIDTH} ${HEIGHT}`}
          width="100%"
          role="img"
          aria-label={`Population-model estimate of plasma ketamine, peak about ${Math.round(sim.peak.ngPerMl)} ng/mL at minute ${Math.round(sim.peak.minute)}`}
        >
          {ticks([0, maxY], maxY / 2).map((t) => (
            <text key={t} x={x0 - 4} y={y(t) + 3} textAnchor="end" fontSize={9} fill="#868e96">
              {t}
            </text>
          ))}
          <text x={4} y={top + 12} fontSize={13} fontWeight={700} fill="#212529">
            Estimate
          </text>
          <text x={4} y={top + 26} fontSize={10} fill="#868e96">
            ng/mL (model)
          </text>
          <line x1={x0} x2={x1} y1={bottom} y2={bottom} stroke="#868e96" />
          <path d={linePath(points)} fill="none" stroke="#7048e8" strokeWidth={2} strokeDasharray="6 4" />
          <text x={axis.x(sim.peak.minute) + 4} y={y(sim.peak.ngPerMl) - 4} fontSize={10} fill="#5f3dc4">
            est. peak ≈{Math.round(sim.peak.ngPerMl)} ng/mL
          </text>
          <line x1={axis.x(axis.nowMinute)} x2={axis.x(axis.nowMinute)} y1={top} y2={bottom} stroke="#495057" strokeDasharray="4 3" />
          <TimeTicks axis={axis} y={bottom} />
        </svg>
      </Stack>
    </Card>
  );
}
