import { Alert, Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { BLADDER_SYMPTOM_QUESTIONS, type BladderSymptoms, type ChecklistItem, type ChecklistItemStatus } from '@kairos/core';
import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useSignIn } from '../sign-in/sign-in-context';
import { getDetails } from '../intake/intake-api';
import { ENTER_ROLES } from '../measures/labels';
import { listMeasurementTasks, type MeasurementTask } from '../measures/measures-api';
import { QuestionnaireEntryModal } from '../measures/questionnaire-entry';
import { describeMedication, localizeInstants, problemText, readMedicationDraft, readPastTime, type MedicationDraft } from './chair-words';
import { formatClock } from './labels';
import { blankMedication, MedicationFields } from './medication-fields';
import { PrescriberDialog, useIsPrescriber } from './prescriber-dialog';
import { ReasonModal } from '../../ui/reason-modal';
import {
  overrideChecklistItem,
  recordMedication,
  updateChecklist,
  type DosingSessionView,
  type SessionChecklistBody,
  type SessionChecklistOverrideBody,
} from './dosing-session-api';
import { formatSiteDateTime, isoToSiteLocal } from './site-datetime';
import { useAct } from './use-act';

const STATUS: Record<ChecklistItemStatus, { icon: string; word: string; color: string; variant: string }> = {
  done: { icon: '✓', word: 'done', color: 'green', variant: 'light' },
  'to-do': { icon: '○', word: 'to do', color: 'orange', variant: 'light' },
  hold: { icon: '!', word: 'hold', color: 'red', variant: 'filled' },
  'not-required': { icon: '–', word: 'not required', color: 'gray', variant: 'outline' },
};

function ItemStatus({ item }: { item: ChecklistItem }) {
  const s = STATUS[item.status];
  return (
    <Badge color={s.color} variant={s.variant} size="lg" miw={110} data-testid="checklist-status">
      <span aria-hidden="true">{s.icon}</span> {s.word}
    </Badge>
  );
}

export interface ChecklistCardProps {
  session: DosingSessionView;
  timeZone?: string;
  /** The server's clock now, ms (times entered may not be in the future). */
  serverNowMs: () => number;
  /** The premedication the protocol offers (prefilled in the entry). */
  premedicationDrug?: string;
  onChange: (s: DosingSessionView) => void;
  /** Fetches the session again (after a questionnaire or a medication, which answer with something else). */
  onReload: () => void;
}

/**
 * The pre-dose checklist as facts: each item with its status (done, to do, hold, not required) and,
 * when not done, what is missing in words; the facts are entered here (times in the clinic's local
 * time): fasting times, the last benzodiazepine dose, the stimulant skipped today, the pregnancy
 * test, the escort, the intention (therapist), the premedication given (or why none), and today's
 * C-SSRS with a prescriber's override of its hold.
 */
export function ChecklistCard({
  session,
  timeZone,
  serverNowMs,
  premedicationDrug = 'ondansetron',
  onChange,
  onReload,
}: ChecklistCardProps) {
  const { signedIn: me } = useSignIn();
  const roles = me?.user.roles ?? [];
  const editable =
    (session.state === 'checked-in' || session.state === 'pre-dose') &&
    roles.some((r) => ['medical-director', 'prescriber', 'nurse', 'therapist'].includes(r));
  const { items, complete } = session.checklist;
  const ctx: EntryContext = { session, timeZone, serverNowMs, editable, onChange, onReload };

  return (
    <Card withBorder radius="md" data-testid="checklist">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Pre-dose checklist</Title>
          <Badge size="lg" color={complete ? 'green' : 'orange'} variant="filled">
            {complete ? '✓ complete' : `${items.filter((i) => !i.done).length} to do`}
          </Badge>
        </Group>
        {!editable && session.state === 'scheduled' && (
          <Text size="sm" c="dimmed">
            Opens at check-in.
          </Text>
        )}
        {editable && (
          <Text size="sm" c="dimmed">
            Times are the clinic’s local time.
          </Text>
        )}
        {items.map((item) => (
          <ItemRow key={item.id} item={item} timeZone={timeZone}>
            <ItemEntry item={item} ctx={ctx} premedicationDrug={premedicationDrug} />
          </ItemRow>
        ))}
      </Stack>
    </Card>
  );
}

