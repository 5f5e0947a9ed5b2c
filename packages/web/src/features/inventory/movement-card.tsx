import { Alert, Button, Group, NativeSelect, NumberInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { formatMl } from '@kairos/core';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/client';
import { SectionCard } from '../../ui/section-card';
import { StepUpDialog } from '../../ui/step-up-dialog';
import { useRoles } from '../../ui/use-roles';
import { problemText } from '../dosing-session/chair-words';
import { formatDate } from '../schedule/site-time';
import { destroyStock, reportLoss, returnStock, transferStock, wasteRemnant, type StockOverview } from './inventory-api';

type Kind = 'transfer' | 'return' | 'destruction' | 'loss' | 'remnant';

const KIND_WORDS: Record<Kind, string> = {
  transfer: 'Move',
  return: 'Return',
  destruction: 'Destroy',
  loss: 'Loss or theft',
  remnant: 'Opened vial',
};

/**
 * Every movement of stock besides receipts and a session's draw: moving sealed vials between
 * locations, returning them, destroying them before two witnesses (a prescriber or the medical
 * director), reporting a loss or theft (the DEA notice's due day in the answer), and wasting an
 * opened vial's remnant with a witness.
 */
export function MovementCard({ siteId, data, onDone }: { siteId: string; data: StockOverview; onDone: () => void }) {
  const { has } = useRoles();
  const kinds: Kind[] = [
    'transfer',
    'return',
    ...(has('medical-director', 'prescriber') ? (['destruction'] as const) : []),
    'loss',
    'remnant',
  ];
  const [kind, setKind] = useState<Kind>('transfer');
  const [line, setLine] = useState('');
  const [f, setF] = useState({
    to: '',
    vials: 1 as number | string,
    ml: '' as number | string,
    day: data.today,
    text: '',
    name: '',
    address: '',
    dea: '',
    reference: '',
    lossKind: 'loss',
    police: '',
  });
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const [witnesses, setWitnesses] = useState<string[]>([]);
  const [asking, setAsking] = useState(false);
  const set = (k: keyof typeof f) => (v: string | number) => setF((x) => ({ ...x, [k]: v }));

  const lines = kind === 'remnant' ? data.lines.filter((l) => l.remnantUl > 0) : data.lines.filter((l) => l.balance.ul > 0);
  const chosen = lines.find((l) => `${l.lotId}|${l.locationId}` === line) ?? lines[0];
  const needWitnesses = kind === 'destruction' ? 2 : kind === 'remnant' ? 1 : 0;

  const run = async (tokens: string[]) => {
    if (chosen === undefined) return;
    setBusy(true);
    setError(undefined);
    setFields({});
    setDone(undefined);
    const at = { lotId: chosen.lotId, locationId: chosen.locationId };
    try {
      if (kind === 'transfer')
        await transferStock(siteId, { lotId: chosen.lotId, fromLocationId: chosen.locationId, toLocationId: f.to, vials: Number(f.vials) });
      if (kind === 'return')
        await returnStock(siteId, {
          ...at,
          vials: Number(f.vials),
          returnedOn: f.day,
          supplier: { name: f.name, address: f.address, deaNumber: f.dea.trim().toUpperCase() },
          reference: f.reference,
        });
      if (kind === 'destruction')
        await destroyStock(siteId, { ...at, vials: Number(f.vials), destroyedOn: f.day, method: f.text, witnessTokens: tokens });
      if (kind === 'remnant') await wasteRemnant(siteId, { ...at, volumeMl: Number(f.ml), reason: f.text, stepUpToken: tokens[0] ?? '' });
      if (kind === 'loss') {
        const r = await reportLoss(siteId, {
          ...at,
          volumeMl: Number(f.ml),
          kind: f.lossKind === 'theft' ? 'theft' : 'loss',
          discoveredOn: f.day,
          circumstances: f.text,
          ...(f.police.trim() === '' ? {} : { policeReport: f.police.trim() }),
        });
        setDone(
          `Recorded. Written notice to the DEA is due by ${formatDate(r.deaNoticeDueOn)} (one business day after discovery, 21 CFR 1301.76(b)); then file DEA Form 106.`,
        );
      } else setDone('Recorded.');
      onDone();
    } catch (e) {
      setError(problemText(e));
      setFields(fieldErrors(e));
    } finally {
      setBusy(false);
      setWitnesses([]);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (needWitnesses > 0) setAsking(true);
    else void run([]);
  };

  return (
    <SectionCard title="Record a movement" testId="movement-card">
      <SegmentedControl
        value={kind}
        onChange={(v) => setKind(v)}
        data={kinds.map((k) => ({ value: k, label: KIND_WORDS[k] }))}
        aria-label="Kind of movement"
      />
      {lines.length === 0 ? (
        <Text size="sm" c="dimmed">
          {kind === 'remnant' ? 'No vial is open.' : 'No stock to move.'}
        </Text>
      ) : (
        <form onSubmit={submit}>
          <Stack gap="xs">
            <NativeSelect
              label={kind === 'transfer' ? 'From' : 'Lot and location'}
              value={chosen === undefined ? '' : `${chosen.lotId}|${chosen.locationId}`}
              onChange={(e) => setLine(e.currentTarget.value)}
              data={lines.map((l) => ({
                value: `${l.lotId}|${l.locationId}`,
                label: `Lot ${l.lotNumber} · ${l.locationName} · ${kind === 'remnant' ? `${formatMl(BigInt(l.remnantUl))} in the open vial` : `${l.sealedVials} sealed, ${formatMl(BigInt(l.balance.ul))}`}${l.expired ? ' · expired' : ''}`,
              }))}
              error={fields.lotId}
            />
            {kind === 'transfer' && (
              <NativeSelect
                label="To"
                required
                value={f.to}
                onChange={(e) => set('to')(e.currentTarget.value)}
                data={[
                  { value: '', label: 'Choose…' },
                  ...data.locations.filter((l) => l.id !== chosen?.locationId).map((l) => ({ value: l.id, label: l.name })),
                ]}
                error={fields.toLocationId}
              />
            )}
            {(kind === 'transfer' || kind === 'return' || kind === 'destruction') && (
              <NumberInput
                label="Sealed vials"
                required
                min={1}
                allowDecimal={false}
                value={f.vials}
                onChange={set('vials')}
                error={fields.vials}
              />
            )}
            {(kind === 'loss' || kind === 'remnant') && (
              <NumberInput
                label={kind === 'remnant' ? 'Volume wasted (mL)' : 'Volume missing (mL)'}
                description={
                  kind === 'remnant' && chosen !== undefined ? `The whole remnant: ${formatMl(BigInt(chosen.remnantUl))}` : undefined
                }
                required
                min={0}
                decimalScale={3}
                value={f.ml}
                onChange={set('ml')}
                error={fields.volumeMl}
              />
            )}
            {kind === 'loss' && (
              <NativeSelect
                label="What happened"
                value={f.lossKind}
                onChange={(e) => set('lossKind')(e.currentTarget.value)}
                data={[
                  { value: 'loss', label: 'Loss' },
                  { value: 'theft', label: 'Theft' },
                ]}
              />
            )}
            {kind !== 'transfer' && kind !== 'remnant' && (
              <TextInput
                label={kind === 'loss' ? 'Discovered on' : kind === 'return' ? 'Returned on' : 'Destroyed on'}
                type="date"
                required
                value={f.day}
                onChange={(e) => set('day')(e.currentTarget.value)}
                error={fields.discoveredOn ?? fields.returnedOn ?? fields.destroyedOn}
              />
            )}
            {kind === 'return' && (
              <>
                <TextInput
                  label="Returned to"
                  required
                  value={f.name}
                  onChange={(e) => set('name')(e.currentTarget.value)}
                  error={fields.name}
                />
                <TextInput
                  label="Their address"
                  required
                  value={f.address}
                  onChange={(e) => set('address')(e.currentTarget.value)}
                  error={fields.address}
                />
                <Group grow>
                  <TextInput
                    label="Their DEA number"
                    required
                    value={f.dea}
                    onChange={(e) => set('dea')(e.currentTarget.value)}
                    error={fields.deaNumber}
                  />
                  <TextInput
                    label="Reference"
                    required
                    value={f.reference}
                    onChange={(e) => set('reference')(e.currentTarget.value)}
                    error={fields.reference}
                  />
                </Group>
              </>
            )}
            {(kind === 'destruction' || kind === 'loss' || kind === 'remnant') && (
              <TextInput
                label={kind === 'destruction' ? 'Method of destruction' : kind === 'loss' ? 'Circumstances' : 'Reason'}
                required
                value={f.text}
                onChange={(e) => set('text')(e.currentTarget.value)}
                error={fields.method ?? fields.circumstances ?? fields.reason}
              />
            )}
            {kind === 'loss' && (
              <TextInput label="Police report (if any)" value={f.police} onChange={(e) => set('police')(e.currentTarget.value)} />
            )}
            {error !== undefined && <Alert color="red">{error}</Alert>}
            {done !== undefined && (
              <Alert color="green" data-testid="movement-done">
                {done}
              </Alert>
            )}
            <Button type="submit" loading={busy}>
              {needWitnesses === 2 ? 'Destroy before two witnesses' : needWitnesses === 1 ? 'Waste with a witness' : 'Record'}
            </Button>
          </Stack>
        </form>
      )}
      <StepUpDialog
        opened={asking}
        onClose={() => {
          setAsking(false);
          setWitnesses([]);
        }}
        purpose={kind === 'destruction' ? 'stock.destruction-witness' : 'stock.waste-witness'}
        who="other-licensed"
        title={needWitnesses === 2 ? `Witness ${witnesses.length + 1} of 2` : 'Witness'}
        description="A licensed colleague who watches the ketamine leave the stock confirms with their password."
        onVerified={(token) => {
          const all = [...witnesses, token];
          if (all.length < needWitnesses) {
            setWitnesses(all);
            return;
          }
          setAsking(false);
          void run(all);
        }}
      />
    </SectionCard>
  );
}
