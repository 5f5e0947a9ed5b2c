import {
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  type NumberInputProps,
} from '@mantine/core';
import { FeeScheduleItemCreateBodySchema, FeeScheduleItemUpdateBodySchema } from '@kairos/api';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { fieldErrors } from '../../api/client';
import { errorText } from '../../api/use-resource';
import { FormError } from '../../ui/form-error';
import { addFee, centsToDollars, dollarsToCents, formatCents, sentence, updateFee, type FeeScheduleItem } from './billing-api';

/** What the fee forms hold: the fee in dollars as typed ('' when not set). */
interface FeeValues {
  code: string;
  modifier: string;
  description: string;
  fee: number | string;
  active: boolean;
}
type FeeField = keyof FeeValues;

/** The body's field each problem names, as the form's field ("feeCents" is the fee in dollars here). */
const formField = (field: string): FeeField | undefined =>
  field === 'feeCents'
    ? 'fee'
    : field === 'code' || field === 'modifier' || field === 'description' || field === 'active'
      ? field
      : undefined;

/** A contract's issues by form field, in plain words. */
type Checked =
  { success: true } | { success: false; error: { issues: readonly { code: string; path: readonly PropertyKey[]; message: string }[] } };
function issuesOf(result: Checked): Partial<Record<FeeField, string>> {
  const out: Partial<Record<FeeField, string>> = {};
  if (result.success) return out;
  for (const issue of result.error.issues) {
    const field = formField(String(issue.path[0] ?? ''));
    if (field === undefined || out[field] !== undefined) continue;
    out[field] =
      field === 'description' && issue.code === 'too_small'
        ? 'Required.'
        : field === 'fee' && issue.code === 'too_big'
          ? 'At most $1,000,000.'
          : sentence(issue.message);
  }
  return out;
}

/** The server's words under the fields they name; true when any field was named. */
function showServerErrors(err: unknown, setErrors: (e: Partial<Record<FeeField, string>>) => void): boolean {
  const byField = fieldErrors(err);
  const known: Partial<Record<FeeField, string>> = {};
  for (const [f, message] of Object.entries(byField)) {
    const field = formField(f);
    if (field !== undefined) known[field] = sentence(message);
  }
  setErrors(known);
  return Object.keys(known).length > 0;
}

const createBody = (v: FeeValues) => ({
  code: v.code.trim().toUpperCase(),
  modifier: v.modifier.trim().toUpperCase(),
  description: v.description.trim(),
  feeCents: dollarsToCents(v.fee),
});
const updateBody = (v: FeeValues) => ({
  modifier: v.modifier.trim().toUpperCase(),
  description: v.description.trim(),
  feeCents: dollarsToCents(v.fee),
  active: v.active,
});

function FeeInput(props: NumberInputProps) {
  return (
    <NumberInput
      label="Fee"
      description="In dollars; empty: not set"
      prefix="$"
      decimalScale={2}
      fixedDecimalScale
      thousandSeparator=","
      min={0}
      max={1_000_000}
      allowNegative={false}
      hideControls
      {...props}
    />
  );
}

/**
 * The site's fee schedule: each service with its code, modifier, description, fee and whether it is
 * billed; the codes Kairos proposes are marked. Each row is edited in a dialog; services Kairos does
 * not propose are added below.
 */
