import { DiagnosisDataBodySchema, type DiagnosisDataBody } from '@kairos/api';
import { icd10CmText } from '@kairos/core';
import { Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { addFact, retireFact, type DiagnosisFact } from './intake-api';
import { InlineForm } from './inline-form';
import { RetireFactButton } from './retire-fact-button';
import { NoneRecorded, RecordedBy, SectionCard } from '../../ui/section-card';

const checkDiagnosis = zod4Resolver(DiagnosisDataBodySchema);

/** What is sent: the code in upper case (f43.10 is F43.10), the description when there is one. */
const toBody = (v: { code: string; display: string }): DiagnosisDataBody => {
  const code = v.code.trim().toUpperCase();
  // Left empty, the description is the code's ICD-10-CM text when core's table has it.
  const display = v.display.trim() === '' ? icd10CmText(code) : v.display.trim();
  return display === undefined ? { code } : { code, display };
};

/** Diagnoses as ICD-10-CM codes (PTSD is F43.1, F43.10, F43.11 or F43.12). */
export function DiagnosesCard({ patientId, items, onChanged }: { patientId: string; items: DiagnosisFact[]; onChanged: () => void }) {
  // The contract's rule for a diagnosis (an ICD-10-CM code), checked here on what will be sent.
  const form = useForm({ initialValues: { code: '', display: '' }, validate: (v) => checkDiagnosis(toBody(v)) });
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
              {d.data.display ?? icd10CmText(d.data.code)}
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
          if (form.validate().hasErrors) return false;
          await addFact(patientId, 'diagnosis', toBody(form.getValues()));
          form.reset();
          onChanged();
        }}
      >
        {(errors) => (
          <>
            <TextInput
              label="ICD-10-CM code"
              placeholder="F43.10"
              size="sm"
              w={140}
              {...form.getInputProps('code')}
              error={form.errors.code ?? errors.code}
            />
            <TextInput
              label="Description (optional)"
              placeholder={icd10CmText(form.getValues().code) ?? 'Post-traumatic stress disorder, unspecified'}
              size="sm"
              style={{ flex: 1, minWidth: 200 }}
              {...form.getInputProps('display')}
              error={form.errors.display ?? errors.display}
            />
          </>
        )}
      </InlineForm>
    </SectionCard>
  );
}
