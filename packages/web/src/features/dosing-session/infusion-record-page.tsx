import { Alert, Anchor, Button, Container, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { DOSING_ROUTE_LABELS, doseOrderWords, ivDoseOf, localDateOf } from '@kairos/core';
import { ADVERSE_EVENT_KIND_LABELS, ADVERSE_EVENT_SEVERITY_LABELS, type SessionReading } from '@kairos/api';
import { useCallback, useMemo, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, apiFetch } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { LoadError } from '../../ui/load-error';
import { getPatient, patientName } from '../patients/patients-api';
import type { ScheduleEvent } from '../schedule/schedule-api';
import { formatDate } from '../schedule/site-time';
import { minutesFrom, timeDomain } from './chart-geometry';
import { getDosingSession, getSessionStock, infusionRecordPdfUrl, listAdverseEvents, type DosingSessionView } from './dosing-session-api';
import { doseText } from '../inventory/inventory-api';
import { alertTitle, formatClock, LEVEL_INFO, STATE_LABELS } from './labels';
import { inSessionBands, dosingSessionConfig } from './thresholds';
import { useConsoleContext } from './use-console-context';
import { runningSpans } from './running-spans';
import { makeTimeAxis, VitalsChart } from './vitals-chart';

/** The most readings the record lists (a 6-hour session read every 15 s is 1,440); beyond, it says so. */
const RECORD_READINGS_MAX = 5000;

interface ReadingsPage {
  readings: SessionReading[];
  older: { before: string; beforeClientId: string } | null;
}

/** Every reading of the session, oldest first, page by page (the console view holds only the latest). */
async function allReadings(sessionId: string): Promise<{ readings: SessionReading[]; complete: boolean }> {
  const pages: SessionReading[][] = [];
  let count = 0;
  let older: ReadingsPage['older'] = null;
  do {
    const q = new URLSearchParams({ limit: '500' });
    if (older !== null) {
      q.set('before', older.before);
      q.set('beforeClientId', older.beforeClientId);
    }
    const page: ReadingsPage = await apiFetch(`/api/sessions/${encodeURIComponent(sessionId)}/readings?${q.toString()}`);
    pages.unshift(page.readings);
    count += page.readings.length;
    older = page.older;
  } while (older !== null && count < RECORD_READINGS_MAX);
  return { readings: pages.flat(), complete: older === null };
}

const value = (n: number | null, unit = '') => (n === null ? '—' : `${n}${unit}`);

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={6} data-testid={testId} style={{ breakInside: 'avoid' }}>
      <Title order={3} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

/**
 * /sessions/:id/record: the infusion record of one dosing session, to read or print (the browser's
 * print or "Save as PDF"): who, where and under which protocol version; the timings; the dose order
 * with its calculation and independent double check; the pump's events; every vital sign in a table
 * and a chart; MOAA/S and CADSS-6; medications; alerts and their acknowledgements; adverse events;
 * and discharge. Times are at the site. "Download PDF" fetches the same record made by the server
 * (`GET /api/sessions/:id/record.pdf`).
 */
export function InfusionRecordPage() {
  const { id = '' } = useParams();
  const load = useCallback(async () => {
    const session = await getDosingSession(id);
    const [patient, readings, adverse, stock] = await Promise.all([
      getPatient(session.patientId),
      allReadings(id),
      listAdverseEvents(id),
      // Who may not move stock (a therapist) reads the record without its ketamine line.
      getSessionStock(id).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 403) return null;
        throw e;
      }),
    ]);
    return { session, patient, readings, adverse: adverse.items, stock };
  }, [id]);
  const { state, data } = useResource(`infusion-record-${id}`, load, 'The infusion record could not be loaded.');
  const context = useConsoleContext(data?.session.patientId, data?.session.eventId);
  if (state.status === 'error') return <LoadError state={state} />;
  // The record waits for the staff names and the site's time zone too: a printout made while they
  // load would name "a former staff member" and give times in the browser's zone.
  if (data === undefined || (context.data === undefined && context.state.status !== 'error')) {
    return <Loader aria-label="Loading the infusion record" m="xl" />;
  }
  return (
    <Record
      {...data}
      names={context.data?.names ?? new Map()}
      timeZone={context.data?.site?.timeZone}
      siteName={context.data?.site?.name}
      event={context.data?.event}
    />
  );
}