export function FeeScheduleCard({
  siteId,
  fees,
  provenance,
  onChanged,
}: {
  siteId: string;
  fees: FeeScheduleItem[];
  provenance: string;
  onChanged: () => void;
}) {
  const [editing, setEditing] = useState<FeeScheduleItem>();
  const notSet = fees.filter((f) => f.active && f.feeCents === null).length;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={3}>Fee schedule</Title>
        <Text size="sm">
          The services this clinic bills and its fee for each. A charge for a service whose fee is not set cannot be finalised.
          {notSet > 0 && ` ${notSet} billed ${notSet === 1 ? 'service has' : 'services have'} no fee yet.`}
        </Text>
        <Table.ScrollContainer minWidth={760}>
          <Table withTableBorder striped aria-label="Fee schedule" data-testid="fee-schedule">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Code</Table.Th>
                <Table.Th>Modifier</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th ta="right">Fee</Table.Th>
                <Table.Th>Billed</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fees.map((f) => (
                <Table.Tr key={f.id} data-code={f.code} data-modifier={f.modifier} data-active={f.active ? 'true' : 'false'}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text fw={600} size="sm" ff="monospace">
                        {f.code}
                      </Text>
                      {f.proposedByKairos && (
                        <Badge
                          size="sm"
                          color="blue"
                          variant="outline"
                          miw="max-content"
                          title="Kairos proposes this code from what happened; your coder reviews it."
                        >
                          Proposed by Kairos
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td ff="monospace">{f.modifier === '' ? '—' : f.modifier}</Table.Td>
                  <Table.Td>{f.description}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {f.feeCents === null ? (
                      <Badge color="orange" variant="light" miw="max-content">
                        Not set
                      </Badge>
                    ) : (
                      formatCents(f.feeCents)
                    )}
                  </Table.Td>
                  <Table.Td>
                    {f.active ? (
                      'Billed'
                    ) : (
                      <Text span size="sm" c="dimmed">
                        Not billed
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setEditing(f)}
                      aria-label={`Edit ${f.code}${f.modifier === '' ? '' : ` ${f.modifier}`}`}
                    >
                      Edit…
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed" data-testid="billing-provenance">
          {provenance}
        </Text>
        <AddServiceForm siteId={siteId} onAdded={onChanged} />
      </Stack>
      <Modal
        opened={editing !== undefined}
        onClose={() => setEditing(undefined)}
        title={editing === undefined ? '' : `Service ${editing.code}${editing.modifier === '' ? '' : ` ${editing.modifier}`}`}
        centered
      >
        {editing !== undefined && (
          <EditServiceForm
            key={editing.id}
            siteId={siteId}
            item={editing}
            onCancel={() => setEditing(undefined)}
            onSaved={() => {
              setEditing(undefined);
              onChanged();
            }}
          />
        )}
      </Modal>
    </Paper>
  );
}

function EditServiceForm({
  siteId,
  item,
  onCancel,
  onSaved,
}: {
  siteId: string;
  item: FeeScheduleItem;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const form = useForm<FeeValues>({
    initialValues: {
      code: item.code,
      modifier: item.modifier,
      description: item.description,
      fee: centsToDollars(item.feeCents),
      active: item.active,
    },
    validate: (v) => issuesOf(FeeScheduleItemUpdateBodySchema.safeParse(updateBody(v))),
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(undefined);
    try {
      await updateFee(siteId, item.id, updateBody(values));
      onSaved();
    } catch (err) {
      if (!showServerErrors(err, form.setErrors)) setError(errorText(err, 'The service was not saved.'));
    } finally {
      setBusy(false);
    }
  });
  return (
    <form onSubmit={submit} noValidate data-testid="edit-fee-form">
      <Stack gap="sm">
        {item.proposedByKairos && (
          <Text size="sm" c="dimmed">
            Kairos proposes this code from what happened. Your coder decides whether the clinic bills it, and at what fee.
          </Text>
        )}
        <FeeInput {...form.getInputProps('fee')} data-autofocus />
        <TextInput label="Modifier" description="2 letters or digits, or none" maxLength={2} {...form.getInputProps('modifier')} />
        <TextInput label="Description" maxLength={200} {...form.getInputProps('description')} />
        <Switch
          label="Billed"
          description="A service not billed is never proposed on a charge."
          {...form.getInputProps('active', { type: 'checkbox' })}
        />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Save service
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const EMPTY: FeeValues = { code: '', modifier: '', description: '', fee: '', active: true };

function AddServiceForm({ siteId, onAdded }: { siteId: string; onAdded: () => void }) {
  const form = useForm<FeeValues>({
    initialValues: EMPTY,
    validate: (v) => issuesOf(FeeScheduleItemCreateBodySchema.safeParse(createBody(v))),
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(undefined);
    try {
      await addFee(siteId, createBody(values));
      form.setValues(EMPTY);
      form.resetDirty(EMPTY);
      onAdded();
    } catch (err) {
      if (!showServerErrors(err, form.setErrors)) setError(errorText(err, 'The service was not added.'));
    } finally {
      setBusy(false);
    }
  });
  return (
    <form onSubmit={submit} noValidate data-testid="add-fee-form">
      <Stack gap="sm">
        <Title order={4}>Add a service</Title>
        <Text size="sm" c="dimmed">
          A service the clinic bills that Kairos does not propose, with its CPT or HCPCS code.
        </Text>
        <Group align="flex-start" grow>
          <TextInput label="Code" description="5 letters or digits, e.g. 90785" maxLength={5} {...form.getInputProps('code')} />
          <TextInput label="Modifier" description="2 letters or digits, or none" maxLength={2} {...form.getInputProps('modifier')} />
          <FeeInput {...form.getInputProps('fee')} />
        </Group>
        <TextInput label="Description" maxLength={200} {...form.getInputProps('description')} />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            Add service
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
