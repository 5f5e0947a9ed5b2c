import { ivDoseOf } from '@kairos/core';
import { Alert, Anchor, Button, Group, Loader, SimpleGrid, Stack } from '@mantine/core';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { LockScreenBoundary } from '../sign-in/lock-screen-boundary';
import { useSignIn } from '../sign-in/sign-in-context';
import { AlarmBanner } from './alarm-banner';
import { minutesFrom, timeDomain } from './chart-geometry';
import { ChecklistCard } from './checklist-card';
import { Cadss6Entry } from './cadss6-entry';
import { ConsoleHeader } from './console-header';
import { AdverseEventsCard } from './adverse-events-card';
import { AdministrationCard } from './administration-card';
import { DischargeCard } from './discharge-card';
import { DoseCard } from './dose-card';
import { KetamineCard } from './ketamine-card';
import { InfusionCard } from './infusion-card';
import { SessionNoteLink } from './session-note-link';
import { runningSpans } from './running-spans';
import { LiveIndicator } from './live-indicator';
import { MoaasEntry } from './moaas-entry';
import { MonitoringCard } from './monitoring-card';
import { PkChart } from './pk-chart';
import { getDosingSession, type DosingSessionView } from './dosing-session-api';
import { StepButtons } from './step-buttons';
import { inSessionBands, dosingSessionConfig } from './thresholds';
import { useConsoleContext } from './use-console-context';
import { useLiveView } from '../../api/use-live-view';
import { useServerNow, useServerSkewMs } from './use-server-now';
import { makeTimeAxis, VitalsChart } from './vitals-chart';
import { VitalsEntry } from './vitals-entry';

/** The dosing session console at the chair. Like the Today board, it locks instead of leaving when the sign-in expires. */
export function DosingSessionConsolePage() {
  return (
    <LockScreenBoundary>
      <DosingSessionConsole />
    </LockScreenBoundary>
  );
}

/** When discharge readiness changes by time alone: the minimum observation's end, each timed condition, and when the discharge vital signs grow too old. */
const dischargeTimes = (s: DosingSessionView) => [
  s.discharge?.minimumObservationEndsAt,
  ...(s.discharge?.unmet ?? []).map((u) => u.metAt),
  ...(s.discharge?.conditions ?? []).map((c) => c.expiresAt),
];

/** Who records adverse events and their treatments (design.md's permission table). */
const AE_ROLES = ['medical-director', 'prescriber', 'nurse', 'therapist'];

