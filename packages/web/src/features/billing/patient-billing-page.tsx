import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Loader,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { PAYMENT_METHODS, type PaymentBody } from '@kairos/api';
import { errorText, formatInstant, useResource } from '../../api/use-resource';
import { fieldErrors } from '../../api/client';
import { FormError } from '../../ui/form-error';
import { LoadError } from '../../ui/load-error';
import { ReasonModal } from '../../ui/reason-modal';
import { Stat } from '../../ui/stat';
import { useRoles } from '../../ui/use-roles';
import { formatDay } from '../measures/labels';
import { patientName } from '../patients/patients-api';
import { usePatient } from '../patients/use-patient';
import {
  downloadPdf,
  finaliseCharges,
  formatMoney,
  getBillableEvents,
  getPatientBilling,
  recordPayment,
  reverseCharge,
  setInsurance,
  superbillUrl,
  type BillableEvent,
  type ChargeLine,
  type PatientBilling,
} from './patient-billing-api';

const METHOD_LABELS: Record<(typeof PAYMENT_METHODS)[number], string> = {
  card: 'Card',
  cash: 'Cash',
  check: 'Check',
  transfer: 'Bank transfer',
  other: 'Other',
};

/**
 * /patients/:id/billing (coordinators and medical directors): the visits Kairos can bill with the
 * codes it proposes from what happened, finalised after review; the charges (a line changes only by
 * a reversal with a reason); payments; and the superbill for a visit or a range of days.
 */
export function PatientBillingPage() {
  const { id = '' } = useParams();
  const { state: patientState } = usePatient(id);
  const { has } = useRoles();
  const billing = useResource(`patient-billing:${id}`, () => getPatientBilling(id), 'The charges could not be loaded.');
  const events = useResource(`billable-events:${id}`, () => getBillableEvents(id), 'The visits could not be loaded.');
  const changed = (b: PatientBilling) => {
    billing.replace(b);
    events.reload();
  };
  const name = patientState.status === 'done' ? patientName(patientState.patient) : 'Patient';

  return (
    <Stack data-testid="patient-billing">
      <Anchor component={Link} to={`/patients/${id}`} size="sm">
        ← {name}
      </Anchor>
      <Title order={2}>Billing: {name}</Title>
      <Text size="sm" c="dimmed">
        Kairos proposes the codes from what happened; you review them before they are billed. The codes and fees are the clinic’s:{' '}
        {has('coordinator', 'admin') ? (
          <Anchor component={Link} to="/settings" size="sm">
            Settings, Billing
          </Anchor>
        ) : (
          'Settings, Billing'
        )}
        .
      </Text>
      <LoadError state={billing.state} />
      {billing.data !== undefined && (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Stat label="Charged" value={formatMoney(billing.data.chargedCents)} testId="billing-charged" />
          <Stat label="Paid" value={formatMoney(billing.data.paidCents)} testId="billing-paid" />
          <Stat
            label={billing.data.balanceCents < 0 ? 'Balance (in credit)' : 'Balance'}
            value={formatMoney(billing.data.balanceCents)}
            testId="billing-balance"
          />
        </SimpleGrid>
      )}
      <Title order={3}>Visits</Title>
      <LoadError state={events.state} />
      {events.data === undefined && events.state.status === 'loading' && <Loader aria-label="Loading visits" />}
      {events.data !== undefined && events.data.items.length === 0 && <Text c="dimmed">No visit to bill yet.</Text>}
      {events.data?.items.map((e) => (
        <VisitCard key={e.id} event={e} diagnoses={events.data?.diagnoses ?? []} onFinalised={changed} />
      ))}
      {billing.data !== undefined && <ChargesCard billing={billing.data} onChanged={changed} />}
      {billing.data !== undefined && <PaymentsCard patientId={id} billing={billing.data} onChanged={changed} />}
      {billing.data !== undefined && <InsuranceCard patientId={id} billing={billing.data} onSaved={changed} />}
      <SuperbillCard patientId={id} />
    </Stack>
  );
}

function eventState(e: BillableEvent): { label: string; color: string } {
  if (e.finalised) return { label: 'Finalised', color: 'green' };
  if (!e.final) return { label: 'Not over yet', color: 'gray' };
  if (e.lines.length === 0) return { label: 'Nothing to bill', color: 'gray' };
  return { label: 'To review', color: 'orange' };
}

