import { Alert, Badge, Button, Checkbox, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { apiFetch, apiSend } from '../../api/client';
import { useAct } from './use-act';

const KINDS = ['nausea', 'vomiting', 'hypertension', 'tachycardia', 'bradycardia', 'desaturation', 'emergence-reaction', 'anxiety', 'other'] as const;
const SEVERITIES = ['mild', 'moderate', 'severe'] as const;

interface AdverseEvent {
  id: string;
  kind: string;
  description: string | null;
  severity: string;
  serious: boolean;
  occurredAt: string;
  actionTaken: string;
  reportedBy: string;
  reviewedAt: string | null;
  reviewNote: string | null;
}

/**
 * Adverse events of the session: the list, and a form to report one (serious ones go to the
 * medical director). The list is loaded again when `refreshKey` changes (an adverse-event live event).
 */
export function AdverseEventsCard({ sessionId, serverNowMs, timeZone, refreshKey }: { sessionId: string; serverNowMs: () => number; timeZone: string | undefined; refreshKey?: string }) {
  const [items, setItems] = useState<AdverseEvent[]>([]);
  const [kind, setKind] = useState<string | null>('nausea');
  const [severity, setSeverity] = useState<string | null>('mild');
  const [serious, setSerious] = useState(false);
  const [description, setDescription] = useState('');
  const [actionTaken, setActionTaken] = useState('');
  const { busy, error, act } = useAct();
  const load = useCallback(() => {
    apiFetch<{ items: AdverseEvent[] }>(`/api/sessions/${sessionId}/adverse-events`).then((r) => setItems(r.items), () => undefined);
  }, [sessionId]);
  useEffect(load, [load, refreshKey]);
  const time = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

  const report = () =>
    act(
      () =>
        apiSend('POST', `/api/sessions/${sessionId}/adverse-events`, {
          kind,
          severity,
          serious,
          occurredAt: new Date(serverNowMs()).toISOString(),
          actionTaken,
          ...(description.trim() === '' ? {} : { description }),
        }),
      () => {
        setActionTaken('');
        setDescription('');
        setSerious(false);
        load();
      },
    );

  return (
    <Paper withBorder p="md" radius="md" data-testid="adverse-events">
      <Title order={4} mb="sm">
        Adverse events
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          None reported.
        </Text>
      ) : (
        <Table>
          <Table.Tbody>
            {items.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{time(a.occurredAt)}</Table.Td>
                <Table.Td>
                  {a.kind.replace('-', ' ')} {a.description ? `(${a.description})` : ''}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">{a.severity}</Badge> {a.serious && <Badge color="red">serious: {a.reviewedAt ? 'reviewed' : 'awaiting review'}</Badge>}
                </Table.Td>
                <Table.Td>{a.actionTaken}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Stack gap="xs" mt="sm">
        <Group grow>
          <Select label="Kind" data={KINDS.map((k) => ({ value: k, label: k.replace('-', ' ') }))} value={kind} onChange={setKind} allowDeselect={false} />
          <Select label="Severity" data={[...SEVERITIES]} value={severity} onChange={setSeverity} allowDeselect={false} />
        </Group>
        {kind === 'other' && <TextInput label="What happened" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />}
        <TextInput label="Action taken" value={actionTaken} onChange={(e) => setActionTaken(e.currentTarget.value)} placeholder="e.g. ondansetron 4 mg IV; rate held" />
        <Checkbox label="Serious (the medical director is notified and reviews it)" checked={serious} onChange={(e) => setSerious(e.currentTarget.checked)} />
        {error !== undefined && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button onClick={() => void report()} loading={busy} disabled={actionTaken.trim().length < 2}>
            Report adverse event
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
