import { Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { addFact, retireFact, type AllergyData, type Fact } from './intake-api';
import { InlineForm } from './inline-form';
import { RetireFactButton } from './retire-fact-button';
import { NoneRecorded, RecordedBy, SectionCard } from './section-card';

/** Allergies: substance and reaction. */
export function AllergiesCard({ patientId, items, onChanged }: { patientId: string; items: Fact<AllergyData>[]; onChanged(): void }) {
  const [substance, setSubstance] = useState('');
  const [reaction, setReaction] = useState('');
  const [missing, setMissing] = useState<string>();
  return (
    <SectionCard title="Allergies" testId="allergies">
      {items.length === 0 && <NoneRecorded />}
      {items.map((a) => (
        <Group key={a.id} justify="space-between" wrap="nowrap">
          <Stack gap={0}>
            <Text>
              <b>{a.data.substance}</b>
              {a.data.reaction !== undefined && a.data.reaction !== '' ? `: ${a.data.reaction}` : ''}
            </Text>
            <RecordedBy at={a.recordedAt} by={a.recordedBy} />
          </Stack>
          <RetireFactButton
            label={`allergy ${a.data.substance}`}
            onRetire={async (reason) => {
              await retireFact(patientId, a.id, reason);
              onChanged();
            }}
          />
        </Group>
      ))}
      <InlineForm
        submitLabel="Add allergy"
        onSubmit={async () => {
          if (substance.trim() === '') {
            setMissing('Required');
            return false;
          }
          setMissing(undefined);
          await addFact(patientId, 'allergy', reaction.trim() === '' ? { substance: substance.trim() } : { substance: substance.trim(), reaction: reaction.trim() });
          setSubstance('');
          setReaction('');
          onChanged();
        }}
      >
        {(errors) => (
          <>
            <TextInput label="Substance" size="sm" value={substance} onChange={(e) => setSubstance(e.currentTarget.value)} error={missing ?? errors.substance} />
            <TextInput label="Reaction (optional)" size="sm" value={reaction} onChange={(e) => setReaction(e.currentTarget.value)} error={errors.reaction} />
          </>
        )}
      </InlineForm>
    </SectionCard>
  );
}
