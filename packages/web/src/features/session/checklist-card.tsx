import { Alert, Badge, Button, Card, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useSession } from '../auth/session-context';
import { updateChecklist, type ChecklistItem, type ChecklistValues, type DosingSession } from './session-api';
import { useAct } from './use-act';

type BoolField = 'fastingConfirmed' | 'benzodiazepineHoldConfirmed' | 'stimulantHoldConfirmed' | 'pregnancyTestNegativeToday' | 'escortConfirmed';
const CHECKBOXES: Record<string, BoolField> = {
  fasting: 'fastingConfirmed',
  'benzodiazepine-hold': 'benzodiazepineHoldConfirmed',
  'stimulant-hold': 'stimulantHoldConfirmed',
  'pregnancy-test': 'pregnancyTestNegativeToday',
  escort: 'escortConfirmed',
};

function ItemStatus({ item }: { item: ChecklistItem }) {
  if (!item.required) return <Badge variant="outline" color="gray">not required</Badge>;
  return item.done ? (
    <Badge color="green" variant="light">
      <span aria-hidden="true">✓</span> done
    </Badge>
  ) : (
    <Badge color="orange" variant="light">
      <span aria-hidden="true">○</span> to do
    </Badge>
  );
}

/** The pre-dose checklist: checkboxes for what staff confirm, text for the intention (therapist) and the premedication. */
export function ChecklistCard({ session, onChange }: { session: DosingSession; onChange(s: DosingSession): void }) {
  const { session: me } = useSession();
  const roles = me?.user.roles ?? [];
  const editable = (session.state === 'checked-in' || session.state === 'pre-dose') && roles.some((r) => ['medical-director', 'prescriber', 'nurse', 'therapist'].includes(r));
  const mayIntend = roles.includes('therapist') || roles.includes('medical-director');
  const { busy, error, act } = useAct();
  // What was just ticked shows at once; the server's answer then replaces it (or the failure undoes it).
  const [pending, setPending] = useState<ChecklistValues>({});
  const save = (changes: ChecklistValues) => {
    setPending((p) => ({ ...p, ...changes }));
    void act(() => updateChecklist(session.id, changes), onChange).finally(() => setPending({}));
  };
  const { items, complete } = session.checklist;
  const values = { ...session.checklist.values, ...pending };

  return (
    <Card withBorder radius="md" data-testid="checklist">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Pre-dose checklist</Title>
          <Badge size="lg" color={complete ? 'green' : 'orange'} variant="filled">
            {complete ? '✓ complete' : `${items.filter((i) => i.required && !i.done).length} to do`}
          </Badge>
        </Group>
        {!editable && session.state === 'scheduled' && (
          <Text size="sm" c="dimmed">
            Opens at check-in.
          </Text>
        )}
        {items.map((item) => {
          const field = CHECKBOXES[item.id];
          if (field !== undefined) {
            return (
              <Group key={item.id} justify="space-between" wrap="nowrap" data-item={item.id}>
                <Checkbox size="lg" label={item.label} checked={values[field] === true} disabled={!editable} onChange={(e) => save({ [field]: e.currentTarget.checked })} />
                <ItemStatus item={item} />
              </Group>
            );
          }
          if (item.id === 'intention' || item.id === 'premedication') {
            const may = editable && (item.id === 'premedication' || mayIntend);
            return (
              <TextField
                key={item.id}
                item={item}
                value={values[item.id] ?? ''}
                editable={may}
                hint={item.id === 'intention' && !mayIntend ? 'Set by the therapist.' : undefined}
                busy={busy}
                onSave={(v) => save({ [item.id]: v })}
              />
            );
          }
          return (
            <Group key={item.id} justify="space-between" wrap="nowrap" data-item={item.id}>
              <Stack gap={2}>
                <Text>{item.label}</Text>
                {item.required && !item.done && item.detail !== undefined && (
                  <Text size="sm" c="orange.8" data-testid={`checklist-detail-${item.id}`}>
                    {item.detail}
                  </Text>
                )}
              </Stack>
              <ItemStatus item={item} />
            </Group>
          );
        })}
        {error !== undefined && <Alert color="red">{error}</Alert>}
      </Stack>
    </Card>
  );
}

function TextField({ item, value, editable, hint, busy, onSave }: { item: ChecklistItem; value: string; editable: boolean; hint?: string; busy: boolean; onSave(v: string): void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const label = item.id === 'intention' ? 'Intention (set with the therapist)' : 'Premedication (e.g. ondansetron 4 mg IV, or none)';
  return (
    <Stack gap={4} data-item={item.id}>
      <Group justify="space-between" wrap="nowrap" align="flex-end">
        <TextInput label={label} value={draft} onChange={(e) => setDraft(e.currentTarget.value)} readOnly={!editable} size="md" style={{ flex: 1 }} description={hint} />
        {editable && (
          <Button size="md" variant="light" disabled={busy || draft.trim() === value.trim() || draft.trim() === ''} onClick={() => onSave(draft.trim())}>
            Save
          </Button>
        )}
        <ItemStatus item={item} />
      </Group>
    </Stack>
  );
}
