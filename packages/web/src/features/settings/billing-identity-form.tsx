import { Alert, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { BillingIdentityBodySchema } from '@kairos/api';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { fieldErrors } from '../../api/client';
import { errorText, formatInstant } from '../../api/use-resource';
import { FormError } from '../../ui/form-error';
import { saveBillingIdentity, sentence, type BillingIdentity, type BillingIdentityBody } from './billing-api';

const FIELDS = ['legalName', 'address', 'taxId', 'npi', 'placeOfService'] as const;
type Field = (typeof FIELDS)[number];

/** Checks the identity before sending: each field's problem in plain words (the NPI's check digit the server checks). */
function validateIdentity(values: BillingIdentityBody): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  const parsed = BillingIdentityBodySchema.safeParse(values);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '') as Field;
      if (out[field] !== undefined) continue;
      out[field] = issue.code === 'too_small' ? 'Required.' : issue.code === 'too_big' ? 'Too long.' : sentence(issue.message);
    }
  if (values.npi.trim() === '') out.npi = 'Required.';
  return out;
}

/**
 * The clinic's billing identity, as every superbill of the site prints it: legal name, address, tax
 * id (EIN), the organisation's type 2 NPI and the place of service.
 */
export function BillingIdentityForm({
  siteId,
  identity,
  onSaved,
}: {
  siteId: string;
  identity: BillingIdentity | null;
  onSaved: (saved: BillingIdentity) => void;
}) {
  const form = useForm<BillingIdentityBody>({
    initialValues: {
      legalName: identity?.legalName ?? '',
      address: identity?.address ?? '',
      taxId: identity?.taxId ?? '',
      npi: identity?.npi ?? '',
      placeOfService: identity?.placeOfService ?? '11',
    },
    validate: validateIdentity,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const body: BillingIdentityBody = {
        legalName: values.legalName.trim(),
        address: values.address.trim(),
        taxId: values.taxId.trim(),
        npi: values.npi.trim(),
        placeOfService: values.placeOfService.trim(),
      };
      const result = await saveBillingIdentity(siteId, body);
      form.setValues(body);
      form.resetDirty(body);
      setSaved('The billing identity is saved: superbills print it from now on.');
      onSaved(result);
    } catch (err) {
      // The server's words beside the field they name: "the check digit of this NPI is wrong …".
      const byField = fieldErrors(err);
      const known: Partial<Record<Field, string>> = {};
      for (const f of FIELDS) if (byField[f] !== undefined) known[f] = sentence(byField[f]);
      form.setErrors(known);
      if (Object.keys(known).length === 0) setError(errorText(err, 'The billing identity was not saved.'));
    } finally {
      setBusy(false);
    }
  });
  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={submit} noValidate data-testid="billing-identity-form">
        <Stack gap="sm">
          <Title order={3}>Billing identity</Title>
          <Text size="sm" c="dimmed">
            The clinic as every superbill of this site names it.
            {identity !== null && ` Last changed ${formatInstant(identity.updatedAt)}.`}
          </Text>
          {identity === null && (
            <Alert color="orange" variant="light">
              Not entered yet: no superbill can be printed until it is.
            </Alert>
          )}
          <TextInput label="Legal name" maxLength={200} {...form.getInputProps('legalName')} />
          <Textarea
            label="Address"
            description="As it is printed, on several lines"
            autosize
            minRows={3}
            maxLength={500}
            {...form.getInputProps('address')}
          />
          <Group align="flex-start" grow>
            <TextInput label="Tax id (EIN)" placeholder="12-3456789" maxLength={10} {...form.getInputProps('taxId')} />
            <TextInput
              label="Organisation NPI (type 2)"
              description="10 digits"
              inputMode="numeric"
              maxLength={10}
              {...form.getInputProps('npi')}
            />
            <TextInput
              label="Place of service code"
              description="11 = office"
              inputMode="numeric"
              maxLength={2}
              {...form.getInputProps('placeOfService')}
            />
          </Group>
          <FormError error={error} />
          {saved !== undefined && (
            <Alert color="green" variant="light" role="status" data-testid="billing-identity-saved">
              {saved}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              Save billing identity
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
