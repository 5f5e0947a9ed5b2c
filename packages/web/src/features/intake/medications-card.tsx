import { Badge, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { InteractionList } from '../screening/interaction-list';
import { addFact, retireFact, type PatientMedication } from './intake-api';
import { InlineForm } from './inline-form';
import { RetireFactButton } from './retire-fact-button';
import { NoneRecorded, RecordedBy, SectionCard } from '../../ui/section-card';
import { useRequired } from '../../ui/use-required';

/** Medications, each with its interaction flags with ketamine (from core, with their sources). */
export function MedicationsCard({ patientId, items, onChanged }: { patientId: string; items: PatientMedication[]; onChanged: () => void }) {
  const [name, setName] = useState('');
  const [dose, setDose] = useState<string | number>('');
  const { missing, check } = useRequired();
  return (
    <SectionCard title="Medications" testId="medications">
      {items.length === 0 && <NoneRecorded text="No medications recorded" />}
      {items.map((m) => (
        <Stack key={m.id} gap={4} data-testid="medication">
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={0}>
              <Group gap="xs">
                <Text fw={600}>{m.data.name}</Text>
                {m.data.dailyDoseMg !== undefined && <Text size="sm">{m.data.dailyDoseMg} mg/day</Text>}
                {!m.recognised && (
                  <Badge size="xs" color="gray" variant="outline">
                    not in the interaction table: check by hand
                  </Badge>
                )}
                {m.recognised && m.interactions.length === 0 && (
                  <Badge size="xs" color="green" variant="light">
                    no interaction flag
                  </Badge>
                )}
              </Group>
              <RecordedBy at={m.recordedAt} by={m.recordedBy} />
            </Stack>
            <RetireFactButton
              label={`medication ${m.data.name}`}
              onRetire={async (reason) => {
                await retireFact(patientId, m.id, reason);
                onChanged();
              }}
            />
          </Group>
          {m.interactions.length > 0 && <InteractionList items={m.interactions} />}
        </Stack>
      ))}
      <InlineForm
        submitLabel="Add medication"
        testId="add-medication"
        onSubmit={async () => {
          if (!check(name)) return false;
          await addFact(
            patientId,
            'medication',
            typeof dose === 'number' ? { name: name.trim(), dailyDoseMg: dose } : { name: name.trim() },
          );
          setName('');
          setDose('');
          onChanged();
        }}
      >
        {(errors) => (
          <>
            <TextInput
              label="Medication"
              placeholder="e.g. sertraline 100 mg"
              size="sm"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={missing ?? errors.name}
              style={{ flex: 1, minWidth: 200 }}
            />
            <NumberInput label="Daily dose (mg/day)" size="sm" w={160} min={0} value={dose} onChange={setDose} error={errors.dailyDoseMg} />
          </>
        )}
      </InlineForm>
    </SectionCard>
  );
}
