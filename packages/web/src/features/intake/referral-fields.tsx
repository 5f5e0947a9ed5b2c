import { Group, NativeSelect, Stack, Textarea, TextInput } from '@mantine/core';
import { REFERRAL_LIMITS, REFERRAL_SOURCES } from '@kairos/api';
import { SOURCE_LABELS, type ReferralFormValues } from './referral-words';

/** The referral's details in a form: where it came from, the referring clinician, why, and the day received. */
export function ReferralFields({
  values,
  onChange,
  errors,
}: {
  values: ReferralFormValues;
  onChange: (v: ReferralFormValues) => void;
  errors: Record<string, string>;
}) {
  const set = (key: keyof ReferralFormValues) => (e: { currentTarget: { value: string } }) =>
    onChange({ ...values, [key]: e.currentTarget.value });
  const fromClinician = values.source === 'clinician';
  return (
    <Stack gap="xs" data-testid="referral-fields">
      <NativeSelect
        label="Referred by"
        data={[{ value: '', label: 'Not recorded' }, ...REFERRAL_SOURCES.map((s) => ({ value: s, label: SOURCE_LABELS[s] }))]}
        value={values.source}
        onChange={set('source')}
        error={errors.source}
      />
      <Group grow align="flex-start">
        <TextInput
          label="Referring clinician"
          description={fromClinician ? 'Needed for a referral from a clinician' : undefined}
          withAsterisk={fromClinician}
          value={values.name}
          onChange={set('name')}
          error={errors.name}
        />
        <TextInput
          label="Practice or organisation"
          value={values.organisation}
          onChange={set('organisation')}
          error={errors.organisation}
        />
      </Group>
      <Group grow align="flex-start">
        <TextInput label="Clinician's phone" type="tel" value={values.phone} onChange={set('phone')} error={errors.phone} />
        <TextInput label="Clinician's email" type="email" value={values.email} onChange={set('email')} error={errors.email} />
      </Group>
      <Textarea
        label="Reason for referral"
        autosize
        minRows={2}
        maxRows={6}
        maxLength={REFERRAL_LIMITS.reasonChars}
        value={values.reason}
        onChange={set('reason')}
        error={errors.reason}
      />
      <TextInput label="Date received" type="date" value={values.receivedOn} onChange={set('receivedOn')} error={errors.receivedOn} />
    </Stack>
  );
}