interface EntryContext {
  session: DosingSessionView;
  timeZone?: string;
  serverNowMs: () => number;
  editable: boolean;
  onChange: (s: DosingSessionView) => void;
  onReload: () => void;
}

/** Items whose detail says what met them and that show no recorded fact of their own. */
const DETAIL_WHEN_DONE: readonly string[] = ['pre-dose-vitals', 'cssrs-today', 'cumulative-infusions'];

function ItemRow({ item, timeZone, children }: { item: ChecklistItem; timeZone: string | undefined; children: ReactNode }) {
  // What is missing, when not done; once done, only where nothing else shows what met it.
  const showDetail =
    item.detail !== '' &&
    (item.status === 'to-do' || item.status === 'hold' || (item.status === 'done' && DETAIL_WHEN_DONE.includes(item.id)));
  return (
    <Stack gap={6} p="xs" data-item={item.id} data-status={item.status} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ flex: 1 }}>
          <Text fw={500}>{item.label}</Text>
          {showDetail && (
            <Text
              size="sm"
              c={item.status === 'hold' ? 'red' : item.done ? 'dimmed' : 'orange'}
              fw={item.status === 'hold' ? 700 : undefined}
              data-testid={`checklist-detail-${item.id}`}
            >
              {localizeInstants(item.detail, (iso) => formatClock(iso, timeZone))}
            </Text>
          )}
        </Stack>
        <ItemStatus item={item} />
      </Group>
      {children}
    </Stack>
  );
}

function ItemEntry({ item, ctx, premedicationDrug }: { item: ChecklistItem; ctx: EntryContext; premedicationDrug: string }) {
  if (item.status === 'not-required') return null;
  switch (item.id) {
    case 'cssrs-today':
      return <CssrsEntry item={item} ctx={ctx} />;
    case 'fasting':
      return <FastingEntry ctx={ctx} />;
    case 'benzodiazepine-hold':
      return <BenzodiazepineEntry ctx={ctx} />;
    case 'stimulant-hold':
      return <StimulantEntry ctx={ctx} />;
    case 'pregnancy-test':
      return <PregnancyEntry ctx={ctx} />;
    case 'escort':
      return <EscortEntry ctx={ctx} />;
    case 'intention':
      return <IntentionEntry ctx={ctx} />;
    case 'premedication':
      return <PremedicationEntry ctx={ctx} drug={premedicationDrug} />;
    case 'bladder-symptoms':
      return <BladderEntry item={{ ...item, id: item.id }} ctx={ctx} />;
    case 'cumulative-infusions':
      return (
        <HoldOverride
          item={{ ...item, id: item.id }}
          ctx={ctx}
          title="Acknowledge the number of infusions"
          reasonLabel="Why may this infusion go ahead above the site’s limit?"
          confirm="Acknowledge"
          done="Acknowledged by a prescriber"
        />
      );
    default:
      return null;
  }
}

/** Saves checklist facts with their own busy state and error. */
function useSave(ctx: EntryContext) {
  const { busy, error, setError, act } = useAct();
  const save = (changes: SessionChecklistBody, then?: () => void) =>
    act(
      () => updateChecklist(ctx.session.id, changes),
      (s) => {
        ctx.onChange(s);
        then?.();
      },
    );
  return { busy, error, setError, save };
}

function ErrorText({ error }: { error: string | undefined }) {
  return error === undefined ? null : (
    <Alert color="red" role="alert" py="xs">
      {error}
    </Alert>
  );
}

/** A recorded fact and "Change", or the entry (when nothing is recorded or while changing). */
function FactEntry({
  recorded,
  editable,
  form,
  testId,
}: {
  recorded: ReactNode | undefined;
  editable: boolean;
  form: (close: () => void) => ReactNode;
  testId: string;
}) {
  const [changing, setChanging] = useState(false);
  if (!editable) return recorded === undefined ? null : <Text size="sm">{recorded}</Text>;
  if (recorded !== undefined && !changing) {
    return (
      <Group justify="space-between" wrap="nowrap" data-testid={`${testId}-recorded`}>
        <Text size="sm">{recorded}</Text>
        <Button variant="subtle" size="md" onClick={() => setChanging(true)}>
          Change
        </Button>
      </Group>
    );
  }
  return <div data-testid={testId}>{form(() => setChanging(false))}</div>;
}

