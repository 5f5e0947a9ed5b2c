import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { InlineForm } from './inline-form';
import { putEscort, type Escort } from './intake-api';
import { NoneRecorded, SectionCard } from './section-card';

/** The escort and emergency contact who takes the patient home after a session. */
export function EscortCard({ patientId, escort, onSaved }: { patientId: string; escort: Escort | null; onSaved(): void }) {
  const [editing, setEditing] = useState(false);
  const [v, setV] = useState<Escort>(escort ?? { name: '', phone: '', relationship: '' });
  return (
    <SectionCard
      title="Escort and emergency contact"
      testId="escort"
      action={
        !editing && (
          <Button
            size="xs"
            variant="light"
            className="no-print"
            onClick={() => {
              setV(escort ?? { name: '', phone: '', relationship: '' });
              setEditing(true);
            }}
          >
            {escort === null ? 'Add' : 'Edit'}
          </Button>
        )
      }
    >
      {editing ? (
        <Stack gap="xs">
          <InlineForm
            submitLabel="Save contact"
            onSubmit={async () => {
              await putEscort(patientId, { name: v.name.trim(), phone: v.phone.trim(), relationship: v.relationship.trim() });
              setEditing(false);
              onSaved();
            }}
          >
            {(errors) => (
              <>
                <TextInput label="Name" size="sm" value={v.name} onChange={(e) => setV({ ...v, name: e.currentTarget.value })} error={errors.name} />
                <TextInput label="Phone" size="sm" type="tel" value={v.phone} onChange={(e) => setV({ ...v, phone: e.currentTarget.value })} error={errors.phone} />
                <TextInput label="Relationship" size="sm" value={v.relationship} onChange={(e) => setV({ ...v, relationship: e.currentTarget.value })} error={errors.relationship} />
              </>
            )}
          </InlineForm>
          <Group>
            <Button size="xs" variant="default" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </Group>
        </Stack>
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
