import { Badge, Checkbox, Group, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { addFact, retireFact, type ConditionData, type ConditionRef, type Fact } from './intake-api';
import { InlineForm } from './inline-form';
import { RetireFactButton } from './retire-fact-button';
import { NoneRecorded, RecordedBy, SectionCard } from './section-card';

/** Conditions that matter for ketamine (core's contraindication codes), each with a severe flag. */
export function ConditionsCard({ patientId, items, reference, onChanged }: { patientId: string; items: Fact<ConditionData>[]; reference: ConditionRef[]; onChanged(): void }) {
  const [code, setCode] = useState<string | null>(null);
  const [severe, setSevere] = useState(false);
  const [pickError, setPickError] = useState<string>();
  const title = (c: string) => reference.find((r) => r.code === c)?.title ?? c;
  return (
    <SectionCard title="Conditions" testId="conditions">
      {items.length === 0 && <NoneRecorded text="No contraindication conditions recorded" />}
      {items.map((c) => {
        const ref = reference.find((r) => r.code === c.data.code);
        return (
          <Group key={c.id} justify="space-between" wrap="nowrap">
            <Stack gap={0}>
              <Group gap="xs">
                <Text fw={600}>{title(c.data.code)}</Text>
                {c.data.severe && (
                  <Badge color="red" size="sm">
                    severe
                  </Badge>
                )}
                {ref?.absolute === true && (
                  <Badge color="red" variant="outline" size="sm">
                    absolute contraindication
                  </Badge>
                )}
              </Group>
              <RecordedBy at={c.recordedAt} by={c.recordedBy} />
            </Stack>
            <RetireFactButton
              label={`condition ${title(c.data.code)}`}
              onRetire={async (reason) => {
                await retireFact(patientId, c.id, reason);
                onChanged();
              }}
            />
          </Group>
        );
      })}
      <InlineForm
        submitLabel="Add condition"
        testId="add-condition"
        onSubmit={async () => {
          if (code === null) {
            setPickError('Pick a condition');
            return false;
          }
          setPickError(undefined);
          await addFact(patientId, 'condition', { code, severe });
          setCode(null);
          setSevere(false);
          onChanged();
        }}
      >
        {(errors) => (
          <>
            <Select
              label="Condition"
              size="sm"
              searchable
              style={{ flex: 1, minWidth: 220 }}
              data={reference.map((r) => ({ value: r.code, label: r.absolute ? `${r.title} (absolute)` : r.title }))}
              value={code}
              onChange={setCode}
              error={pickError ?? errors.code}
            />
            <Checkbox label="Severe" checked={severe} onChange={(e) => setSevere(e.currentTarget.checked)} mb={8} />
          </>
        )}
      </InlineForm>
    </SectionCard>
  );
}
