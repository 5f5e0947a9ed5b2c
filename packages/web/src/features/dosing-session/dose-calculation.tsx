import { Table, Text } from '@mantine/core';
import {
  DOSING_ROUTE_LABELS,
  SUBLINGUAL_FORM_LABELS,
  ivDoseOf,
  type AnyDoseCalculation,
  type DoseCalculation,
  type FixedDoseCalculation,
} from '@kairos/core';

const n = (v: number, digits?: number) => (digits === undefined ? String(v) : v.toFixed(digits));

const weightRow = (c: {
  inputs: { weightKg: number; weightMeasuredOn?: string };
  weightAgeDays?: number;
  limits: { weightMaxAgeDays: number };
}): [string, string, string] => [
  'Weight',
  `${n(c.inputs.weightKg)} kg`,
  c.inputs.weightMeasuredOn === undefined
    ? 'latest recorded weight'
    : `measured ${c.inputs.weightMeasuredOn}${c.weightAgeDays === undefined ? '' : ` (${c.weightAgeDays} days ago; limit ${c.limits.weightMaxAgeDays})`}`,
];

/** A dose entered in mg (intramuscular, oral/sublingual): the mg, its mg/kg against the site maximum, and what to give. */
function fixedRows(c: FixedDoseCalculation): [string, string, string][] {
  const i = c.inputs;
  const rows: [string, string, string][] = [
    ['Route', DOSING_ROUTE_LABELS[c.route], ''],
    weightRow(c),
    ['Dose', `${n(c.doseMg, 1)} mg`, 'entered by the prescriber'],
    [
      'Dose per kg',
      `${n(c.mgPerKg, 2)} mg/kg`,
      `${n(c.doseMg, 1)} mg ÷ ${n(i.weightKg)} kg; site maximum ${c.limits.maximumMgPerKg} mg/kg`,
    ],
  ];
  if (c.route === 'IM' && i.vialMgPerMl !== undefined && c.drawnVolumeMl !== undefined)
    rows.push(
      ['Vial strength', `${n(i.vialMgPerMl)} mg/mL`, ''],
      ['Drawn from the vial', `${n(c.drawnVolumeMl, 2)} mL`, `${n(c.doseMg, 1)} mg ÷ ${n(i.vialMgPerMl)} mg/mL, one injection`],
    );
  if (c.route === 'SL' && i.form !== undefined && c.amount !== undefined) {
    const form = SUBLINGUAL_FORM_LABELS[i.form];
    const per = i.form === 'solution' ? 'mg/mL' : `mg per ${form.per}`;
    rows.push(
      ['Product', form.name, `${n(i.strengthMg ?? 0)} ${per}`],
      ['To give', `${n(c.amount.value)} ${c.amount.per}`, `${n(c.doseMg, 1)} mg ÷ ${n(i.strengthMg ?? 0)} ${per}`],
    );
  }
  return rows;
}

/** Every number of the calculation, each line with how it was obtained. */
export function DoseCalculationTable({ c: any }: { c: AnyDoseCalculation }) {
  const c: DoseCalculation | undefined = ivDoseOf(any);
  if (c === undefined) return <Rows rows={fixedRows(any as FixedDoseCalculation)} />;
  const i = c.inputs;
  const rows: [string, string, string][] = [
    weightRow(c),
    ['Dose per kg', `${n(i.mgPerKg)} mg/kg`, `accepted ${c.limits.minimumMgPerKg} to ${c.limits.maximumMgPerKg} mg/kg`],
    ['Dose', `${n(c.doseMg, 1)} mg`, `${n(i.weightKg)} kg × ${n(i.mgPerKg)} mg/kg`],
    ['Vial strength', `${n(i.vialMgPerMl)} mg/mL`, ''],
    ['Drawn from the vial', `${n(c.drawnVolumeMl, 2)} mL`, `${n(c.doseMg, 1)} mg ÷ ${n(i.vialMgPerMl)} mg/mL`],
    ['Diluent', `${n(i.diluentMl)} mL`, c.pump === 'syringe' ? 'none: syringe pump' : 'bag'],
    ['Total volume', `${n(c.bagTotalMl, 2)} mL`, `${n(i.diluentMl)} mL + ${n(c.drawnVolumeMl, 2)} mL`],
    ['Duration', `${n(i.minutes)} min`, `accepted ${c.limits.minutes.min} to ${c.limits.minutes.max} min`],
    ['Pump rate', `${n(c.rateMlPerHour, 1)} mL/h`, `${n(c.bagTotalMl, 2)} mL ÷ ${n(i.minutes)} min × 60`],
  ];
  return <Rows rows={rows} />;
}

function Rows({ rows }: { rows: [string, string, string][] }) {
  return (
    <Table withTableBorder withColumnBorders verticalSpacing={4} data-testid="dose-calculation">
      <Table.Tbody>
        {rows.map(([label, value, how]) => (
          <Table.Tr key={label}>
            <Table.Th w={170}>{label}</Table.Th>
            <Table.Td>
              <Text fw={700} ff="monospace" size={label === 'Dose' || label === 'Pump rate' || label === 'To give' ? 'lg' : 'md'}>
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
