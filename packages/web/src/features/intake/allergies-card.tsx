import { Badge, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ALLERGY_TYPES, allergyType, allergyTypeLabel } from './fact-words';
import { addFact, retireFact, type AllergyFact, type AllergyType } from './intake-api';
import { InlineForm } from './inline-form';
import { RetireFactButton } from './retire-fact-button';
import { NoneRecorded, RecordedBy, SectionCard } from '../../ui/section-card';
import { useRequired } from '../../ui/use-required';

/** Allergies and intolerances: substance, reaction, and which of the two it is (an allergy to ketamine rules it out; an intolerance asks for review). */
export function AllergiesCard({ patientId, items, onChanged }: { patientId: string; items: AllergyFact[]; onChanged: () => void }) {
  const [substance, setSubstance] = useState('');
  const [reaction, setReaction] = useState('');
  const [type, setType] = useState<AllergyType>('allergy');
  const { missing, check } = useRequired();
  return (
    <SectionCard title="Allergies" testId="allergies">
      {items.length === 0 && <NoneRecorded />}
      {items.map((a) => (
        <Group key={a.id} justify="space-between" wrap="nowrap" data-testid="allergy" data-allergy-type={allergyType(a.data)}>
          <Stack gap={0}>
            <Group gap="xs">
              <Text>
                <b>{a.data.substance}</b>
                {a.data.reaction !== undefined && a.data.reaction !== '' ? `: ${a.data.reaction}` : ''}
              </Text>
              <Badge size="sm" variant="light" color={allergyType(a.data) === 'intolerance' ? 'yellow' : 'red'}>
                {allergyTypeLabel(a.data)}
              </Badge>
            </Group>
            <RecordedBy at={a.recordedAt} by={a.recordedBy} />
          </Stack>
          <RetireFactButton
            label={`${allergyTypeLabel(a.data).toLowerCase()} ${a.data.substance}`}
            onRetire={async (reason) => {
              await retireFact(patientId, a.id, reason);
              onChanged();
            }}
          />
        </Group>
      ))}
      <InlineForm
        submitLabel="Add allergy"
        testId="add-allergy"
        onSubmit={async () => {
          if (!check(substance)) return false;
          await addFact(
            patientId,
            'allergy',
            reaction.trim() === ''
              ? { substance: substance.trim(), type }
              : { substance: substance.trim(), reaction: reaction.trim(), type },
          );
          setSubstance('');
          setReaction('');
          setType('allergy');
          onChanged();
        }}
      >
        {(errors) => (
          <>
            <TextInput
              label="Substance"
              size="sm"
              value={substance}
              onChange={(e) => setSubstance(e.currentTarget.value)}
              error={missing ?? errors.substance}
            />
            <TextInput
              label="Reaction (optional)"
              size="sm"
              value={reaction}
              onChange={(e) => setReaction(e.currentTarget.value)}
              error={errors.reaction}
            />
            <Stack gap={2}>
              <Text size="sm" fw={500}>
                Type
              </Text>
              <SegmentedControl
                aria-label="Allergy or intolerance"
                size="sm"
                value={type}
                onChange={(v) => setType(v === 'intolerance' ? 'intolerance' : 'allergy')}
                data={ALLERGY_TYPES.map((t) => ({ value: t.value, label: t.label }))}
              />
            </Stack>
          </>
        )}
      </InlineForm>
    </SectionCard>
  );
}
