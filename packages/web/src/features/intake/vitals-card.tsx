import { NumberInput, ScrollArea, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { formatInstant } from '../../api/use-resource';
import { isoToSiteLocal, siteLocalToIso } from '../dosing-session/site-datetime';
import { addVitals, type PatientVitals, type PatientVitalsBody } from './intake-api';
import { InlineForm } from './inline-form';
import { NoneRecorded, SectionCard } from '../../ui/section-card';

type NumField = 'systolic' | 'diastolic' | 'heartRate' | 'spo2' | 'respiratoryRate' | 'weightKg';
const FIELDS: { key: NumField; label: string; w: number }[] = [
  { key: 'systolic', label: 'Systolic (mmHg)', w: 120 },
  { key: 'diastolic', label: 'Diastolic (mmHg)', w: 120 },
  { key: 'heartRate', label: 'Heart rate (/min)', w: 120 },
  { key: 'spo2', label: 'SpO₂ (%)', w: 90 },
  { key: 'respiratoryRate', label: 'Resp. rate (/min)', w: 120 },
  { key: 'weightKg', label: 'Weight (kg)', w: 100 },
];

/** "2026-03-12T14:05" for a datetime-local input, in the browser's time zone. */
const localNow = (): string => isoToSiteLocal(Date.now(), undefined);

const show = (n: number | null) => (n === null ? '—' : String(n));

/** Vital signs and weight, newest first, with a form to add a reading. */
export function VitalsCard({ patientId, items, onChanged }: { patientId: string; items: PatientVitals[]; onChanged: () => void }) {
  const [at, setAt] = useState(localNow);
  const [values, setValues] = useState<Partial<Record<NumField, string | number>>>({});
  const [problem, setProblem] = useState<string>();
  const sorted = [...items].sort((a, b) => b.measuredAt.localeCompare(a.measuredAt));
  return (
    <SectionCard title="Vitals and weight" testId="vitals">
      {sorted.length === 0 ? (
        <NoneRecorded />
      ) : (
        <ScrollArea.Autosize mah={260}>
          <Table verticalSpacing={4} aria-label="Vitals history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Measured</Table.Th>
                <Table.Th>BP (mmHg)</Table.Th>
                <Table.Th>HR</Table.Th>
                <Table.Th>SpO₂</Table.Th>
                <Table.Th>RR</Table.Th>
                <Table.Th>Weight (kg)</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((v) => (
                <Table.Tr key={v.id}>
                  <Table.Td fz="sm">{formatInstant(v.measuredAt)}</Table.Td>
                  <Table.Td>{v.systolic === null && v.diastolic === null ? '—' : `${show(v.systolic)}/${show(v.diastolic)}`}</Table.Td>
                  <Table.Td>{show(v.heartRate)}</Table.Td>
                  <Table.Td>{show(v.spo2)}</Table.Td>
                  <Table.Td>{show(v.respiratoryRate)}</Table.Td>
                  <Table.Td>{show(v.weightKg)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
      <InlineForm
        submitLabel="Add reading"
        testId="add-vitals"
        onSubmit={async () => {
          const measuredAt = siteLocalToIso(at, undefined);
          if (measuredAt === undefined) {
            setProblem('Give the date and time measured');
            return false;
          }
          const input: PatientVitalsBody = { measuredAt };
          for (const f of FIELDS) {
            const v = values[f.key];
            if (typeof v === 'number') input[f.key] = v;
          }
          if (Object.keys(input).length === 1) {
            setProblem('Enter at least one measurement');
            return false;
          }
          if ((typeof values.systolic === 'number') !== (typeof values.diastolic === 'number')) {
            setProblem('Blood pressure needs both systolic and diastolic');
            return false;
          }
          setProblem(undefined);
          await addVitals(patientId, input);
          setValues({});
          setAt(localNow());
          onChanged();
        }}
      >
        {(errors) => (
          <>
            <TextInput
              label="Measured at"
              type="datetime-local"
              size="sm"
              value={at}
              onChange={(e) => setAt(e.currentTarget.value)}
              error={errors.measuredAt ?? problem}
            />
            {FIELDS.map((f) => (
              <NumberInput
                key={f.key}
                label={f.label}
                size="sm"
                w={f.w}
                min={0}
                value={values[f.key] ?? ''}
                onChange={(v) => setValues((s) => ({ ...s, [f.key]: v }))}
                error={errors[f.key]}
                hideControls
              />
            ))}
          </>
        )}
      </InlineForm>
    </SectionCard>
  );
}