function VisitCard({
  event,
  diagnoses,
  onFinalised,
}: {
  event: BillableEvent;
  diagnoses: { code: string; text: string | null }[];
  onFinalised: (b: PatientBilling) => void;
}) {
  const [reviewing, setReviewing] = useState(false);
  const s = eventState(event);
  return (
    <Paper withBorder p="md" radius="md" data-testid="billable-visit" data-title={event.title} data-state={s.label}>
      <Group justify="space-between" mb="xs">
        <Group gap="sm">
          <Text fw={700}>{event.title}</Text>
          <Text size="sm">{formatDay(event.serviceDate)}</Text>
          <Badge color={s.color} variant="light">
            {s.label}
          </Badge>
        </Group>
        {event.final && !event.finalised && event.lines.length > 0 && (
          <Button size="xs" onClick={() => setReviewing(true)}>
            Review and finalise…
          </Button>
        )}
      </Group>
      {event.rendering !== null && (
        <Text size="sm" mb="xs">
          Rendered by {event.rendering.name}
          {event.rendering.npi === null ? ' (NPI not entered: Settings, Users)' : `, NPI ${event.rendering.npi}`}
        </Text>
      )}
      {event.lines.length > 0 && <ProposedLines event={event} />}
      {event.notes.length > 0 && (
        <List size="sm" c="dimmed" mt="xs">
          {event.notes.map((n) => (
            <List.Item key={n}>{capitalise(n)}.</List.Item>
          ))}
        </List>
      )}
      <FinaliseModal
        event={event}
        diagnoses={diagnoses}
        opened={reviewing}
        onClose={() => setReviewing(false)}
        onDone={(b) => {
          setReviewing(false);
          onFinalised(b);
        }}
      />
    </Paper>
  );
}