/** A date and time in the clinic's local time (datetime-local), with its problem once something is typed. */
function SiteTimeInput({
  label,
  value,
  onChange,
  problem,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  problem?: string;
}) {
  return (
    <TextInput
      type="datetime-local"
      label={label}
      size="md"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={value !== '' ? problem : undefined}
      style={{ flex: 1 }}
    />
  );
}

function FastingEntry({ ctx }: { ctx: EntryContext }) {
  const f = ctx.session.checklist.values.fasting;
  const when = (iso: string) => formatSiteDateTime(iso, ctx.serverNowMs(), ctx.timeZone);
  return (
    <FactEntry
      testId="fasting-form"
      editable={ctx.editable}
      recorded={f === undefined ? undefined : `Last solid food ${when(f.lastSolidsAt)} · last clear liquids ${when(f.lastClearLiquidsAt)}`}
      form={(close) => <FastingForm ctx={ctx} onDone={close} />}
    />
  );
}

function FastingForm({ ctx, onDone }: { ctx: EntryContext; onDone: () => void }) {
  const f = ctx.session.checklist.values.fasting;
  const [solids, setSolids] = useState(isoToSiteLocal(f?.lastSolidsAt, ctx.timeZone));
  const [liquids, setLiquids] = useState(isoToSiteLocal(f?.lastClearLiquidsAt, ctx.timeZone));
  const { busy, error, save } = useSave(ctx);
  const now = ctx.serverNowMs();
  const a = readPastTime(solids, ctx.timeZone, now);
  const b = readPastTime(liquids, ctx.timeZone, now);
  return (
    <Stack gap={4}>
      <Group align="flex-end" wrap="nowrap">
        <SiteTimeInput label="Last solid food" value={solids} onChange={setSolids} problem={a.problem} />
        <SiteTimeInput label="Last clear liquids" value={liquids} onChange={setLiquids} problem={b.problem} />
        <Button
          size="md"
          loading={busy}
          disabled={a.iso === undefined || b.iso === undefined}
          onClick={() =>
            a.iso !== undefined && b.iso !== undefined && void save({ fasting: { lastSolidsAt: a.iso, lastClearLiquidsAt: b.iso } }, onDone)
          }
        >
          Save
        </Button>
      </Group>
      <ErrorText error={error} />
    </Stack>
  );
}

function BenzodiazepineEntry({ ctx }: { ctx: EntryContext }) {
  const at = ctx.session.checklist.values.benzodiazepineLastDoseAt;
  return (
    <FactEntry
      testId="benzodiazepine-form"
      editable={ctx.editable}
      recorded={at === undefined ? undefined : `Last dose ${formatSiteDateTime(at, ctx.serverNowMs(), ctx.timeZone)}`}
      form={(close) => (
        <SingleTimeForm
          ctx={ctx}
          label="Last benzodiazepine dose taken"
          initial={at}
          onSave={(iso) => ({ benzodiazepineLastDoseAt: iso })}
          onDone={close}
        />
      )}
    />
  );
}

function SingleTimeForm({
  ctx,
  label,
  initial,
  onSave,
  onDone,
}: {
  ctx: EntryContext;
  label: string;
  initial: string | undefined;
  onSave: (iso: string) => SessionChecklistBody;
  onDone: () => void;
}) {
  const [value, setValue] = useState(isoToSiteLocal(initial, ctx.timeZone));
  const { busy, error, save } = useSave(ctx);
  const r = readPastTime(value, ctx.timeZone, ctx.serverNowMs());
  return (
    <Stack gap={4}>
      <Group align="flex-end" wrap="nowrap">
        <SiteTimeInput label={label} value={value} onChange={setValue} problem={r.problem} />
        <Button
          size="md"
          loading={busy}
          disabled={r.iso === undefined}
          onClick={() => r.iso !== undefined && void save(onSave(r.iso), onDone)}
        >
          Save
        </Button>
      </Group>
      <ErrorText error={error} />
    </Stack>
  );
}

