import { Alert, Button, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, fieldErrors } from '../../api/client';
import { SEXES, type PatientInput, type Sex } from './patients-api';

/** The form's values: every field a string, as typed. */
export interface PatientFormValues {
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: Sex;
  phone: string;
  email: string;
  address: string;
}

export const EMPTY_PATIENT: PatientFormValues = {
  mrn: '',
  givenName: '',
  familyName: '',
  birthDate: '',
  sex: 'unknown',
  phone: '',
  email: '',
  address: '',
};

const SEX_LABELS: Record<Sex, string> = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Unknown' };
const REQUIRED: (keyof PatientFormValues)[] = ['mrn', 'givenName', 'familyName', 'birthDate'];

/** The values to send: trimmed; an empty optional field is left out. */
export function toPatientInput(v: PatientFormValues): PatientInput {
  const input: PatientInput = {
    mrn: v.mrn.trim(),
    givenName: v.givenName.trim(),
    familyName: v.familyName.trim(),
    birthDate: v.birthDate,
    sex: v.sex,
  };
  if (v.phone.trim() !== '') input.phone = v.phone.trim();
  if (v.email.trim() !== '') input.email = v.email.trim();
  if (v.address.trim() !== '') input.address = v.address.trim();
  return input;
}

function missingFields(v: PatientFormValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of REQUIRED) if (v[f].trim() === '') out[f] = 'Required';
  return out;
}

export interface PatientFormProps {
  initial: PatientFormValues;
  submitLabel: string;
  /** Sends the values; a thrown ApiError becomes field errors (400) or a message. */
  onSubmit: (values: PatientFormValues) => Promise<void>;
  onCancel: () => void;
  /** More fields below the patient's own (the new-patient form adds the care team). */
  children?: ReactNode;
}

/** Patient fields with the server's field-level errors (400 details.issues, 409 on the MRN). */
export function PatientForm({ initial, submitLabel, onSubmit, onCancel, children }: PatientFormProps) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const set = (field: keyof PatientFormValues) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
    setErrors(({ [field]: _gone, ...rest }) => rest);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(undefined);
    const missing = missingFields(values);
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      await onSubmit(values);
    } catch (err) {
      const byField = fieldErrors(err);
      if (err instanceof ApiError && err.code === 'CONFLICT') byField.mrn ??= err.message || 'This MRN is already used at this site.';
      setErrors(byField);
      const known = Object.keys(byField).filter((f) => f in EMPTY_PATIENT);
      if (known.length === 0 || Object.keys(byField).length > known.length) {
        setFormError(err instanceof ApiError ? err.message : 'Saving failed. Try again.');
      }
    } finally {
      setBusy(false);
    }
  };

  const field = (name: keyof PatientFormValues) => ({ value: values[name], onChange: set(name), error: errors[name], name });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={2}>
          <TextInput label="Given name" required {...field('givenName')} data-autofocus />
          <TextInput label="Family name" required {...field('familyName')} />
          <TextInput label="Date of birth" type="date" required {...field('birthDate')} />
          <NativeSelect label="Sex" data={SEXES.map((s) => ({ value: s, label: SEX_LABELS[s] }))} {...field('sex')} />
          <TextInput label="MRN" description="Medical record number, unique at this site" required {...field('mrn')} />
          <TextInput label="Phone" type="tel" {...field('phone')} />
          <TextInput label="Email" type="email" {...field('email')} />
          <TextInput label="Address" description="Street, city, state, ZIP" {...field('address')} />
        </SimpleGrid>
        {children}
        {formError !== undefined && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function sexLabel(sex: Sex | undefined): string {
  return sex === undefined ? 'Unknown' : SEX_LABELS[sex];
}