function ProposedLines({ event }: { event: BillableEvent }) {
  return (
    <Table withTableBorder aria-label={`Codes proposed for the ${event.title.toLowerCase()}`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Code</Table.Th>
          <Table.Th>Description</Table.Th>
          <Table.Th>Why</Table.Th>
          <Table.Th ta="right">Units</Table.Th>
          <Table.Th ta="right">Fee</Table.Th>
          <Table.Th ta="right">Amount</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {event.lines.map((l) => (
          <Table.Tr key={l.code} data-code={l.code}>
            <Table.Td fw={600}>
              {l.code}
              {l.modifier === '' ? '' : `-${l.modifier}`}
            </Table.Td>
            <Table.Td>
              {l.description}
              {l.ndc !== undefined && (
                <Text size="xs" c="dimmed">
                  NDC {l.ndc}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Text size="xs">{capitalise(l.why)}</Text>
            </Table.Td>
            <Table.Td ta="right">{l.units}</Table.Td>
            <Table.Td ta="right">{l.feeCents === null ? <Badge color="orange">fee not set</Badge> : formatMoney(l.feeCents)}</Table.Td>
            <Table.Td ta="right">{l.amountCents === null ? '—' : formatMoney(l.amountCents)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The coordinator's review: each proposed line kept or left out, its units changed; then finalised. */
function FinaliseModal({
  event,
  diagnoses,
  opened,
  onClose,
  onDone,
}: {
  event: BillableEvent;
  diagnoses: { code: string; text: string | null }[];
  opened: boolean;
  onClose: () => void;
  onDone: (b: PatientBilling) => void;
}) {
  const [rows, setRows] = useState(() => event.lines.map((l) => ({ code: l.code, modifier: l.modifier, units: l.units, keep: true })));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const kept = rows.filter((r) => r.keep);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onDone(await finaliseCharges(event, { lines: kept.map(({ code, modifier, units }) => ({ code, modifier, units })) }));
    } catch (err) {
      setError(errorText(err, 'The charges were not finalised.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Finalise the charges: ${event.title.toLowerCase()}, ${formatDay(event.serviceDate)}`}
      size="lg"
      centered
    >
      <Stack data-testid="finalise-charges">
        <Text size="sm">Once finalised, a line changes only by a reversal with a reason.</Text>
        {rows.map((r, i) => {
          const line = event.lines[i];
          return (
            <Group key={r.code} justify="space-between" data-code={r.code}>
              <Checkbox
                label={`${r.code}${r.modifier === '' ? '' : `-${r.modifier}`} ${line?.description ?? ''}`}
                checked={r.keep}
                onChange={(e) => {
                  const keep = e.currentTarget.checked;
                  setRows((all) => all.map((x, j) => (j === i ? { ...x, keep } : x)));
                }}
              />
              <NumberInput
                aria-label={`Units of ${r.code}`}
                w={100}
                min={1}
                max={9999}
                allowDecimal={false}
                value={r.units}
                onChange={(v) => setRows((all) => all.map((x, j) => (j === i ? { ...x, units: typeof v === 'number' ? v : 1 } : x)))}
              />
            </Group>
          );
        })}
        <div>
          <Text size="sm" fw={600}>
            Diagnoses
          </Text>
          {diagnoses.length === 0 ? (
            <Text size="sm" c="red">
              No diagnosis is recorded for this patient: record it on the patient’s page before billing.
            </Text>
          ) : (
            <List size="sm">
              {diagnoses.map((d) => (
                <List.Item key={d.code}>
                  {d.code} {d.text ?? ''}
                </List.Item>
              ))}
            </List>
          )}
        </div>
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} loading={busy} disabled={kept.length === 0}>
            Finalise {kept.length} line{kept.length === 1 ? '' : 's'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ChargesCard({ billing, onChanged }: { billing: PatientBilling; onChanged: (b: PatientBilling) => void }) {
  const [reversing, setReversing] = useState<ChargeLine>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <Stack gap="xs">
      <Title order={3}>Charges</Title>
      {billing.lines.length === 0 ? (
        <Text c="dimmed">No charge finalised yet.</Text>
      ) : (
        <Table withTableBorder striped aria-label="Charges" data-testid="charges">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Date</Table.Th>
              <Table.Th>Code</Table.Th>
              <Table.Th>Description</Table.Th>
              <Table.Th>Clinician</Table.Th>
              <Table.Th ta="right">Units</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {billing.lines.map((l) => (
              <Table.Tr key={l.id} data-code={l.code} data-reversal={l.reversesId !== null ? 'true' : 'false'}>
                <Table.Td>{formatDay(l.serviceDate)}</Table.Td>
                <Table.Td fw={600}>
                  {l.code}
                  {l.modifier === '' ? '' : `-${l.modifier}`}
                </Table.Td>
                <Table.Td>
                  {l.reversesId !== null ? `Reversal: ${l.description}` : l.description}
                  {l.reason !== null && (
                    <Text size="xs" c="dimmed">
                      Reason: {l.reason}
                    </Text>
                  )}
                  {l.reversedById !== null && (
                    <Badge color="gray" variant="light" size="sm">
                      Reversed
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{l.rendering?.name ?? '—'}</Table.Td>
                <Table.Td ta="right">{l.units}</Table.Td>
                <Table.Td ta="right">{formatMoney(l.amountCents)}</Table.Td>
                <Table.Td ta="right">
                  {l.reversesId === null && l.reversedById === null && (
                    <Button size="xs" variant="light" color="red" onClick={() => setReversing(l)}>
                      Reverse…
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ReasonModal
        opened={reversing !== undefined}
        title={reversing === undefined ? '' : `Reverse ${reversing.code} of ${formatDay(reversing.serviceDate)}`}
        label="Why is this charge taken back?"
        confirm="Reverse the charge"
        color="red"
        minLength={5}
        busy={busy}
        error={error}
        onClose={() => {
          setReversing(undefined);
          setError(undefined);
        }}
        onSubmit={(reason) => {
          if (reversing === undefined) return;
          setBusy(true);
          setError(undefined);
          reverseCharge(reversing.id, reason)
            .then((b) => {
              setReversing(undefined);
              onChanged(b);
            })
            .catch((err: unknown) => setError(errorText(err, 'The charge was not reversed.')))
            .finally(() => setBusy(false));
        }}
      />
    </Stack>
  );
}

function PaymentsCard({
  patientId,
  billing,
  onChanged,
}: {
  patientId: string;
  billing: PatientBilling;
  onChanged: (b: PatientBilling) => void;
}) {
  return (
    <Stack gap="xs">
      <Title order={3}>Payments</Title>
      {billing.payments.length === 0 ? (
        <Text c="dimmed">No payment recorded yet.</Text>
      ) : (
        <Table withTableBorder striped aria-label="Payments" data-testid="payments">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Date</Table.Th>
              <Table.Th>Method</Table.Th>
              <Table.Th>Reference</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
              <Table.Th>Recorded</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {billing.payments.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{formatDay(p.paidOn)}</Table.Td>
                <Table.Td>{METHOD_LABELS[p.method]}</Table.Td>
                <Table.Td>{p.reference ?? '—'}</Table.Td>
                <Table.Td ta="right">{formatMoney(p.amountCents)}</Table.Td>
                <Table.Td>{formatInstant(p.recordedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {billing.balanceCents > 0 && <PaymentForm patientId={patientId} balanceCents={billing.balanceCents} onRecorded={onChanged} />}
    </Stack>
  );
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function PaymentForm({
  patientId,
  balanceCents,
  onRecorded,
}: {
  patientId: string;
  balanceCents: number;
  onRecorded: (b: PatientBilling) => void;
}) {
  const [method, setMethod] = useState<PaymentBody['method']>('card');
  const [paidOn, setPaidOn] = useState(today);
  const [amount, setAmount] = useState<number | string>('');
  const [reference, setReference] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (typeof amount !== 'number' || amount <= 0) {
      setErrors({ amountCents: 'Enter the amount paid.' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const b = await recordPayment(patientId, {
        method,
        paidOn,
        amountCents: Math.round(amount * 100),
        ...(reference.trim() === '' ? {} : { reference: reference.trim() }),
      });
      setAmount('');
      setReference('');
      onRecorded(b);
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(byField);
      if (Object.keys(byField).length === 0) setError(errorText(err, 'The payment was not recorded.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="payment-form">
        <Stack gap="sm">
          <Title order={4}>Record a payment</Title>
          <Group align="flex-start">
            <Select
              label="Method"
              data={PAYMENT_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))}
              value={method}
              onChange={(v) => v !== null && setMethod(v)}
              allowDeselect={false}
              w={170}
            />
            <TextInput
              label="Date paid"
              type="date"
              value={paidOn}
              onChange={(e) => setPaidOn(e.currentTarget.value)}
              error={errors.paidOn}
              w={170}
            />
            <NumberInput
              label="Amount"
              description={`At most the balance, ${formatMoney(balanceCents)}`}
              prefix="$"
              decimalScale={2}
              min={0}
              thousandSeparator=","
              value={amount}
              onChange={setAmount}
              error={errors.amountCents}
              w={200}
            />
            <TextInput
              label="Reference"
              description="Receipt or check number (optional)"
              maxLength={100}
              value={reference}
              onChange={(e) => setReference(e.currentTarget.value)}
              error={errors.reference}
            />
          </Group>
          <FormError error={error} />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              Record the payment
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The insurer, member id and group number the superbill prints (the patient claims out of network). */
function InsuranceCard({
  patientId,
  billing,
  onSaved,
}: {
  patientId: string;
  billing: PatientBilling;
  onSaved: (b: PatientBilling) => void;
}) {
  const [insurer, setInsurer] = useState(billing.insurance?.insurer ?? '');
  const [memberId, setMemberId] = useState(billing.insurance?.memberId ?? '');
  const [groupNumber, setGroupNumber] = useState(billing.insurance?.groupNumber ?? '');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    setError(undefined);
    setErrors({});
    try {
      onSaved(await setInsurance(patientId, { insurer, memberId, groupNumber: groupNumber.trim() === '' ? null : groupNumber }));
      setSaved(true);
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(byField);
      if (Object.keys(byField).length === 0) setError(errorText(err, 'The insurance was not saved.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="insurance-form">
        <Stack gap="sm">
          <Title order={3}>Insurance</Title>
          <Text size="sm">
            As the patient gives it, for the superbill. Kairos does not bill the insurer: the patient claims with the superbill. Left empty,
            the superbill has lines to fill in by hand.
          </Text>
          <Group align="flex-start">
            <TextInput
              label="Insurer"
              maxLength={200}
              value={insurer}
              onChange={(e) => setInsurer(e.currentTarget.value)}
              error={errors.insurer}
            />
            <TextInput
              label="Member id"
              maxLength={50}
              value={memberId}
              onChange={(e) => setMemberId(e.currentTarget.value)}
              error={errors.memberId}
            />
            <TextInput
              label="Group number"
              description="Optional"
              maxLength={50}
              value={groupNumber}
              onChange={(e) => setGroupNumber(e.currentTarget.value)}
              error={errors.groupNumber}
            />
          </Group>
          <FormError error={error} />
          {saved && (
            <Text size="sm" c="green.8" role="status">
              Saved: the superbill prints it from now on.
            </Text>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              Save the insurance
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function SuperbillCard({ patientId }: { patientId: string }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const download = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await downloadPdf(superbillUrl(patientId, { from, to }), 'superbill.pdf');
    } catch (err) {
      setError(errorText(err, 'The superbill could not be made.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md" radius="md" data-testid="superbill">
      <Stack gap="sm">
        <Title order={3}>Superbill</Title>
        <Text size="sm">
          What the patient sends their insurer to claim out-of-network reimbursement: the clinic, the clinicians, the codes, the diagnoses
          and the payments. Leave the dates empty for every finalised charge; give one day for one visit.
        </Text>
        <Group align="flex-end">
          <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={170} />
          <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={170} />
          <Button onClick={() => void download()} loading={busy}>
            Download the superbill (PDF)
          </Button>
        </Group>
        <FormError error={error} />
      </Stack>
    </Paper>
  );
}

const capitalise = (s: string): string => (s === '' ? s : s[0]?.toUpperCase() + s.slice(1));
