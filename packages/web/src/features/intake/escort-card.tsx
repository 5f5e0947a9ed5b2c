import { EscortBodySchema } from '@kairos/api';
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { InlineForm } from './inline-form';
import { putEscort, type Escort } from './intake-api';
import { NoneRecorded, SectionCard } from '../../ui/section-card';

const NO_ESCORT: Escort = { name: '', phone: '', relationship: '' };

/** The escort and emergency contact who takes the patient home after a session. */
export function EscortCard({ patientId, escort, onSaved }: { patientId: string; escort: Escort | null; onSaved: () => void }) {
  const [editing, setEditing] = useState(false);
  return (
    <SectionCard
      title="Escort and emergency contact"
      testId="escort"
      action={
        !editing && (
          <Button size="xs" variant="light" className="no-print" onClick={() => setEditing(true)}>
            {escort === null ? 'Add' : 'Edit'}
          </Button>
        )
      }
    >
      {editing ? (
        <EscortForm
          patientId={patientId}
          initial={escort ?? NO_ESCORT}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onSaved();
          }}
        />
      ) : escort === null ? (
        <NoneRecorded text="No escort recorded: a patient must not drive or leave alone after a dosing session." />
      ) : (
        <Text>
          <b>{escort.name}</b> ({escort.relationship}) · {escort.phone}
        </Text>
      )}
    </SectionCard>
  );
}

/** The contract's rules for an escort (a name, a phone, a relationship), checked here before sending; the server's refusals show on the same fields. */
function EscortForm({
  patientId,
  initial,
  onCancel,
  onSaved,
}: {
  patientId: string;
  initial: Escort;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const form = useForm<Escort>({ initialValues: initial, validate: zod4Resolver(EscortBodySchema) });
  const field = (key: keyof Escort, errors: Record<string, string>) => ({
    ...form.getInputProps(key),
    error: form.errors[key] ?? errors[key],
  });
  return (
    <Stack gap="xs">
      <InlineForm
        submitLabel="Save contact"
        onSubmit={async () => {
          if (form.validate().hasErrors) return false;
          const v = form.getValues();
          await putEscort(patientId, { name: v.name.trim(), phone: v.phone.trim(), relationship: v.relationship.trim() });
          onSaved();
        }}
      >
        {(errors) => (
          <>
            <TextInput label="Name" size="sm" {...field('name', errors)} />
            <TextInput label="Phone" size="sm" type="tel" {...field('phone', errors)} />
            <TextInput label="Relationship" size="sm" {...field('relationship', errors)} />
          </>
        )}
      </InlineForm>
      <Group>
        <Button size="xs" variant="default" onClick={onCancel}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}
