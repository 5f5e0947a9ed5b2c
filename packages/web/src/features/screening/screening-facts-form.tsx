import { Alert, Button, Checkbox, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/client';
import { errorText } from '../../api/use-resource';
import type { ScreeningPriorTreatment } from '@kairos/api';
import { COMPLETED_ITEMS, PRIOR_TREATMENTS, type ScreeningInput } from './screening-api';
import { FormError } from '../../ui/form-error';

type Tri = 'yes' | 'no' | 'unknown';
const toTri = (b: boolean | null): Tri => (b === null ? 'unknown' : b ? 'yes' : 'no');
const fromTri = (t: string): boolean | null => (t === 'yes' ? true : t === 'no' ? false : null);

function YesNoUnknown({
  label,
  hint,
  value,
  onChange,
}: {
  label: string;
  hint: string;
  value: boolean | null;
  onChange: (v: boolean | null) => void;
}) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <SegmentedControl
        aria-label={label}
        value={toTri(value)}
        onChange={(v) => onChange(fromTri(v))}
        data={[
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
          { value: 'unknown', label: 'Not known' },
        ]}
      />
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Stack>
  );
}

/** The screening facts that are not in the patient's record; saving recomputes the decision. */
export function ScreeningFactsForm({
  initial,
  onSave,
  readOnly = false,
  afterDecision = false,
}: {
  initial: ScreeningInput;
  onSave: (facts: ScreeningInput) => Promise<void>;
  readOnly?: boolean;
  afterDecision?: boolean;
}) {
  const [facts, setFacts] = useState<ScreeningInput>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const set = (f: ScreeningInput) => {
    setFacts(f);
    setSaved(false);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setErrors({});
    try {
      await onSave(facts);
      setSaved(true);
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(byField);
      setError(errorText(err, 'The facts were not saved.'));
    } finally {
      setBusy(false);
    }
  };
  const toggle = (t: ScreeningPriorTreatment, on: boolean) =>
    set({ ...facts, priorTreatments: on ? [...facts.priorTreatments, t] : facts.priorTreatments.filter((x) => x !== t) });
  return (
    <Paper withBorder p="md" radius="md" className="no-print">
      <form onSubmit={submit} noValidate data-testid="screening-facts">
        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack gap="md">
            <Title order={4}>Screening facts</Title>
            {readOnly && (
              <Alert color="gray" p="xs">
                This enrollment is closed: its screening facts are kept as they were.
              </Alert>
            )}
            {afterDecision && !readOnly && (
              <Text size="xs" c="dimmed" data-testid="facts-after-decision">
                The patient was already cleared: if the screening gets worse, dosing is held until a prescriber reviews it.
              </Text>
            )}
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Prior treatments tried
              </Text>
              {PRIOR_TREATMENTS.map((t) => (
                <Checkbox
                  key={t.value}
                  label={t.label}
                  checked={facts.priorTreatments.includes(t.value)}
                  onChange={(e) => toggle(t.value, e.currentTarget.checked)}
                />
              ))}
            </Stack>
            <YesNoUnknown
              label="Cardiovascular risk factors"
              hint="Not known counts as present: an ECG is then required."
              value={facts.cardiovascularRiskFactors}
              onChange={(v) => set({ ...facts, cardiovascularRiskFactors: v })}
            />
            <YesNoUnknown
              label="Pregnancy possible"
              hint="Not known counts as possible: a pregnancy test is then required."
              value={facts.pregnancyPossible}
              onChange={(v) => set({ ...facts, pregnancyPossible: v })}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Reviewed with the patient
              </Text>
              <Checkbox
                label="Conditions reviewed: none beyond those on the record"
                description="Without this, no recorded condition means not yet known (missing)."
                checked={facts.conditionsReviewed}
                onChange={(e) => set({ ...facts, conditionsReviewed: e.currentTarget.checked })}
              />
              <Checkbox
                label="Medication list reviewed: none beyond those on the record"
                description="Without this, an empty list means not yet recorded (missing)."
                checked={facts.medicationsReviewed}
                onChange={(e) => set({ ...facts, medicationsReviewed: e.currentTarget.checked })}
              />
            </Stack>
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Completed on
              </Text>
              <SimpleGrid cols={2} spacing="xs">
                {COMPLETED_ITEMS.map((item) => (
                  <TextInput
                    key={item.key}
                    label={item.label}
                    type="date"
                    size="sm"
                    value={facts.completed[item.key] ?? ''}
                    onChange={(e) =>
                      set({
                        ...facts,
                        completed: { ...facts.completed, [item.key]: e.currentTarget.value === '' ? null : e.currentTarget.value },
                      })
                    }
                    error={errors[item.key]}
                  />
                ))}
              </SimpleGrid>
            </Stack>
            <FormError error={error} />
            <Group justify="flex-end">
              {saved && (
                <Text size="sm" c="teal" data-testid="facts-saved">
                  Saved: the decision was computed again.
                </Text>
              )}
              <Button type="submit" loading={busy} disabled={readOnly}>
                Save and recompute
              </Button>
            </Group>
          </Stack>
        </fieldset>
      </form>
    </Paper>
  );
}
