import { Badge, Checkbox, Group, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { conditionCodesText, conditionName, isMonitoringOnly } from './fact-words';
import { addFact, retireFact, type ConditionFact, type ConditionRef } from './intake-api';
import { InlineForm } from './inline-form';
import { RetireFactButton } from './retire-fact-button';
import { NoneRecorded, RecordedBy, SectionCard } from '../../ui/section-card';

/**
 * Conditions that matter for ketamine: core's contraindications (each with a severe flag), and
 * conditions that are no contraindication but ask for closer monitoring at dosing sessions.
 */
export function ConditionsCard({
  patientId,
  items,
  reference,
  onChanged,
}: {
  patientId: string;
  items: ConditionFact[];
  reference: ConditionRef[];
  onChanged: () => void;
}) {
  const [code, setCode] = useState<ConditionRef['code'] | null>(null);
  const [severe, setSevere] = useState(false);
  const [pickError, setPickError] = useState<string>();
  const refOf = (c: string | null) => reference.find((r) => r.code === c);
  const title = (c: string) => conditionName(refOf(c), c);
  const contraindications = reference.filter((r) => !isMonitoringOnly(r));
  const monitoring = reference.filter((r) => isMonitoringOnly(r));
  const picked = refOf(code);
  return (
    <SectionCard title="Conditions" testId="conditions">
      {items.length === 0 && <NoneRecorded text="No conditions recorded" />}
      {items.map((c) => {
        const ref = refOf(c.data.code);
        const monitoringOnly = isMonitoringOnly(ref);
        return (
          <Group
            key={c.id}
            justify="space-between"
            wrap="nowrap"
            data-testid="condition"
            data-monitoring-only={monitoringOnly ? 'true' : undefined}
          >
            {/* The words wrap; the Remove button keeps its width. */}
            <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
              <Group gap="xs">
                <Text fw={600}>{title(c.data.code)}</Text>
                {c.data.severe === true && (
                  <Badge color="red" size="sm">
                    severe
                  </Badge>
                )}
                {ref?.absolute === true && (
                  <Badge color="red" variant="outline" size="sm">
                    absolute contraindication
                  </Badge>
                )}
                {monitoringOnly && (
                  <Badge color="blue" variant="light" size="sm">
                    monitoring
                  </Badge>
                )}
              </Group>
              {monitoringOnly && (
                <Text size="xs" c="dimmed">
                  Not a contraindication: blood pressure is watched more closely at dosing sessions.
                </Text>
              )}
              <ConditionCodes condition={ref} />
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
          await addFact(patientId, 'condition', { code, severe: isMonitoringOnly(refOf(code)) ? false : severe });
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
              data={[
                {
                  group: 'Contraindications',
                  items: contraindications.map((r) => ({ value: r.code, label: r.absolute ? `${r.title} (absolute)` : r.title })),
                },
                ...(monitoring.length === 0
                  ? []
                  : [
                      {
                        group: 'Closer monitoring (not a contraindication)',
                        items: monitoring.map((r) => ({ value: r.code, label: `${conditionName(r, r.code)} (monitoring)` })),
                      },
                    ]),
              ]}
              value={code}
              onChange={(v) => setCode(refOf(v)?.code ?? null)}
              error={pickError ?? errors.code}
              description={picked === undefined ? undefined : `ICD-10-CM: ${conditionCodesText(picked) ?? 'none listed'}`}
            />
            {!isMonitoringOnly(picked) && (
              <Checkbox label="Severe" checked={severe} onChange={(e) => setSevere(e.currentTarget.checked)} mb={8} />
            )}
          </>
        )}
      </InlineForm>
    </SectionCard>
  );
}

/**
 * The ICD-10-CM codes a coder may use for a condition, with their text (a site default for the
 * coder and the medical director to review: Kairos records the condition in its own words).
 */
export function ConditionCodes({ condition }: { condition: { icd10cm?: ConditionRef['icd10cm'] } | undefined }) {
  const text = conditionCodesText(condition);
  if (text === undefined) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="condition-icd10cm">
      ICD-10-CM (for the coder to confirm): {text}
    </Text>
  );
}