function StimulantEntry({ ctx }: { ctx: EntryContext }) {
  const held = ctx.session.checklist.values.stimulantHeldToday;
  const [saving, setSaving] = useState<boolean>();
  const { busy, error, save } = useSave(ctx);
  const answer = (v: boolean) => {
    setSaving(v);
    void save({ stimulantHeldToday: v });
  };
  if (!ctx.editable) return held === undefined ? null : <Text size="sm">{held ? 'Skipped today' : 'Taken today'}</Text>;
  return (
    <Stack gap={4} data-testid="stimulant-form">
      <Group gap="sm">
        <Text size="sm">Was today’s stimulant dose skipped?</Text>
        <Button
          size="md"
          variant={held === true ? 'filled' : 'default'}
          color="green"
          loading={busy && saving === true}
          onClick={() => answer(true)}
          aria-pressed={held === true}
        >
          Yes, skipped today
        </Button>
        <Button
          size="md"
          variant={held === false ? 'filled' : 'default'}
          color="orange"
          loading={busy && saving === false}
          onClick={() => answer(false)}
          aria-pressed={held === false}
        >
          No, taken today
        </Button>
      </Group>
      <ErrorText error={error} />
    </Stack>
  );
}

function PregnancyEntry({ ctx }: { ctx: EntryContext }) {
  const t = ctx.session.checklist.values.pregnancyTest;
  return (
    <FactEntry
      testId="pregnancy-form"
      editable={ctx.editable}
      recorded={t === undefined ? undefined : `Test taken ${formatSiteDateTime(t.at, ctx.serverNowMs(), ctx.timeZone)}: ${t.result}`}
      form={(close) => <PregnancyForm ctx={ctx} onDone={close} />}
    />
  );
}

function PregnancyForm({ ctx, onDone }: { ctx: EntryContext; onDone: () => void }) {
  const t = ctx.session.checklist.values.pregnancyTest;
  const [at, setAt] = useState(isoToSiteLocal(t?.at, ctx.timeZone));
  // No result is assumed: missing is not negative.
  const [result, setResult] = useState<'negative' | 'positive' | ''>(t?.result ?? '');
  const { busy, error, save } = useSave(ctx);
  const r = readPastTime(at, ctx.timeZone, ctx.serverNowMs());
  return (
    <Stack gap={4}>
      <Group align="flex-end" wrap="nowrap">
        <SiteTimeInput label="Test taken at" value={at} onChange={setAt} problem={r.problem} />
        <Stack gap={2}>
          <Text size="sm" fw={500} id="pregnancy-result-label">
            Result
          </Text>
          <SegmentedControl
            aria-labelledby="pregnancy-result-label"
            size="md"
            data={[
              { value: 'negative', label: 'Negative' },
              { value: 'positive', label: 'Positive' },
            ]}
            value={result}
            onChange={(v) => setResult(v)}
          />
        </Stack>
        <Button
          size="md"
          loading={busy}
          disabled={r.iso === undefined || result === ''}
          onClick={() => r.iso !== undefined && result !== '' && void save({ pregnancyTest: { at: r.iso, result } }, onDone)}
        >
          Save
        </Button>
      </Group>
      <ErrorText error={error} />
    </Stack>
  );
}

function EscortEntry({ ctx }: { ctx: EntryContext }) {
  const e = ctx.session.checklist.values.escort;
  return (
    <FactEntry
      testId="escort-form"
      editable={ctx.editable}
      recorded={e === undefined ? undefined : `${e.name}, ${e.phone}`}
      form={(close) => <EscortForm ctx={ctx} onDone={close} />}
    />
  );
}

