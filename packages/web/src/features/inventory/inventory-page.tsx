import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { formatMl, localDateOf } from '@kairos/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { fieldErrors } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { LoadError } from '../../ui/load-error';
import { NoneRecorded, SectionCard } from '../../ui/section-card';
import { useRoles } from '../../ui/use-roles';
import { problemText } from '../dosing-session/chair-words';
import { formatDate, formatTime } from '../schedule/site-time';
import { useSites } from '../schedule/use-schedule-data';
import { CountCard } from './count-card';
import { LedgerCard } from './ledger-card';
import { MovementCard } from './movement-card';
import {
  addLocation,
  addProduct,
  amountText,
  getStock,
  receiveStock,
  recordDeaRegistration,
  setStockSettings,
  type StockOverview,
} from './inventory-api';
import { RecordsCard } from './records-card';

/**
 * /inventory: the site's ketamine stock (issue 23) for the licensed roles: the DEA registration,
 * every lot at every location (mg, mL, sealed vials, the opened vial's remnant, expiry), the
 * sessions whose draw is not yet accounted for, receipts, and the set-up (prescribers and the
 * medical director).
 */
export function InventoryPage() {
  const { has } = useRoles();
  const { sites } = useSites();
  const site = sites[0];
  if (!has('medical-director', 'prescriber', 'nurse')) {
    return (
      <Stack maw={640}>
        <Title order={2}>Inventory</Title>
        <Alert color="yellow" title="For licensed staff">
          The ketamine stock is kept by the medical director, prescribers and nurses.
        </Alert>
      </Stack>
    );
  }
  if (site === undefined) return <Loader aria-label="Loading" />;
  return <Inventory siteId={site.id} siteName={site.name} timeZone={site.timeZone} />;
}

