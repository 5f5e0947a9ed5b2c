import { Alert, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { SectionCard, NoneRecorded } from '../../ui/section-card';
import { useRoles } from '../../ui/use-roles';
import { problemText } from '../dosing-session/chair-words';
import { formatDate, formatTime } from '../schedule/site-time';
import { localDateOf } from '@kairos/core';
import { ENTRY_WORDS, doseText, reverseEntry, type StockOverview, type StockLedgerEntry } from './inventory-api';

/** The latest entries of the ledger, newest first; a prescriber or the medical director may correct one by a reversing entry with a reason. */
export function LedgerCard({ data, timeZone, onDone }: { data: StockOverview; timeZone: string; onDone: () => void }) {
  const { has } = useRoles();
  const mayReverse = has('medical-director', 'prescriber');
  const [reversing, setReversing] = useState<StockLedgerEntry>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <SectionCard title="Latest entries of the ledger" testId="ledger-card">
      {data.lossNotices.length > 0 && (
        <Alert color="red" title="Loss or theft reported" data-testid="loss-notices">
          {data.lossNotices.map((n) => (
            <Text size="sm" key={n.id}>
              {n.kind === 'theft' ? 'Theft' : 'Loss'} of {doseText(n.quantity)} of lot {n.lotNumber}, discovered{' '}
              {formatDate(n.discoveredOn)}: written notice to the DEA due by {formatDate(n.deaNoticeDueOn)} (21 CFR 1301.76(b)), then DEA
              Form 106.
            </Text>
          ))}
        </Alert>
      )}
      {data.recentEntries.length === 0 ? (
        <NoneRecorded text="Nothing recorded yet." />
      ) : (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th>Lot and place</Table.Th>
              <Table.Th>Amount</Table.Th>
              <Table.Th>By</Table.Th>
              {mayReverse && <Table.Th>Correction</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.recentEntries.map((e) => (
              <Table.Tr key={e.id} data-testid={`ledger-entry-${e.seq}`}>
                <Table.Td>
                  {formatDate(localDateOf(e.occurredAt, timeZone), false)} {formatTime(e.occurredAt, timeZone)}
                </Table.Td>
                <Table.Td>
                  {ENTRY_WORDS[e.kind]}
                  {e.reversedBy !== null && (
                    <Text size="xs" c="dimmed">
                      reversed
                    </Text>
                  )}
                  {e.reason !== null && (
                    <Text size="xs" c="dimmed">
                      {e.reason}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {e.lotNumber} · {e.locationName}
                  {e.toLocationName !== null && <> → {e.toLocationName}</>}
                </Table.Td>
                <Table.Td>{doseText({ ug: Math.abs(e.quantity.ug), ul: Math.abs(e.quantity.ul) })}</Table.Td>
                <Table.Td>
                  {e.recordedBy.displayName}
                  {e.witnesses.length > 0 && (
                    <Text size="xs" c="dimmed">
                      witnessed by {e.witnesses.map((w) => w.displayName).join(' and ')}
                    </Text>
                  )}
                </Table.Td>
                {mayReverse && (
                  <Table.Td>
                    {e.reversible && (
                      <Button size="xs" variant="subtle" onClick={() => setReversing(e)}>
                        Reverse
                      </Button>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={reversing !== undefined} onClose={() => setReversing(undefined)} title="Reverse an entry">
        <Stack gap="sm">
          <Text size="sm">
            The entry stays in the ledger; a new entry undoes its effect on stock.{' '}
            {reversing !== undefined && (
              <>
                {ENTRY_WORDS[reversing.kind]}: {doseText(reversing.quantity)} of lot {reversing.lotNumber}.
              </>
            )}
          </Text>
          <TextInput label="Reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          {error !== undefined && <Alert color="red">{error}</Alert>}
          <Group justify="flex-end">
            <Button
              loading={busy}
              disabled={reason.trim().length < 3}
              onClick={() => {
                if (reversing === undefined) return;
                setBusy(true);
                setError(undefined);
                reverseEntry(reversing.id, reason.trim())
                  .then(() => {
                    setReversing(undefined);
                    setReason('');
                    onDone();
                  })
                  .catch((e: unknown) => setError(problemText(e)))
                  .finally(() => setBusy(false));
              }}
            >
              Record the correction
            </Button>
          </Group>
        </Stack>
      </Modal>
    </SectionCard>
  );
}