function Record({
  session,
  patient,
  readings,
  adverse,
  stock,
  names,
  timeZone,
  siteName,
  event,
}: {
  session: DosingSessionView;
  patient: Awaited<ReturnType<typeof getPatient>>;
  readings: { readings: SessionReading[]; complete: boolean };
  adverse: Awaited<ReturnType<typeof listAdverseEvents>>['items'];
  stock: Awaited<ReturnType<typeof getSessionStock>> | null;
  names: Map<string, string>;
  timeZone: string | undefined;
  siteName: string | undefined;
  event: ScheduleEvent | undefined;
}) {
  const at = (iso: string | null | undefined) => (iso === null || iso === undefined ? '—' : formatClock(iso, timeZone));
  const who = (userId: string | null) => (userId === null ? '—' : (names.get(userId) ?? 'a former staff member'));
  const applied = useMemo(() => dosingSessionConfig(session.protocol), [session.protocol]);
  const bands = applied.ok ? inSessionBands(applied.config) : {};
  const order = session.doseOrder;
  const all = readings.readings;
  const t0 =
    session.infusionStartedAt === null ? Date.parse(all[0]?.measuredAt ?? new Date().toISOString()) : Date.parse(session.infusionStartedAt);
  const lastMinute = all.length === 0 ? 0 : minutesFrom(t0, all[all.length - 1]?.measuredAt ?? '');
  const axis = makeTimeAxis(
    timeDomain(
      all.map((r) => minutesFrom(t0, r.measuredAt)),
      lastMinute,
      (order === null ? undefined : ivDoseOf(order.calculation)?.inputs.minutes) ?? session.infusion.plannedMinutes,
    ),
    t0,
    lastMinute,
    runningSpans(session, t0, lastMinute),
  );
  const moaas = all.filter((r) => r.moaas !== null);
  const vitals = all.filter((r) => [r.systolic, r.heartRate, r.spo2, r.respiratoryRate, r.temperature].some((v) => v !== null));
  const ended = session.infusion.events.find((e) => e.kind === 'stop-corrected') ?? session.infusion.events.find((e) => e.kind === 'stop');

  return (
    <Container size="lg" py="md" data-testid="infusion-record">
      <Group justify="space-between" className="no-print" mb="md">
        <Anchor component={Link} to={`/sessions/${session.id}`} size="sm">
          ← Back to the session
        </Anchor>
        <Group gap="sm">
          <Button component="a" href={infusionRecordPdfUrl(session.id)} download variant="default" data-testid="record-pdf-link">
            Download PDF
          </Button>
          <Button onClick={() => window.print()}>Print</Button>
        </Group>
      </Group>
      <Stack gap="lg">
        <Stack gap={2}>
          <Title order={2}>
            {session.route === 'IV'
              ? 'Infusion record: IV ketamine'
              : `Dosing record: ketamine, ${DOSING_ROUTE_LABELS[session.route].toLowerCase()}`}
          </Title>
          <Text fw={600} data-testid="record-patient">
            {patientName(patient)} · MRN {patient.mrn} · born {patient.birthDate}
          </Text>
          <Text size="sm">
            {siteName ?? 'Site'}
            {event?.chair ? ` · ${event.chair.name}, ${event.chair.room}` : ''}
            {event ? ` · ${formatDate(localDateOf(event.startsAt, timeZone ?? 'UTC'))}, booked ${at(event.startsAt)}` : ''} ·{' '}
            {STATE_LABELS[session.state]} · protocol version {session.protocolVersion}
          </Text>
          {event !== undefined && event.staff.length > 0 && <Text size="sm">Staff: {event.staff.map((s) => s.name).join(', ')}</Text>}
          {timeZone !== undefined && (
            <Text size="xs" c="dimmed">
              Times at the site ({timeZone}).
            </Text>
          )}
        </Stack>

        <Section title="Timings" testId="record-timings">
          <Table withTableBorder verticalSpacing={2} fz="sm" aria-label="Timings">
            <Table.Tbody>
              {session.route === 'IV' ? (
                <>
                  <Row k="Infusion started" v={at(session.infusionStartedAt)} />
                  <Row k="Infusion stopped" v={at(ended?.at ?? session.infusionEndedAt)} />
                  <Row
                    k="Running time"
                    v={`${Math.round(session.infusion.runningMinutes)} min of ${session.infusion.plannedMinutes} min planned`}
                  />
                  <Row k="Infused" v={`${session.infusion.infusedMg} mg (${session.infusion.infusedMl} mL)`} />
                </>
              ) : (
                <Row
                  k="Dose given"
                  v={
                    session.infusionStartedAt === null || order === null
                      ? 'not yet'
                      : `${order.calculation.doseMg} mg at ${at(session.infusionStartedAt)}`
                  }
                />
              )}
              <Row
                k="Escort at discharge"
                v={session.dischargeEscort === null ? '—' : `${session.dischargeEscort.name}, ${at(session.dischargeEscort.at)}`}
              />
            </Table.Tbody>
          </Table>
        </Section>

        <Section title="Dose order and double check" testId="record-dose">
          {order === null ? (
            <Text size="sm">No dose was ordered.</Text>
          ) : (
            <Table withTableBorder verticalSpacing={2} fz="sm" aria-label="Dose order">
              <Table.Tbody>
                <Row k="Ordered" v={`${who(order.orderedBy)}, ${at(order.orderedAt)}`} />
                <Row k="Route" v={DOSING_ROUTE_LABELS[session.route]} />
                <Row k="Calculation" v={doseOrderWords(order.calculation).dose} />
                <Row k="Preparation" v={doseOrderWords(order.calculation).preparation} />
                <Row
                  k="Independent double check"
                  v={order.doubleCheckedBy === null ? 'not done' : `${who(order.doubleCheckedBy)}, ${at(order.doubleCheckedAt)}`}
                />
                {stock !== null && (
                  <Row
                    k="Ketamine drawn"
                    v={
                      !stock.kept
                        ? 'The site keeps its ketamine stock outside Kairos'
                        : stock.draws.length === 0
                          ? 'None recorded'
                          : stock.draws
                              .map(
                                (d) =>
                                  `${doseText(d.drawn)} of lot ${d.lotNumber} (${d.strengthMgPerMl} mg/mL) by ${d.drawnBy.displayName}; given ${doseText(d.given)}` +
                                  (d.wasted.ul > 0
                                    ? `; wasted ${doseText(d.wasted)}, witnessed by ${d.witnesses.map((w) => w.displayName).join(', ')}`
                                    : ''),
                              )
                              .join(' · ')
                    }
                  />
                )}
              </Table.Tbody>
            </Table>
          )}
        </Section>

        {session.route === 'IV' && (
          <Section title="Pump" testId="record-pump">
            <Table withTableBorder verticalSpacing={2} fz="sm" aria-label="Pump events">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Event</Table.Th>
                  <Table.Th>Rate</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {session.infusion.events.map((e, i) => (
                  <Table.Tr key={`${e.kind}-${e.at}-${i}`}>
                    <Table.Td>{at(e.at)}</Table.Td>
                    <Table.Td>{PUMP_EVENTS[e.kind]}</Table.Td>
                    <Table.Td>{e.rateMlPerHour === null ? '—' : `${e.rateMlPerHour} mL/h`}</Table.Td>
                    <Table.Td>{e.reason ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>
        )}

        <Section title="Vital signs" testId="record-vitals">
          {!readings.complete && (
            <Alert color="orange">Only the latest {RECORD_READINGS_MAX} readings are listed; the rest are in the session’s record.</Alert>
          )}
          {all.length > 0 && <VitalsChart readings={all} bands={bands} axis={axis} />}
          <Table withTableBorder striped verticalSpacing={1} fz="xs" aria-label="Vital signs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>BP (mmHg)</Table.Th>
                <Table.Th>HR (/min)</Table.Th>
                <Table.Th>SpO2 (%)</Table.Th>
                <Table.Th>RR (/min)</Table.Th>
                <Table.Th>Temp (°C)</Table.Th>
                <Table.Th>Level</Table.Th>
                <Table.Th>Source</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {vitals.map((r) => (
                <Table.Tr key={r.clientId}>
                  <Table.Td>{at(r.measuredAt)}</Table.Td>
                  <Table.Td>{r.systolic === null ? '—' : `${r.systolic}/${value(r.diastolic)}`}</Table.Td>
                  <Table.Td>{value(r.heartRate)}</Table.Td>
                  <Table.Td>{value(r.spo2)}</Table.Td>
                  <Table.Td>{value(r.respiratoryRate)}</Table.Td>
                  <Table.Td>{value(r.temperature)}</Table.Td>
                  <Table.Td>{r.level === 'normal' ? 'within range' : LEVEL_INFO[r.level].label}</Table.Td>
                  <Table.Td>{r.source === 'device' ? 'monitor' : 'entered'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Section>

        <Section title="Sedation (MOAA/S) and dissociation (CADSS-6)" testId="record-scores">
          <Text size="sm">
            MOAA/S: {moaas.length === 0 ? 'not scored' : moaas.map((r) => `${r.moaas} at ${at(r.measuredAt)}`).join('; ')}
          </Text>
          <Text size="sm">
            CADSS-6:{' '}
            {session.cadss6.length === 0
              ? 'not rated'
              : session.cadss6.map((c) => `${c.total === null ? 'incomplete' : `${c.total} of 24`} at ${at(c.ratedAt)}`).join('; ')}
          </Text>
        </Section>

        {session.medications.length > 0 && (
          <Section title="Medications given" testId="record-medications">
            <Table withTableBorder verticalSpacing={2} fz="sm" aria-label="Medications given">
              <Table.Tbody>
                {session.medications.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>{at(m.givenAt)}</Table.Td>
                    <Table.Td>
                      {m.drug} {m.dose} {m.unit} {m.route}
                    </Table.Td>
                    <Table.Td>{m.purpose === 'premedication' ? 'premedication' : 'treatment of an adverse event'}</Table.Td>
                    <Table.Td>{m.givenByName}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>
        )}

        <Section title="Alerts" testId="record-alerts">
          {session.alerts.length === 0 ? (
            <Text size="sm">No alert was raised.</Text>
          ) : (
            <Table withTableBorder verticalSpacing={2} fz="sm" aria-label="Alerts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Raised</Table.Th>
                  <Table.Th>Alert</Table.Th>
                  <Table.Th>Level</Table.Th>
                  <Table.Th>Acknowledged</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {session.alerts.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>{at(a.raisedAt)}</Table.Td>
                    <Table.Td>{alertTitle(a, timeZone)}</Table.Td>
                    <Table.Td>{LEVEL_INFO[a.level].label}</Table.Td>
                    <Table.Td>
                      {a.acknowledgedAt === null
                        ? a.closedAt === null
                          ? 'open'
                          : `closed with the session ${at(a.closedAt)}`
                        : at(a.acknowledgedAt)}
                      {a.note === null ? '' : ` · ${a.note}`}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Section>

        <Section title="Adverse events" testId="record-adverse-events">
          {adverse.length === 0 ? (
            <Text size="sm">None reported.</Text>
          ) : (
            adverse.map((e) => (
              <Text size="sm" key={e.id}>
                {at(e.occurredAt)}: {ADVERSE_EVENT_KIND_LABELS[e.kind]}, {ADVERSE_EVENT_SEVERITY_LABELS[e.severity].toLowerCase()}
                {e.serious ? ', serious' : ''}. {e.description ?? ''} Action: {e.actionTaken}. Reported by {e.reportedBy}
                {e.reviewedAt === null ? '' : `; reviewed by ${e.reviewedBy ?? '—'} ${at(e.reviewedAt)}`}.
              </Text>
            ))
          )}
        </Section>

        {session.credentialOverrides.length > 0 && (
          <Section title="Credential overrides" testId="record-credential-overrides">
            {session.credentialOverrides.map((o) => (
              <Text size="sm" key={`${o.holder}-${o.duty}-${o.at}`}>
                {at(o.at)}: {o.by} let {o.holder} {DUTY_WORDS[o.duty]} although {o.lapses.join('; ')}. Reason: {o.reason}
              </Text>
            ))}
          </Section>
        )}

        <Section title="Discharge" testId="record-discharge">
          {session.state === 'discharged' || session.state === 'aborted' ? (
            <Text size="sm">{STATE_LABELS[session.state]}.</Text>
          ) : session.discharge === null ? (
            <Text size="sm">Not yet in observation.</Text>
          ) : (
            <Stack gap={2}>
              <Text size="sm">{session.discharge.ready ? 'Ready for discharge.' : 'Not ready for discharge:'}</Text>
              {session.discharge.unmet.map((c) => (
                <Text size="sm" key={c.id}>
                  · {c.message}
                </Text>
              ))}
            </Stack>
          )}
          {session.discharge?.aldrete.total !== undefined && (
            <Text size="sm">Modified Aldrete: {session.discharge.aldrete.total} of 10.</Text>
          )}
        </Section>
      </Stack>
    </Container>
  );
}

const DUTY_WORDS: Record<DosingSessionView['credentialOverrides'][number]['duty'], string> = {
  'iv-runner': 'run the infusion',
  orderer: 'order the dose',
  therapist: 'be the therapist',
};

const PUMP_EVENTS: Record<DosingSessionView['infusion']['events'][number]['kind'], string> = {
  start: 'Started',
  pause: 'Paused',
  resume: 'Resumed',
  rate: 'Rate changed',
  stop: 'Stopped',
  'stop-corrected': 'Stop time corrected',
};

function Row({ k, v }: { k: string; v: string }) {
  return (
    <Table.Tr>
      <Table.Th w={220}>{k}</Table.Th>
      <Table.Td>{v}</Table.Td>
    </Table.Tr>
  );
}