function Inventory({ siteId, siteName, timeZone }: { siteId: string; siteName: string; timeZone: string }) {
  const { has } = useRoles();
  const stock = useResource(`stock|${siteId}`, () => getStock(siteId), 'The stock could not be loaded.');
  const configure = has('medical-director', 'prescriber');
  const { data } = stock;
  if (stock.state.status === 'error') return <LoadError state={stock.state} />;
  if (data === undefined) return <Loader aria-label="Loading the stock" />;
  const dea = data.deaRegistration;
  return (
    <Stack gap="md" data-testid="inventory-page">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2}>Ketamine stock</Title>
          <Text size="sm" c="dimmed">
            {siteName} · Schedule III controlled substance
          </Text>
        </Stack>
        {dea !== null ? (
          <Text size="sm" data-testid="dea-registration">
            DEA registration <b>{dea.number}</b>, schedules {dea.schedules.join(', ')}, expires {formatDate(dea.expiresOn)}
          </Text>
        ) : (
          <Badge color="orange" size="lg" variant="light">
            DEA registration not recorded
          </Badge>
        )}
      </Group>
      {data.openDraws.length > 0 && (
        <Alert color="orange" title="Draws to account for" data-testid="open-draws">
          <Stack gap={4}>
            {data.openDraws.map((d) => (
              <Text size="sm" key={d.drawId}>
                {d.patientName}: drawn {formatDate(localDateOf(d.drawnAt, timeZone))} at {formatTime(d.drawnAt, timeZone)} by{' '}
                {d.drawnBy.displayName}; {amountText(d.remaining)} still to give or waste ·{' '}
                <Anchor component={Link} to={`/sessions/${d.sessionId}`}>
                  open the session
                </Anchor>
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      <StockTable data={data} timeZone={timeZone} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <ReceiveForm siteId={siteId} data={data} onDone={stock.reload} />
        <MovementCard siteId={siteId} data={data} onDone={stock.reload} />
        {configure && <SetUp siteId={siteId} data={data} onDone={stock.reload} />}
      </SimpleGrid>
      <CountCard siteId={siteId} data={data} onDone={stock.reload} />
      <LedgerCard data={data} timeZone={timeZone} onDone={stock.reload} />
      <RecordsCard siteId={siteId} today={data.today} />
      <Text size="xs" c="dimmed">
        Expiry warnings {data.settings.expiryWarningDays} days ahead; an opened vial is usable until the end of the day it was opened
        {data.settings.openVialExtraDays > 0 ? ` plus ${data.settings.openVialExtraDays} day(s)` : ''} (site defaults, for the medical
        director to review).
      </Text>
    </Stack>
  );
}

function StockTable({ data, timeZone }: { data: StockOverview; timeZone: string }) {
  return (
    <SectionCard title="Stock by lot and location" testId="stock-table">
      {data.lines.length === 0 ? (
        <NoneRecorded text="No stock received yet." />
      ) : (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Lot</Table.Th>
              <Table.Th>Product</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>Location</Table.Th>
              <Table.Th>In stock</Table.Th>
              <Table.Th>Vials</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.lines.map((l) => (
              <Table.Tr key={`${l.lotId}|${l.locationId}`} data-testid={`stock-line-${l.lotNumber}-${l.locationName}`}>
                <Table.Td>{l.lotNumber}</Table.Td>
                <Table.Td>{l.productName}</Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    {formatDate(l.expiresOn)}
                    {l.expired && (
                      <Badge color="red" variant="filled">
                        expired
                      </Badge>
                    )}
                    {l.expiresSoon && (
                      <Badge color="orange" variant="light">
                        expires soon
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{l.locationName}</Table.Td>
                <Table.Td data-testid="stock-balance">{amountText(l.balance)}</Table.Td>
                <Table.Td>
                  {l.sealedVials} sealed
                  {l.remnantUl > 0 && (
                    <>
                      {' '}
                      + an open vial with {formatMl(BigInt(l.remnantUl))}
                      {l.remnantUsableUntil !== null && <> (usable until the end of {usableDay(l.remnantUsableUntil, timeZone)})</>}
                    </>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SectionCard>
  );
}

/** The site-local day a remnant is usable through: its limit is that day's end (the next local midnight). */
function usableDay(until: string, timeZone: string): string {
  return formatDate(localDateOf(new Date(Date.parse(until) - 1), timeZone), false);
}

/** Runs a record, keeping a refusal's words and its field problems. */
function useRecord() {
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>, onDone: () => void) => {
    setBusy(true);
    setError(undefined);
    setFields({});
    try {
      await fn();
      onDone();
      return true;
    } catch (e) {
      setError(problemText(e));
      setFields(fieldErrors(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { error, fields, busy, run };
}

function ReceiveForm({ siteId, data, onDone }: { siteId: string; data: StockOverview; onDone: () => void }) {
  const { error, fields, busy, run } = useRecord();
  const [f, setF] = useState({
    productId: '',
    lotNumber: '',
    expiresOn: '',
    locationId: '',
    vials: 1 as number | string,
    receivedOn: data.today,
    supplierName: '',
    supplierAddress: '',
    supplierDea: '',
    invoiceRef: '',
  });
  const set = (k: keyof typeof f) => (v: string | number) => setF((x) => ({ ...x, [k]: v }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await run(
      () =>
        receiveStock(siteId, {
          productId: f.productId,
          lotNumber: f.lotNumber,
          expiresOn: f.expiresOn,
          locationId: f.locationId,
          vials: Number(f.vials),
          receivedOn: f.receivedOn,
          supplier: { name: f.supplierName, address: f.supplierAddress, deaNumber: f.supplierDea.trim().toUpperCase() },
          invoiceRef: f.invoiceRef,
        }),
      onDone,
    );
    if (done) setF((x) => ({ ...x, lotNumber: '', expiresOn: '', vials: 1, invoiceRef: '' }));
  };
  if (data.products.length === 0 || data.locations.length === 0) {
    return (
      <SectionCard title="Receive stock" testId="receive-form">
        <NoneRecorded text="Add a product and a storage location first (a prescriber or the medical director)." />
      </SectionCard>
    );
  }
  return (
    <SectionCard title="Receive stock" testId="receive-form">
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="xs">
          <NativeSelect
            label="Product"
            required
            value={f.productId}
            onChange={(e) => set('productId')(e.currentTarget.value)}
            data={[{ value: '', label: 'Choose…' }, ...data.products.map((p) => ({ value: p.id, label: `${p.name} (NDC ${p.ndc})` }))]}
            error={fields.productId}
          />
          <Group grow>
            <TextInput
              label="Lot number"
              required
              value={f.lotNumber}
              onChange={(e) => set('lotNumber')(e.currentTarget.value)}
              error={fields.lotNumber}
            />
            <TextInput
              label="Lot expiry"
              type="date"
              required
              value={f.expiresOn}
              onChange={(e) => set('expiresOn')(e.currentTarget.value)}
              error={fields.expiresOn}
            />
          </Group>
          <Group grow>
            <NativeSelect
              label="Into"
              required
              value={f.locationId}
              onChange={(e) => set('locationId')(e.currentTarget.value)}
              data={[{ value: '', label: 'Choose…' }, ...data.locations.map((l) => ({ value: l.id, label: l.name }))]}
              error={fields.locationId}
            />
            <NumberInput label="Vials" required min={1} allowDecimal={false} value={f.vials} onChange={set('vials')} error={fields.vials} />
            <TextInput
              label="Received on"
              type="date"
              required
              value={f.receivedOn}
              onChange={(e) => set('receivedOn')(e.currentTarget.value)}
              error={fields.receivedOn}
            />
          </Group>
          <TextInput
            label="Supplier"
            required
            value={f.supplierName}
            onChange={(e) => set('supplierName')(e.currentTarget.value)}
            error={fields.name}
          />
          <TextInput
            label="Supplier’s address"
            required
            value={f.supplierAddress}
            onChange={(e) => set('supplierAddress')(e.currentTarget.value)}
            error={fields.address}
          />
          <Group grow>
            <TextInput
              label="Supplier’s DEA number"
              required
              value={f.supplierDea}
              onChange={(e) => set('supplierDea')(e.currentTarget.value)}
              error={fields.deaNumber}
            />
            <TextInput
              label="Invoice or order"
              required
              value={f.invoiceRef}
              onChange={(e) => set('invoiceRef')(e.currentTarget.value)}
              error={fields.invoiceRef}
            />
          </Group>
          {error !== undefined && <Alert color="red">{error}</Alert>}
          <Button type="submit" loading={busy}>
            Record the receipt
          </Button>
        </Stack>
      </form>
    </SectionCard>
  );
}

function SetUp({ siteId, data, onDone }: { siteId: string; data: StockOverview; onDone: () => void }) {
  const { has } = useRoles();
  const dea = useRecord();
  const product = useRecord();
  const location = useRecord();
  const [d, setD] = useState({ number: '', expiresOn: '' });
  const [p, setP] = useState({
    name: 'Ketamine hydrochloride',
    strengthMgPerMl: 50 as number | string,
    vialVolumeMl: 10 as number | string,
    ndc: '',
  });
  const [loc, setLoc] = useState('');
  return (
    <SectionCard title="Set-up" testId="stock-set-up">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void dea.run(
            () => recordDeaRegistration(siteId, { number: d.number.trim().toUpperCase(), schedules: ['3'], expiresOn: d.expiresOn }),
            onDone,
          );
        }}
      >
        <Group align="flex-end" grow>
          <TextInput
            label="Site DEA registration"
            required
            value={d.number}
            onChange={(e) => setD({ ...d, number: e.currentTarget.value })}
            error={dea.fields.number}
          />
          <TextInput
            label="Registration expires"
            type="date"
            required
            value={d.expiresOn}
            onChange={(e) => setD({ ...d, expiresOn: e.currentTarget.value })}
            error={dea.fields.expiresOn}
          />
          <Button type="submit" variant="light" loading={dea.busy}>
            {data.deaRegistration === null ? 'Record' : 'Replace'}
          </Button>
        </Group>
        {dea.error !== undefined && (
          <Text c="red" size="sm">
            {dea.error}
          </Text>
        )}
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void product.run(
            () =>
              addProduct(siteId, {
                name: p.name,
                strengthMgPerMl: Number(p.strengthMgPerMl),
                vialVolumeMl: Number(p.vialVolumeMl),
                ndc: p.ndc.trim(),
              }),
            onDone,
          );
        }}
      >
        <Stack gap="xs">
          <Group grow>
            <TextInput
              label="Product"
              required
              value={p.name}
              onChange={(e) => setP({ ...p, name: e.currentTarget.value })}
              error={product.fields.name}
            />
            <TextInput
              label="NDC"
              required
              value={p.ndc}
              onChange={(e) => setP({ ...p, ndc: e.currentTarget.value })}
              error={product.fields.ndc}
            />
          </Group>
          <Group grow align="flex-end">
            <NumberInput
              label="Strength (mg/mL)"
              required
              min={1}
              allowDecimal={false}
              value={p.strengthMgPerMl}
              onChange={(v) => setP({ ...p, strengthMgPerMl: v })}
              error={product.fields.strengthMgPerMl}
            />
            <NumberInput
              label="Vial volume (mL)"
              required
              min={0.001}
              decimalScale={3}
              value={p.vialVolumeMl}
              onChange={(v) => setP({ ...p, vialVolumeMl: v })}
              error={product.fields.vialVolumeMl}
            />
            <Button type="submit" variant="light" loading={product.busy}>
              Add product
            </Button>
          </Group>
          {product.error !== undefined && (
            <Text c="red" size="sm">
              {product.error}
            </Text>
          )}
        </Stack>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void location.run(
            () => addLocation(siteId, loc.trim()),
            () => {
              setLoc('');
              onDone();
            },
          );
        }}
      >
        <Group align="flex-end" grow>
          <TextInput
            label="Storage location"
            required
            placeholder="Safe, crash cart…"
            value={loc}
            onChange={(e) => setLoc(e.currentTarget.value)}
            error={location.fields.name}
          />
          <Button type="submit" variant="light" loading={location.busy}>
            Add location
          </Button>
        </Group>
        {location.error !== undefined && (
          <Text c="red" size="sm">
            {location.error}
          </Text>
        )}
      </form>
      {has('medical-director') && <SettingsForm siteId={siteId} data={data} onDone={onDone} />}
      <Paper p="xs" withBorder>
        <Text size="sm">
          Products:{' '}
          {data.products.length === 0
            ? 'none'
            : data.products.map((x) => `${x.name} ${x.strengthMgPerMl} mg/mL, ${formatMl(BigInt(x.vialVolumeUl))} vial`).join('; ')}
        </Text>
        <Text size="sm">Locations: {data.locations.length === 0 ? 'none' : data.locations.map((x) => x.name).join(', ')}</Text>
      </Paper>
    </SectionCard>
  );
}

/** The medical director's stock settings (site defaults to review): expiry warning days, days an opened vial is kept. */
function SettingsForm({ siteId, data, onDone }: { siteId: string; data: StockOverview; onDone: () => void }) {
  const settings = useRecord();
  const [warn, setWarn] = useState<number | string>(data.settings.expiryWarningDays);
  const [extra, setExtra] = useState<number | string>(data.settings.openVialExtraDays);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void settings.run(() => setStockSettings(siteId, { expiryWarningDays: Number(warn), openVialExtraDays: Number(extra) }), onDone);
      }}
    >
      <Group align="flex-end" grow>
        <NumberInput
          label="Expiry warning (days ahead)"
          min={0}
          max={365}
          allowDecimal={false}
          value={warn}
          onChange={setWarn}
          error={settings.fields.expiryWarningDays}
        />
        <NumberInput
          label="Opened vial kept (extra days)"
          min={0}
          max={30}
          allowDecimal={false}
          value={extra}
          onChange={setExtra}
          error={settings.fields.openVialExtraDays}
        />
        <Button type="submit" variant="light" loading={settings.busy}>
          Save settings
        </Button>
      </Group>
      {settings.error !== undefined && (
        <Text c="red" size="sm">
          {settings.error}
        </Text>
      )}
    </form>
  );
}
