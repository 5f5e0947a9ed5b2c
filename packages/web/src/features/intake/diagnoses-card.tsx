import { Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { addFact, retireFact, type DiagnosisData, type Fact } from './intake-api';
import { InlineForm } from './inline-form';
import { RetireFactButton } from './retire-fact-button';
import { NoneRecorded, RecordedBy, SectionCard } from './section-card';

const ICD10 = /^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$/;

/** Diagnoses as ICD-10-CM codes (PTSD is F43.1, F43.10, F43.11 or F43.12). */
export function DiagnosesCard({ patientId, items, onChanged }: { patientId: string; items: Fact<DiagnosisData>[]; onChanged(): void }) {
  const [code, setCode] = useState('');
  const [display, setDisplay] = useState('');
  const [codeError, setCodeError] = useState<string>();
  return (
    <SectionCard title="Diagnoses" testId="diagnoses">
      {items.length === 0 && <NoneRecorded />}
      {items.map((d) => (
        <Group key={d.id} justify="space-between" wrap="nowrap">
          <Stack gap={0}>
            <Text>
              <Text span ff="monospace" fw={700}>
                {d.data.code}
              </Text>{' '}
              {d.data.display}
            </Text>
            <RecordedBy at={d.recordedAt} by={d.recordedBy} />
          </Stack>
          <RetireFactButton
            label={`diagnosis ${d.data.code}`}
            onRetire={async (reason) => {
              await retireFact(patientId, d.id, reason);
              onChanged();
            }}
          />
        </Group>
      ))}
      <InlineForm
        submitLabel="Add diagnosis"
        testId="add-diagnosis"
        onSubmit={async () => {
          const c = code.trim().toUpperCase();
          if (!ICD10.test(c)) {
            setCodeError('An ICD-10-CM code, e.g. F43.10');
            return false;
          }
          setCodeError(undefined);
          await addFact(patientId, 'diagnosis', display.trim() === '' ? { code: c } : { code: c, display: display.trim() });
          setCode('');
          setDisplay('');
          onChanged();
        }}
      >
        {(errors) => (
          <>
            <TextInput label="ICD-10-CM code" placeholder="F43.10" size="sm" w={140} value={code} onChange={(e) => setCode(e.currentTarget.value)} error={codeError ?? errors.code} />
            <TextInput label="Description (optional)" placeholder="Post-traumatic stress disorder, unspecified" size="sm" style={{ flex: 1, minWidth: 200 }} value={display} onChange={(e) => setDisplay(e.currentTarget.value)} error={errors.display} />
          </>
        )}
      </InlineForm>
    </SectionCard>
  );
}
