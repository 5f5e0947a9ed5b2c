import { Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { errorText } from '../../api/use-resource';
import { AddByName, NamedItem } from './rename-control';
import { addChair, addRoom, updateChair, updateRoom, type Site } from './settings-api';
import { FormError } from '../../ui/form-error';

/** Rooms and their chairs: add, rename, deactivate (admin); everyone else reads. */
export function RoomsCard({ site, editable, onSaved }: { site: Site; editable: boolean; onSaved: (site: Site) => void }) {
  const [error, setError] = useState<string>();
  const run = async (change: () => Promise<Site>) => {
    setError(undefined);
    try {
      onSaved(await change());
    } catch (e) {
      setError(errorText(e, 'The change was not saved.'));
      throw e;
    }
  };
  const quiet = (change: () => Promise<Site>) => run(change).catch(() => undefined);
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm" data-testid="rooms">
        <Title order={4}>Rooms and chairs</Title>
        {site.rooms.length === 0 && <Text c="dimmed">No rooms yet.</Text>}
        {site.rooms.map((room) => (
          <Paper key={room.id} withBorder p="sm" radius="sm" data-testid={`room-${room.name}`}>
            <Stack gap={6}>
              <NamedItem
                kind="room"
                name={room.name}
                active={room.active}
                editable={editable}
                onSave={(c) => run(() => updateRoom(room.id, c))}
              />
              <Stack gap={4} pl="md">
                {room.chairs.length === 0 && (
                  <Text size="sm" c="dimmed">
                    No chairs
                  </Text>
                )}
                {room.chairs.map((chair) => (
                  <NamedItem
                    key={chair.id}
                    kind="chair"
                    name={chair.name}
                    active={chair.active}
                    editable={editable}
                    onSave={(c) => run(() => updateChair(chair.id, c))}
                  />
                ))}
                {editable && room.active && (
                  <AddByName
                    label={`New chair in ${room.name}`}
                    buttonLabel="Add chair"
                    onAdd={(name) => quiet(() => addChair(room.id, name))}
                  />
                )}
              </Stack>
            </Stack>
          </Paper>
        ))}
        {editable && <AddByName label="New room name" buttonLabel="Add room" onAdd={(name) => quiet(() => addRoom(site.id, name))} />}
        <FormError error={error} />
      </Stack>
    </Paper>
  );
}