function DosingSessionConsole() {
  const { id = '' } = useParams();
  const { signedIn: me } = useSignIn();
  const skew = useServerSkewMs();
  const [siteId, setSiteId] = useState<string>();
  // Refetched when the session's live stream says something changed (a slow poll only while it is down),
  // and when discharge readiness changes by time alone (the end of the minimum observation).
  const polled = useLiveView(id, () => getDosingSession(id), siteId === undefined ? undefined : { siteId, dosingSessionId: id }, {
    changesAt: dischargeTimes,
    skewMs: skew,
  });
  const session = polled.data;
  const loadedSiteId = session?.siteId;
  useEffect(() => {
    if (loadedSiteId !== undefined) setSiteId(loadedSiteId);
  }, [loadedSiteId]);
  const context = useConsoleContext(session?.patientId, session?.eventId);
  const ctx = context.data;
  const nowMs = useServerNow(1000);
  const serverNowMs = () => Date.now() + skew;
  const protocol = session?.protocol;
  const applied = useMemo(() => (protocol === undefined ? undefined : dosingSessionConfig(protocol)), [protocol]);
  const config = applied?.ok === true ? applied.config : undefined;
  const bands = useMemo(() => (config === undefined ? undefined : inSessionBands(config)), [config]);
  const timeZone = ctx?.site?.timeZone;

  if (session === undefined) {
    return polled.error !== undefined ? (
      <Alert color="red" title="This session could not be opened">
        {polled.error}{' '}
        <Anchor component={Link} to="/today">
          Back to Today
        </Anchor>
      </Alert>
    ) : (
      <Loader />
    );
  }
  const onChange = polled.replace;
  const t0 = session.infusionStartedAt === null ? nowMs : Date.parse(session.infusionStartedAt);
  const nowMinute = (nowMs - t0) / 60_000;
  // The chart's time axis: the ordered minutes, else the protocol's (none when it could not be read: the axis follows the readings).
  const ivOrder = session.doseOrder === null ? undefined : ivDoseOf(session.doseOrder.calculation);
  const plannedMinutes = ivOrder?.inputs.minutes ?? config?.dosing.infusionMinutes.value ?? Math.max(nowMinute, 1);
  const axis = makeTimeAxis(
    timeDomain(
      [
        ...session.readings.map((r) => minutesFrom(t0, r.measuredAt)),
        ...(session.history.total > session.readings.length ? session.history.buckets.map((b) => minutesFrom(t0, b.from)) : []),
      ],
      nowMinute,
      plannedMinutes,
    ),
    t0,
    nowMinute,
    runningSpans(session, t0, nowMinute),
  );
  const before = ['scheduled', 'checked-in', 'pre-dose'].includes(session.state);
  const ended = session.state === 'discharged' || session.state === 'aborted';
  const entry = !ended && session.state !== 'scheduled';

  const checklist = (
    <ChecklistCard
      key="checklist"
      session={session}
      timeZone={timeZone}
      serverNowMs={serverNowMs}
      premedicationDrug={config?.preDose.premedicationOffered.value}
      onChange={onChange}
      onReload={polled.reload}
    />
  );
  const dose = (
    <DoseCard
      key="dose"
      session={session}
      names={ctx?.names ?? new Map()}
      defaults={{
        mgPerKg: config?.dosing.doseMgPerKg.value,
        minutes: config?.dosing.infusionMinutes.value,
        vialsMgPerMl: config?.dosing.vialStrengthsStockedMgPerMl.value,
        diluentMl: config?.dosing.diluentMl.value,
        routes: config?.dosing.routesEnabled.value,
      }}
      timeZone={timeZone}
      onChange={onChange}
    />
  );
  // Keyed: an entry in progress stays when the layout changes with the state.
  const vitals = entry && (
    <VitalsEntry
      key="vitals-entry"
      sessionId={session.id}
      readings={session.readings}
      serverNowMs={serverNowMs}
      timeZone={timeZone}
      onSaved={polled.reload}
    />
  );
  const charts = (
    <>
      <VitalsChart readings={session.readings} history={session.history} bands={bands ?? {}} axis={axis} />
      {/* The pharmacokinetic estimate is the Domino model of an IV infusion: not shown for the other routes. */}
      {ivOrder !== undefined && (
        <PkChart weightKg={ivOrder.inputs.weightKg} doseMg={ivOrder.doseMg} minutes={ivOrder.inputs.minutes} axis={axis} />
      )}
    </>
  );
  const ketamine: ReactNode = (
    <KetamineCard session={session} timeZone={timeZone} refreshKey={polled.lastEvent?.type === 'stock' ? polled.lastEvent.id : undefined} />
  );
  const running: ReactNode = (
    <SimpleGrid cols={2} spacing="md">
      {session.route === 'IV' ? (
        <InfusionCard
          session={session}
          timeZone={timeZone}
          nowMs={nowMs}
          asOfMs={polled.updatedAt === undefined ? undefined : polled.updatedAt + skew}
          names={ctx?.names}
          onChange={onChange}
        />
      ) : (
        <AdministrationCard session={session} timeZone={timeZone} nowMs={nowMs} />
      )}
      {config !== undefined && <MonitoringCard session={session} config={config} nowMs={nowMs} timeZone={timeZone} />}
    </SimpleGrid>
  );

  return (
    <Stack gap="sm" data-testid="session-console" data-state={session.state}>
      <Group justify="space-between">
        <Anchor component={Link} to="/today" size="sm">
          ‹ Today
        </Anchor>
        <LiveIndicator
          status={polled.status}
          updatedAt={polled.updatedAt === undefined ? undefined : polled.updatedAt + skew}
          error={polled.error}
          timeZone={timeZone}
        />
      </Group>
      <ConsoleHeader session={session} event={ctx?.event} nowMs={nowMs} timeZone={timeZone} />
      <Group gap="lg">
        {(session.state === 'observing' || session.state === 'discharged') && (
          <Anchor
            component={Link}
            to={`/sessions/${session.id}/discharge-instructions`}
            size="sm"
            data-testid="discharge-instructions-link"
          >
            Print the patient’s discharge instructions
          </Anchor>
        )}
        <Anchor component={Link} to={`/sessions/${session.id}/record`} size="sm" data-testid="infusion-record-link">
          {session.route === 'IV' ? 'Infusion record (to print)' : 'Dosing record (to print)'}
        </Anchor>
        <SessionNoteLink sessionId={session.id} patientId={session.patientId} />
      </Group>
      {ctx?.dosing !== undefined && !ctx.dosing.allowed && before && (
        <Alert color="orange" title="Dosing cannot start at this site now" data-testid="dosing-check">
          {ctx.dosing.message}
        </Alert>
      )}
      {applied?.ok === false && (
        <Alert
          color="red"
          title={`The protocol this session runs under (version ${applied.version}) could not be read here`}
          data-testid="protocol-error"
        >
          This screen cannot show the protocol’s bands or monitoring times: {applied.problem}. The server still classifies every reading and
          raises its alarms; reload the page, and tell the administrator if this stays.
        </Alert>
      )}
      {!ended && <AlarmBanner session={session} timeZone={timeZone} onChange={onChange} />}
      {session.allowed.length > 0 && <StepButtons session={session} onChange={onChange} />}
      {before ? (
        <>
          {vitals}
          {checklist}
          {dose}
          {ketamine}
          {charts}
        </>
      ) : (
        <>
          {session.state === 'observing' && <DischargeCard session={session} nowMs={nowMs} timeZone={timeZone} onChange={onChange} />}
          {session.state !== 'infusing' && session.state !== 'paused' && ketamine}
          {vitals}
          {running}
          {charts}
          {entry && (
            <MoaasEntry
              sessionId={session.id}
              readings={session.readings}
              serverNowMs={serverNowMs}
              timeZone={timeZone}
              onSaved={polled.reload}
            />
          )}
          {['infusing', 'paused', 'observing'].includes(session.state) && (
            <Cadss6Entry session={session} serverNowMs={serverNowMs} timeZone={timeZone} onSaved={polled.reload} />
          )}
          <AdverseEventsCard
            sessionId={session.id}
            serverNowMs={serverNowMs}
            timeZone={timeZone}
            refreshKey={
              polled.lastEvent?.type === 'adverse-event' || polled.lastEvent?.type === 'medication' ? polled.lastEvent.id : undefined
            }
            canReport={!ended && (me?.user.roles ?? []).some((r) => AE_ROLES.includes(r))}
          />
          {dose}
          {checklist}
        </>
      )}
      {ended && (
        <Button component={Link} to="/today" variant="default" size="lg">
          Back to Today
        </Button>
      )}
    </Stack>
  );
}
