import { Table, Text } from '@mantine/core';
import type { DoseCalculation } from '@kairos/core';

const n = (v: number, digits?: number) => (digits === undefined ? String(v) : v.toFixed(digits));

/** Every number of the calculation, each line with how it was obtained. */
export function DoseCalculationTable({ c }: { c: DoseCalculation }) {
  const i = c.inputs;
  const rows: [string, string, string][] = [
    [
      'Weight',
      `${n(i.weightKg)} kg`,
      i.weightMeasuredOn === undefined
        ? 'latest recorded weight'
        : `measured ${i.weightMeasuredOn}${c.weightAgeDays === undefined ? '' : ` (${c.weightAgeDays} days ago; limit ${c.limits.weightMaxAgeDays})`}`,
    ],
    ['Dose per kg', `${n(i.mgPerKg)} mg/kg`, `accepted ${c.limits.minimumMgPerKg} to ${c.limits.maximumMgPerKg} mg/kg`],
    ['Dose', `${n(c.doseMg, 1)} mg`, `${n(i.weightKg)} kg × ${n(i.mgPerKg)} mg/kg`],
    ['Vial strength', `${n(i.vialMgPerMl)} mg/mL`, ''],
    ['Drawn from the vial', `${n(c.drawnVolumeMl, 2)} mL`, `${n(c.doseMg, 1)} mg ÷ ${n(i.vialMgPerMl)} mg/mL`],
    ['Diluent', `${n(i.diluentMl)} mL`, c.pump === 'syringe' ? 'none: syringe pump' : 'bag'],
    ['Total volume', `${n(c.bagTotalMl, 2)} mL`, `${n(i.diluentMl)} mL + ${n(c.drawnVolumeMl, 2)} mL`],
    ['Duration', `${n(i.minutes)} min`, `accepted ${c.limits.minutes.min} to ${c.limits.minutes.max} min`],
    ['Pump rate', `${n(c.rateMlPerHour, 1)} mL/h`, `${n(c.bagTotalMl, 2)} mL ÷ ${n(i.minutes)} min × 60`],
  ];
  return (
    <Table withTableBorder withColumnBorders verticalSpacing={4} data-testid="dose-calculation">
      <Table.Tbody>
        {rows.map(([label, value, how]) => (
          <Table.Tr key={label}>
            <Table.Th w={170}>{label}</Table.Th>
            <Table.Td>
              <Text fw={700} ff="monospace" size={label === 'Dose' || label === 'Pump rate' ? 'lg' : 'md'}>
                {value}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" c="dimmed">
                {how}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
