import { SiteCreateBodySchema } from '@kairos/api';
import { ActionIcon, Alert, Button, Checkbox, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { isIsoDate } from '@kairos/core';
import { useMemo, useState } from 'react';
import { fieldErrors } from '../../api/client';
import { errorText } from '../../api/use-resource';
import { STATE_OPTIONS } from '../credentials/credential-words';
import { WEEKDAYS, WEEKDAY_LABELS, type SiteInput, type Weekday } from './settings-api';

export const EMPTY_SITE: SiteInput = {
  name: '',
  timeZone: 'America/New_York',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  closedDates: [],
  state: null,
};

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

/** Name, IANA time zone, state, working days and closed dates of a site. */
export function SiteForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  readOnly = false,
}: {
  initial: SiteInput;
  submitLabel: string;
  onSubmit: (v: SiteInput) => Promise<void>;
  onCancel?: () => void;
  readOnly?: boolean;
}) {
  // The contract's rules for a site (a name, a known time zone, at least one working day, real dates).
  const form = useForm<SiteInput>({ initialValues: initial, validate: zod4Resolver(SiteCreateBodySchema) });
  const values = form.values;
  const [closed, setClosed] = useState('');
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => {
    const all = timeZones();
    return all.includes(values.timeZone) ? all : [values.timeZone, ...all];
  }, [values.timeZone]);

  const addClosed = () => {
    if (!isIsoDate(closed) || values.closedDates.includes(closed)) return;
    form.setFieldValue('closedDates', [...values.closedDates, closed].sort());
    setClosed('');
  };

  const submit = form.onSubmit(async (v) => {
    setFormError(undefined);
    setBusy(true);
    setSaved(false);
    try {
      await onSubmit({ ...v, name: v.name.trim() });
      setSaved(true);
    } catch (err) {
      const byField = fieldErrors(err);
      form.setErrors(byField);
      if (Object.keys(byField).length === 0) setFormError(errorText(err, 'Saving the site failed.'));
    } finally {
      setBusy(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput label="Site name" required {...form.getInputProps('name')} readOnly={readOnly} data-autofocus />
        <Select
          label="Time zone"
          description="IANA time zone: schedules and dates at this site follow it"
          searchable
          data={zones}
          value={values.timeZone}
          onChange={(z) => z !== null && form.setFieldValue('timeZone', z)}
          error={form.errors.timeZone}
          readOnly={readOnly}
          allowDeselect={false}
        />
        <Select
          label="State"
          description="Where the site is: clinicians’ licences and DEA registrations must be for this state"
          searchable
          clearable
          placeholder="Not set"
          data={STATE_OPTIONS}
          value={values.state}
          onChange={(v) => form.setFieldValue('state', v as SiteInput['state'])}
          error={form.errors.state}
          readOnly={readOnly}
        />
        <Checkbox.Group
          label="Working days"
          value={values.workingDays}
          onChange={(days) =>
            form.setFieldValue(
              'workingDays',
              WEEKDAYS.filter((d) => days.includes(d)),
            )
          }
          error={form.errors.workingDays}
        >
          <Group mt={6}>
            {WEEKDAYS.map((d: Weekday) => (
              <Checkbox key={d} value={d} label={WEEKDAY_LABELS[d]} disabled={readOnly} />
            ))}
          </Group>
        </Checkbox.Group>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Closed dates
          </Text>
          {values.closedDates.length === 0 && (
            <Text size="sm" c="dimmed">
              None
            </Text>
          )}
          <Group gap="xs" data-testid="closed-dates">
            {values.closedDates.map((d) => (
              <Group key={d} gap={2} px={8} py={2} style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 16 }}>
                <Text size="sm" ff="monospace">
                  {d}
                </Text>
                {!readOnly && (
                  <ActionIcon
                    size="xs"
                    variant="subtle"
                    color="gray"
                    aria-label={`Remove ${d}`}
                    onClick={() =>
                      form.setFieldValue(
                        'closedDates',
                        values.closedDates.filter((x) => x !== d),
                      )
                    }
                  >
                    ×
                  </ActionIcon>
                )}
              </Group>
            ))}
          </Group>
          {!readOnly && (
            <Group gap="xs" align="flex-end">
              <TextInput
                label="Add a closed date"
                type="date"
                value={closed}
                onChange={(e) => setClosed(e.currentTarget.value)}
                error={form.errors.closedDates}
              />
              <Button variant="light" onClick={addClosed} disabled={closed === ''}>
                Add date
              </Button>
            </Group>
          )}
        </Stack>
        {formError !== undefined && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        {!readOnly && (
          <Group justify="flex-end">
            {saved && (
              <Text size="sm" c="teal" data-testid="site-saved">
                Saved
              </Text>
            )}
            {onCancel !== undefined && (
              <Button variant="default" onClick={onCancel}>
                Cancel
              </Button>
            )}
            <Button type="submit" loading={busy}>
              {submitLabel}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
