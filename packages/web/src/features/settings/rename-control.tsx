import { ActionIcon, Badge, Button, Group, Text, TextInput } from '@mantine/core';
import { useState } from 'react';

/** A room's or chair's name with Rename and Deactivate / Reactivate (when `editable`). */
export function NamedItem({
  kind,
  name,
  active,
  editable,
  onSave,
}: {
  kind: 'room' | 'chair';
  name: string;
  active: boolean;
  editable: boolean;
  onSave: (changes: { name?: string; active?: boolean }) => Promise<void>;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(name);
  const [busy, setBusy] = useState(false);
  const save = async (changes: { name?: string; active?: boolean }) => {
    setBusy(true);
    try {
      await onSave(changes);
      setEditing(false);
    } finally {
      setBusy(false);
    }
  };
  if (editing) {
    return (
      <Group gap="xs" wrap="nowrap">
        <TextInput size="xs" aria-label={`New ${kind} name`} value={text} onChange={(e) => setText(e.currentTarget.value)} data-autofocus />
        <Button
          size="xs"
          loading={busy}
          disabled={text.trim() === '' || text.trim() === name}
          onClick={() => void save({ name: text.trim() })}
        >
          Save
        </Button>
        <Button size="xs" variant="default" onClick={() => setEditing(false)}>
          Cancel
        </Button>
      </Group>
    );
  }
  return (
    <Group gap="xs" wrap="nowrap">
      <Text fw={kind === 'room' ? 600 : 400} c={active ? undefined : 'dimmed'} td={active ? undefined : 'line-through'}>
        {name}
      </Text>
      {!active && (
        <Badge size="xs" color="gray">
          inactive
        </Badge>
      )}
      {editable && (
        <>
          <ActionIcon
            size="sm"
            variant="subtle"
            aria-label={`Rename ${kind} ${name}`}
            onClick={() => {
              setText(name);
              setEditing(true);
            }}
          >
            ✎
          </ActionIcon>
          <Button
            size="compact-xs"
            variant="subtle"
            color={active ? 'red' : 'teal'}
            loading={busy}
            onClick={() => void save({ active: !active })}
            aria-label={`${active ? 'Deactivate' : 'Reactivate'} ${kind} ${name}`}
          >
            {active ? 'Deactivate' : 'Reactivate'}
          </Button>
        </>
      )}
    </Group>
  );
}

/** A name field and an Add button. */
export function AddByName({ label, buttonLabel, onAdd }: { label: string; buttonLabel: string; onAdd: (name: string) => Promise<void> }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim() === '') return;
        setBusy(true);
        onAdd(text.trim()).then(
          () => {
            setText('');
            setBusy(false);
          },
          () => setBusy(false),
        );
      }}
    >
      <Group gap="xs" wrap="nowrap">
        <TextInput size="xs" placeholder={label} aria-label={label} value={text} onChange={(e) => setText(e.currentTarget.value)} />
        <Button size="xs" variant="light" type="submit" loading={busy} disabled={text.trim() === ''}>
          {buttonLabel}
        </Button>
      </Group>
    </form>
  );
}