function EscortForm({ ctx, onDone }: { ctx: EntryContext; onDone: () => void }) {
  const recorded = ctx.session.checklist.values.escort;
  const [name, setName] = useState(recorded?.name ?? '');
  const [phone, setPhone] = useState(recorded?.phone ?? '');
  const [fromRecord, setFromRecord] = useState(false);
  const { busy, error, save } = useSave(ctx);
  const patientId = ctx.session.patientId;
  // Prefilled from the escort on the patient's record, to confirm with the patient.
  useEffect(() => {
    if (recorded !== undefined) return;
    let live = true;
    getDetails(patientId).then(
      (d) => {
        if (!live || d.escort === null) return;
        const onRecord = d.escort;
        setName((n) => (n === '' ? onRecord.name : n));
        setPhone((p) => (p === '' ? onRecord.phone : p));
        setFromRecord(true);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [patientId, recorded]);
  const valid = name.trim().length >= 1 && phone.trim().length >= 3;
  return (
    <Stack gap={4}>
      <Group align="flex-end" wrap="nowrap">
        <TextInput label="Escort’s name" size="md" value={name} onChange={(e) => setName(e.currentTarget.value)} style={{ flex: 2 }} />
        <TextInput
          label="Escort’s phone"
          size="md"
          type="tel"
          value={phone}
          onChange={(e) => setPhone(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Button
          size="md"
          loading={busy}
          disabled={!valid}
          onClick={() => void save({ escort: { name: name.trim(), phone: phone.trim() } }, onDone)}
        >
          Save
        </Button>
      </Group>
      {fromRecord && (
        <Text size="sm" c="dimmed">
          From the patient’s record: confirm with the patient that this person takes them home today.
        </Text>
      )}
      <ErrorText error={error} />
    </Stack>
  );
}

function IntentionEntry({ ctx }: { ctx: EntryContext }) {
  const { signedIn: me } = useSignIn();
  const roles = me?.user.roles ?? [];
  const mayIntend = roles.includes('therapist') || roles.includes('medical-director');
  const value = ctx.session.checklist.values.intention ?? '';
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const { busy, error, save } = useSave(ctx);
  const editable = ctx.editable && mayIntend;
  return (
    <Stack gap={4}>
      <Group justify="space-between" wrap="nowrap" align="flex-end">
        <TextInput
          label="Intention (set with the therapist)"
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
          readOnly={!editable}
          size="md"
          style={{ flex: 1 }}
          description={ctx.editable && !mayIntend ? 'Set by the therapist.' : undefined}
        />
        {editable && (
          <Button
            size="md"
            variant="light"
            loading={busy}
            disabled={draft.trim() === value.trim() || draft.trim() === ''}
            onClick={() => void save({ intention: draft.trim() })}
          >
            Save
          </Button>
        )}
      </Group>
      <ErrorText error={error} />
    </Stack>
  );
}

/** The premedication given (drug, dose, unit, route, time: recorded as an administration), or why none was. */
function PremedicationEntry({ ctx, drug }: { ctx: EntryContext; drug: string }) {
  const given = ctx.session.medications.filter((m) => m.purpose === 'premedication');
  const none = ctx.session.checklist.values.premedicationNone;
  const [entering, setEntering] = useState(false);
  const [askingNone, setAskingNone] = useState(false);
  const { busy, error, setError, save } = useSave(ctx);
  const showForm = ctx.editable && (entering || (given.length === 0 && none === undefined));
  return (
    <Stack gap={4}>
      {given.map((m) => (
        <Text key={m.id} size="sm" data-testid="premedication-given">
          Given: <b>{describeMedication(m)}</b> at {formatClock(m.givenAt, ctx.timeZone)} by {m.givenByName}
        </Text>
      ))}
      {given.length === 0 && none !== undefined && (
        <Text size="sm" data-testid="premedication-none">
          None given: {none}
        </Text>
      )}
      {showForm && (
        <PremedicationForm
          ctx={ctx}
          drug={drug}
          onDone={() => setEntering(false)}
          onNone={() => {
            setError(undefined);
            setAskingNone(true);
          }}
          onCancel={entering ? () => setEntering(false) : undefined}
        />
      )}
      {ctx.editable && !showForm && (
        <Group justify="flex-end">
          <Button variant="subtle" size="md" onClick={() => setEntering(true)}>
            {given.length === 0 ? 'Record a premedication given…' : 'Record another…'}
          </Button>
        </Group>
      )}
      <ReasonModal
        opened={askingNone}
        title="No premedication"
        label={`Why was no premedication (${drug} is offered) given?`}
        confirm="Record none given"
        busy={busy}
        error={error}
        onClose={() => setAskingNone(false)}
        onSubmit={(reason) => void save({ premedicationNone: reason }, () => setAskingNone(false))}
      />
    </Stack>
  );
}

function PremedicationForm({
  ctx,
  drug,
  onDone,
  onNone,
  onCancel,
}: {
  ctx: EntryContext;
  drug: string;
  onDone: () => void;
  onNone: () => void;
  onCancel: (() => void) | undefined;
}) {
  const [draft, setDraft] = useState<MedicationDraft>(() => blankMedication(drug, ctx.serverNowMs(), ctx.timeZone));
  const { busy, error, act } = useAct();
  const read = readMedicationDraft(draft, ctx.timeZone, ctx.serverNowMs());
  const record = () => {
    const input = read.input;
    if (input === undefined) return;
    void act(
      () => recordMedication(ctx.session.id, { purpose: 'premedication', ...input }),
      () => {
        ctx.onReload();
        onDone();
      },
    );
  };
  return (
    <Stack gap="xs" p="xs" data-testid="premedication-form" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
      <MedicationFields value={draft} onChange={setDraft} disabled={busy} />
      {read.problems.length > 0 && (draft.dose !== '' || draft.drug !== drug) && (
        <Text size="sm" c="orange">
          To record it: {read.problems.join('; ')}.
        </Text>
      )}
      <ErrorText error={error} />
      <Group justify="space-between">
        <Button variant="default" size="md" onClick={onNone} data-testid="premedication-none-button">
          None given…
        </Button>
        <Group gap="xs">
          {onCancel !== undefined && (
            <Button variant="default" size="md" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button size="md" loading={busy} disabled={read.input === undefined} onClick={record}>
            Record premedication
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

/** Today's C-SSRS: enter it here (the patient's questionnaire), and a prescriber's override of a high-risk hold. */
function CssrsEntry({ item, ctx }: { item: ChecklistItem; ctx: EntryContext }) {
  const { signedIn: me } = useSignIn();
  const roles = me?.user.roles ?? [];
  const mayEnter = ctx.editable && roles.some((r) => (ENTER_ROLES as readonly string[]).includes(r));
  const [entry, setEntry] = useState<{ key: number; task: MeasurementTask | undefined; tasks: MeasurementTask[] }>();
  const [opening, setOpening] = useState(false);
  const patientId = ctx.session.patientId;

  const open = async () => {
    setOpening(true);
    // Linked to today's scheduled C-SSRS when there is one (the entry then starts on it).
    // (Only a task of today: an older overdue one, e.g. the referral baseline, is another measurement.)
    let tasks: MeasurementTask[] = [];
    let today = '';
    try {
      ({ tasks, today } = await listMeasurementTasks(patientId));
    } catch {
      tasks = [];
    }
    setOpening(false);
    const todays = tasks.filter((t) => t.date === today);
    const task = todays.find((t) => t.instrument === 'cssrs' && t.state !== 'done');
    setEntry((e) => ({ key: (e?.key ?? 0) + 1, task, tasks: todays }));
  };

  if (!ctx.editable) return null;
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Group gap="sm">
          {mayEnter && item.status !== 'done' && (
            <Button size="md" variant="light" loading={opening} onClick={() => void open()} data-testid="cssrs-enter">
              Enter today’s C-SSRS…
            </Button>
          )}
          <Anchor component={Link} to={`/patients/${encodeURIComponent(patientId)}`} size="sm" data-testid="cssrs-patient-link">
            The patient’s questionnaires
          </Anchor>
        </Group>
      </Group>
      <HoldOverride
        item={{ ...item, id: 'cssrs-today' }}
        ctx={ctx}
        title="Override the C-SSRS hold"
        reasonLabel="Why may the infusion go ahead today?"
        confirm="Override the hold"
        done="Overridden by a prescriber"
      />
      {mayEnter && item.status !== 'done' && (
        <Text size="sm" c="dimmed">
          In the form, choose “C-SSRS screener” if it is not chosen already.
        </Text>
      )}
      {mayEnter && (
        <QuestionnaireEntryModal
          patientId={patientId}
          opened={entry !== undefined}
          openKey={entry?.key ?? 0}
          task={entry?.task}
          tasks={entry?.tasks ?? []}
          onClose={() => setEntry(undefined)}
          onSaved={() => ctx.onReload()}
        />
      )}
    </Stack>
  );
}

/**
 * A prescriber's decision on a checklist hold (the day's high-risk C-SSRS; before a maintenance
 * session, a bladder symptom reviewed or the infusion count acknowledged): the button while it
 * holds, and who decided once it is done. Another role proves a prescriber's presence (step-up).
 */
function HoldOverride({
  item,
  ctx,
  title,
  reasonLabel,
  confirm,
  done,
}: {
  item: ChecklistItem & { id: OverrideItem };
  ctx: EntryContext;
  title: string;
  reasonLabel: string;
  confirm: string;
  done: string;
}) {
  const prescriber = useIsPrescriber();
  const [overriding, setOverriding] = useState(false);
  const given = ctx.session.checklist.values.overrides?.[item.id];
  if (!ctx.editable && given === undefined) return null;
  return (
    <>
      {ctx.editable && item.status === 'hold' && (
        <Group justify="flex-end">
          <Button size="md" color="red" variant="outline" onClick={() => setOverriding(true)} data-testid={`${item.id}-override`}>
            {title} (prescriber)…
          </Button>
        </Group>
      )}
      {given !== undefined && item.status === 'done' && (
        <Text size="sm" c="dimmed" data-testid={`${item.id}-overridden`}>
          {done} at {formatClock(given.at, ctx.timeZone)}.
        </Text>
      )}
      <PrescriberDialog
        opened={overriding}
        title={title}
        purpose="checklist.override"
        description={`${item.detail}. Only a prescriber lets the infusion go ahead, with the reason.`}
        reasonLabel={reasonLabel}
        confirm={confirm}
        color="red"
        proof={!prescriber}
        onClose={() => setOverriding(false)}
        onSubmit={async ({ reason, stepUpToken }) => {
          try {
            ctx.onChange(await overrideChecklistItem(ctx.session.id, item.id, item.detail, reason ?? '', stepUpToken));
            return undefined;
          } catch (e) {
            return problemText(e);
          }
        }}
      />
    </>
  );
}

type OverrideItem = SessionChecklistOverrideBody['item'];

/** Before a maintenance session: the four bladder and urinary questions, yes or no each, saved together; a yes holds until a prescriber reviews it. */
function BladderEntry({ item, ctx }: { item: ChecklistItem & { id: 'bladder-symptoms' }; ctx: EntryContext }) {
  const recorded = ctx.session.checklist.values.bladderSymptoms;
  return (
    <Stack gap={4}>
      <FactEntry
        testId="bladder-form"
        editable={ctx.editable}
        recorded={recorded === undefined ? undefined : bladderAnswersInWords(recorded)}
        form={(close) => <BladderForm ctx={ctx} onDone={close} />}
      />
      <HoldOverride
        item={item}
        ctx={ctx}
        title="Review the bladder symptoms"
        reasonLabel="What did you review (a urinalysis is suggested), and why may the infusion go ahead?"
        confirm="Reviewed: may go ahead"
        done="Reviewed by a prescriber"
      />
    </Stack>
  );
}

/** The answers in a line: the symptoms answered yes, then those answered no. */
function bladderAnswersInWords(answers: BladderSymptoms): string {
  const said = (yes: boolean) =>
    BLADDER_SYMPTOM_QUESTIONS.filter((q) => answers[q.id] === yes)
      .map((q) => q.word)
      .join(', ');
  return [said(true) === '' ? '' : `Yes: ${said(true)}.`, said(false) === '' ? '' : `No: ${said(false)}.`]
    .filter((t) => t !== '')
    .join(' ');
}

function BladderForm({ ctx, onDone }: { ctx: EntryContext; onDone: () => void }) {
  const recorded = ctx.session.checklist.values.bladderSymptoms;
  const [answers, setAnswers] = useState<Partial<Record<keyof BladderSymptoms, boolean>>>(recorded ?? {});
  const { busy, error, save } = useSave(ctx);
  const complete = BLADDER_SYMPTOM_QUESTIONS.every((q) => answers[q.id] !== undefined);
  return (
    <Stack gap={6}>
      {BLADDER_SYMPTOM_QUESTIONS.map((q) => (
        <Group key={q.id} justify="space-between" wrap="nowrap">
          <Text size="sm" id={`bladder-${q.id}`}>
            {q.question}
          </Text>
          <SegmentedControl
            aria-labelledby={`bladder-${q.id}`}
            size="md"
            data={[
              { value: 'no', label: 'No' },
              { value: 'yes', label: 'Yes' },
            ]}
            value={answers[q.id] === undefined ? '' : answers[q.id] ? 'yes' : 'no'}
            onChange={(v) => setAnswers((a) => ({ ...a, [q.id]: v === 'yes' }))}
          />
        </Group>
      ))}
      <Group justify="flex-end">
        <Button
          size="md"
          loading={busy}
          disabled={!complete}
          onClick={() =>
            complete &&
            void save(
              {
                bladderSymptoms: {
                  frequency: answers.frequency === true,
                  urgency: answers.urgency === true,
                  painOnUrination: answers.painOnUrination === true,
                  bloodInUrine: answers.bloodInUrine === true,
                },
              },
              onDone,
            )
          }
        >
          Save the answers
        </Button>
      </Group>
      <ErrorText error={error} />
    </Stack>
  );
}
