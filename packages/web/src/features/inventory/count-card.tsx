import { Alert, Badge, Button, Group, Modal, NativeSelect, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { formatMl } from '@kairos/core';
import { useState } from 'react';
import { SectionCard } from '../../ui/section-card';
import { StepUpDialog } from '../../ui/step-up-dialog';
import { useRoles } from '../../ui/use-roles';
import { problemText } from '../dosing-session/chair-words';
import { formatDate } from '../schedule/site-time';
import { doseText, recordCount, resolveDifference, type StockOverview } from './inventory-api';

const KIND_WORDS = { initial: 'Initial inventory', biennial: 'Biennial inventory', 'ad-hoc': 'Count' } as const;
const TIMING_WORDS = { opening: 'at opening', close: 'at close' } as const;

/**
 * Counts (issue 23, Must 6): every lot at a location counted at the opening or the close of
 * business; the differences from the ledger listed, each resolved with a reason by a prescriber or
 * the medical director who confirms with their password.
 */
export function CountCard({ siteId, data, onDone }: { siteId: string; data: StockOverview; onDone: () => void }) {
  const { has } = useRoles();
  const mayResolve = has('medical-director', 'prescriber');
  const empty = data.recentEntries.length === 0;
  const [locationId, setLocationId] = useState('');
  const location = data.locations.find((l) => l.id === locationId) ?? data.locations[0];
  const lines = data.lines.filter((l) => l.locationId === location?.id && (l.balance.ul > 0 || empty));
  const [kind, setKind] = useState<'initial' | 'biennial' | 'ad-hoc'>(empty ? 'initial' : 'ad-hoc');
  const [timing, setTiming] = useState<'opening' | 'close'>('close');
  const [takenOn, setTakenOn] = useState(data.today);
  const [counted, setCounted] = useState<Record<string, number | string>>({});
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [resolving, setResolving] = useState<string>();
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);

  const submit = () => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    recordCount(siteId, {
      kind,
      timing,
      takenOn,
      lines: lines.map((l) => ({ lotId: l.lotId, locationId: l.locationId, countedMl: Number(counted[l.lotId] ?? '') })),
    })
      .then((r) => {
        setDone(r.differences === 0 ? 'Recorded: the count matches the ledger.' : `Recorded: ${r.differences} difference(s) to resolve.`);
        setCounted({});
        onDone();
      })
      .catch((e: unknown) => setError(problemText(e)))
      .finally(() => setBusy(false));
  };
  const open = data.counts.flatMap((c) => c.differences.filter((d) => d.resolution === null));

  return (
    <SectionCard title="Counts" testId="count-card">
      <Group grow align="flex-end">
        <NativeSelect
          label="Location"
          value={location?.id ?? ''}
          onChange={(e) => setLocationId(e.currentTarget.value)}
          data={data.locations.map((l) => ({ value: l.id, label: l.name }))}
        />
        <NativeSelect
          label="Kind"
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as typeof kind)}
          data={(empty ? ['initial', 'ad-hoc', 'biennial'] : ['ad-hoc', 'biennial']).map((k) => ({
            value: k,
            label: KIND_WORDS[k as keyof typeof KIND_WORDS],
          }))}
        />
        <NativeSelect
          label="Taken"
          value={timing}
          onChange={(e) => setTiming(e.currentTarget.value as typeof timing)}
          data={[
            { value: 'opening', label: 'At opening' },
            { value: 'close', label: 'At close' },
          ]}
        />
        <TextInput label="On" type="date" value={takenOn} onChange={(e) => setTakenOn(e.currentTarget.value)} />
      </Group>
      {lines.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing in stock at {location?.name ?? 'this location'}.
        </Text>
      ) : (
        <Stack gap="xs">
          {lines.map((l) => (
            <NumberInput
              key={l.lotId}
              label={`Lot ${l.lotNumber} (${l.productName}), mL counted`}
              description={l.sealedVials > 0 ? `${l.sealedVials} sealed vial(s)${l.remnantUl > 0 ? ' and an open one' : ''}` : undefined}
              min={0}
              decimalScale={3}
              value={counted[l.lotId] ?? ''}
              onChange={(v) => setCounted((c) => ({ ...c, [l.lotId]: v }))}
            />
          ))}
          {error !== undefined && <Alert color="red">{error}</Alert>}
          {done !== undefined && <Alert color="green">{done}</Alert>}
          <Button onClick={submit} loading={busy} disabled={lines.some((l) => (counted[l.lotId] ?? '') === '')}>
            Record the count
          </Button>
        </Stack>
      )}
      {data.counts.length > 0 && (
        <Table withTableBorder data-testid="count-differences">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Count</Table.Th>
              <Table.Th>Lot and place</Table.Th>
              <Table.Th>Ledger</Table.Th>
              <Table.Th>Counted</Table.Th>
              <Table.Th>Difference</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.counts.map((c) =>
              c.differences.length === 0 ? (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    {KIND_WORDS[c.kind]} {TIMING_WORDS[c.timing]}, {formatDate(c.takenOn, false)}
                  </Table.Td>
                  <Table.Td colSpan={4}>{c.lines} lot(s) counted: as the ledger says</Table.Td>
                </Table.Tr>
              ) : (
                c.differences.map((d) => (
                  <Table.Tr key={d.lineId}>
                    <Table.Td>
                      {KIND_WORDS[c.kind]} {TIMING_WORDS[c.timing]}, {formatDate(c.takenOn, false)}
                    </Table.Td>
                    <Table.Td>
                      {d.lotNumber} · {d.locationName}
                    </Table.Td>
                    <Table.Td>{formatMl(BigInt(d.ledger.ul))}</Table.Td>
                    <Table.Td>{formatMl(BigInt(d.counted.ul))}</Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        <Text size="sm" c={d.difference.ul < 0 ? 'red' : undefined}>
                          {d.difference.ul > 0 ? '+' : ''}
                          {doseText(d.difference)}
                        </Text>
                        {d.resolution === null ? (
                          mayResolve ? (
                            <Button size="xs" variant="light" onClick={() => setResolving(d.lineId)}>
                              Resolve
                            </Button>
                          ) : (
                            <Badge color="orange" variant="light">
                              to resolve
                            </Badge>
                          )
                        ) : (
                          <Text size="xs" c="dimmed">
                            Resolved by {d.resolution.resolvedBy.displayName}: {d.resolution.reason}
                          </Text>
                        )}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))
              ),
            )}
          </Table.Tbody>
        </Table>
      )}
      {open.length > 0 && !mayResolve && (
        <Text size="sm" c="dimmed">
          A prescriber or the medical director resolves each difference.
        </Text>
      )}
      <Modal opened={resolving !== undefined && !confirming} onClose={() => setResolving(undefined)} title="Resolve a count’s difference">
        <Stack gap="sm">
          <Text size="sm">The ledger is adjusted to what was counted; the difference and your reason stay on the record.</Text>
          <TextInput label="Why the count differs" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button disabled={reason.trim().length < 3} onClick={() => setConfirming(true)}>
              Confirm with your password
            </Button>
          </Group>
        </Stack>
      </Modal>
      <StepUpDialog
        opened={confirming}
        onClose={() => {
          setConfirming(false);
          setResolving(undefined);
        }}
        purpose="stock.resolve-difference"
        who="self"
        title="Resolve the difference"
        description={`The ledger is adjusted to the count, with your reason: “${reason.trim()}”.`}
        onVerified={(token) => {
          const lineId = resolving;
          setConfirming(false);
          setResolving(undefined);
          if (lineId === undefined) return;
          resolveDifference(lineId, { reason: reason.trim(), stepUpToken: token })
            .then(() => {
              setReason('');
              onDone();
            })
            .catch((e: unknown) => setError(problemText(e)));
        }}
      />
    </SectionCard>
  );
}
