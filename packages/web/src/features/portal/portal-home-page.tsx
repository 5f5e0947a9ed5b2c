import { Accordion, Alert, Badge, Button, Group, Loader, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { addDaysToIsoDate, localDateOf } from '@kairos/core';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useResource } from '../../api/use-resource';
import {
  CARE_PLAN_PDF,
  SUPERBILL_PDF,
  getPortalConsent,
  getPortalHome,
  type PortalEvent,
  type PortalHome,
  type PortalQuestionnaireTask,
} from './portal-api';
import { QUESTION_COUNTS, QUESTIONNAIRE_NAMES, formatDate, formatDay, formatTime, usePortalFrame } from './portal-common';
import { PortalAccessCodeForm } from '../portal-access/portal-access-code-form';
import { closePortalAccess } from '../portal-access/portal-access-api';
import { rememberCrisisResources } from './portal-crisis';
import { lazyPage } from '../../ui/lazy-page';

// Signing the consent is a one-time step: its form (and the zod check of the typed name) loads only then.
const PortalConsentView = lazyPage(() => import('./portal-consent').then((m) => m.PortalConsentView));

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Paper component="section" p="md" radius="md" withBorder data-testid={testId} aria-labelledby={`${testId}-title`}>
      <Stack gap="md">
        <Title order={2} fz={24} id={`${testId}-title`}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** A questionnaire due: what it is about, by when, how far along; Start or Continue (on the portal or the clinic tablet). */
export function QuestionnaireCard({ task }: { task: PortalQuestionnaireTask }) {
  const { home } = usePortalFrame();
  const names = QUESTIONNAIRE_NAMES[task.instrument];
  const count = QUESTION_COUNTS[task.instrument];
  const started = task.answered > 0;
  return (
    <Paper p="md" radius="md" bg="gray.0" data-testid={`task-${task.instrument}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Text fw={700} fz="lg">
              {names.name}
            </Text>
            <Text fz="xs" c="dimmed">
              {names.short}
              {task.labels.length > 0 ? ` · ${task.labels.map((l) => l.charAt(0).toUpperCase() + l.slice(1)).join(', ')}` : ''}
            </Text>
          </div>
          {task.state === 'overdue' ? (
            <Badge color="orange.8" size="lg" variant="filled" style={{ flexShrink: 0 }}>
              Overdue
            </Badge>
          ) : (
            <Badge color="teal" size="lg" variant="light" style={{ flexShrink: 0 }}>
              Due
            </Badge>
          )}
        </Group>
        <Text>Please answer by {formatDate(task.dueBy, true)}.</Text>
        {count !== undefined ? (
          <Stack gap={4}>
            <Text data-testid="task-progress">
              {task.answered} of {count} answered
            </Text>
            <Progress value={(100 * task.answered) / count} size="lg" color="teal" aria-label={`${task.answered} of ${count} answered`} />
          </Stack>
        ) : (
          <Text data-testid="task-progress">{started ? `${task.answered} answered so far` : 'A few yes or no questions'}</Text>
        )}
        <Button
          component={Link}
          to={`${home}/questionnaires/${encodeURIComponent(task.key)}`}
          size="lg"
          color="teal"
          fullWidth
          aria-label={`${started ? 'Continue' : 'Start'}: ${names.name}`}
        >
          {started ? 'Continue' : 'Start'}
        </Button>
      </Stack>
    </Paper>
  );
}

function dayHeading(date: string, today: string, iso: string, timeZone: string): string {
  const day = formatDay(iso, timeZone);
  if (date === today) return `Today, ${day}`;
  if (date === addDaysToIsoDate(today, 1)) return `Tomorrow, ${day}`;
  return day;
}

function Schedule({ home }: { home: PortalHome }) {
  const tz = home.site.timeZone;
  const upcoming = home.schedule.filter((e) => localDateOf(e.endsAt, tz) >= home.today);
  if (upcoming.length === 0)
    return (
      <Text>
        {home.schedule.length === 0
          ? 'Nothing is booked yet. The clinic will tell you when your days are set.'
          : 'No upcoming visits are booked.'}
      </Text>
    );
  const days = new Map<string, PortalEvent[]>();
  for (const e of upcoming) {
    const d = localDateOf(e.startsAt, tz);
    days.set(d, [...(days.get(d) ?? []), e]);
  }
  return (
    <Stack gap="md">
      {[...days].map(([date, events]) => (
        <Stack key={date} gap={6} data-testid="schedule-day">
          <Text fw={700} c={date === home.today ? 'teal' : undefined}>
            {dayHeading(date, home.today, events[0]?.startsAt ?? '', tz)}
          </Text>
          {events.map((e) => (
            <Group
              key={e.id}
              gap="sm"
              wrap="nowrap"
              align="flex-start"
              pl="sm"
              style={{ borderLeft: '4px solid var(--mantine-color-teal-6)' }}
            >
              <Text fw={600} miw={96} style={{ whiteSpace: 'nowrap' }}>
                {formatTime(e.startsAt, tz)}
              </Text>
              <div>
                <Text>{e.title}</Text>
                <Text fz="xs" c="dimmed">
                  Program day {e.programDay}, until {formatTime(e.endsAt, tz)}
                </Text>
              </div>
            </Group>
          ))}
        </Stack>
      ))}
      <Text fz="xs" c="dimmed">
        Times are {home.site.name} local time.
      </Text>
    </Stack>
  );
}

/** Preparation material still ahead (today and later; days with no booking too), with each day's date. */
function upcomingPreparation(home: PortalHome) {
  const tz = home.site.timeZone;
  return home.preparation.flatMap((p) => {
    // The day's date from the schedule (events carry the program day, not the template).
    const event = home.schedule.find((e) => e.programDay === p.day);
    const date = event === undefined ? undefined : localDateOf(event.startsAt, tz);
    return date !== undefined && date < home.today ? [] : [{ ...p, event, date }];
  });
}

function Preparation({ home }: { home: PortalHome }) {
  const tz = home.site.timeZone;
  const days = upcomingPreparation(home);
  const programs = new Set(days.map((p) => p.templateId));
  return (
    <Accordion
      variant="separated"
      radius="md"
      chevronSize={28}
      styles={{ control: { minHeight: 56 }, label: { fontSize: 'var(--mantine-font-size-md)' } }}
    >
      {days.map((p) => (
        <Accordion.Item key={`${p.templateId}:${p.day}`} value={`${p.templateId}:${p.day}`}>
          <Accordion.Control>
            <Group gap="xs">
              <Text fw={700}>Day {p.day}</Text>
              {p.date === home.today && (
                <Badge color="teal" variant="filled">
                  Today
                </Badge>
              )}
            </Group>
            {p.event !== undefined && (
              <Text fz="xs" c="gray.7">
                {formatDay(p.event.startsAt, tz)}
              </Text>
            )}
            {programs.size > 1 && (
              <Text fz="xs" c="gray.7">
                {p.title}
              </Text>
            )}
          </Accordion.Control>
          <Accordion.Panel>
            <Text lh={1.6} style={{ whiteSpace: 'pre-wrap' }}>
              {p.body}
            </Text>
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}

function Home({ home, onLeave }: { home: PortalHome; onLeave: () => void }) {
  const order = { overdue: 0, due: 1 } as const;
  const tasks = [...home.questionnaires].sort((a, b) => order[a.state] - order[b.state] || a.dueBy.localeCompare(b.dueBy));
  return (
    <Stack gap="lg" data-testid="portal-home">
      <div>
        <Title order={1} fz={30}>
          Hello, {home.givenName}
        </Title>
        <Text c="dimmed">{home.site.name}</Text>
      </div>
      <Text fz="sm">
        If you need help now, tap <b>Get help now</b> at the top of any screen.
      </Text>

      <Section title="Questionnaires to answer" testId="questionnaires">
        {tasks.length === 0 ? (
          <Text>Nothing to answer right now. Thank you.</Text>
        ) : (
          tasks.map((t) => <QuestionnaireCard key={t.key} task={t} />)
        )}
        {tasks.length > 0 && (
          <Text fz="xs" c="dimmed">
            Your answers are saved as you go: you can stop and come back later.
          </Text>
        )}
      </Section>

      <Section title="My schedule" testId="schedule">
        <Schedule home={home} />
      </Section>

      {upcomingPreparation(home).length > 0 && (
        <Section title="Preparation" testId="preparation">
          <Text>What to know and bring for each day of your program. Tap a day to read it.</Text>
          <Preparation home={home} />
        </Section>
      )}

      <Section title="My journal" testId="journal">
        <Text>
          Write down thoughts, feelings or dreams between visits. Each entry stays private unless you choose to share it with your
          therapist.
        </Text>
        <Button component={Link} to="/portal/journal" size="lg" variant="light" color="teal" fullWidth>
          Open my journal
        </Button>
      </Section>

      {home.showResults && (
        <Section title="My results" testId="results">
          <Text>See how your questionnaire answers have changed over time.</Text>
          <Button component={Link} to="/portal/results" size="lg" variant="light" color="teal" fullWidth>
            See my results
          </Button>
        </Section>
      )}

      {home.dischargeInstructions !== null && (
        <Section title="Discharge instructions" testId="discharge">
          <Text lh={1.6} style={{ whiteSpace: 'pre-wrap' }}>
            {home.dischargeInstructions}
          </Text>
        </Section>
      )}

      {home.carePlan !== null && (
        <Section title="My continuing care plan" testId="care-plan">
          <Text>
            {home.carePlan.signedAt === null
              ? 'Your plan for after the program.'
              : `Your plan for after the program, agreed on ${formatDate(localDateOf(home.carePlan.signedAt, home.site.timeZone))}.`}
          </Text>
          <Button component={Link} to="/portal/care-plan" size="lg" variant="light" color="teal" fullWidth>
            Read my plan
          </Button>
          <Button component="a" href={CARE_PLAN_PDF} target="_blank" rel="noopener" size="lg" variant="default" fullWidth>
            Download it as a PDF
          </Button>
        </Section>
      )}

      {home.superbill && (
        <Section title="For your insurer" testId="superbill">
          <Text>
            A superbill lists the care you received, with its codes and what you paid. Send it to your insurer to claim out-of-network
            reimbursement.
          </Text>
          <Button component="a" href={SUPERBILL_PDF} target="_blank" rel="noopener" size="lg" variant="default" fullWidth>
            Download my superbill (PDF)
          </Button>
        </Section>
      )}

      <Stack gap="xs" mt="md">
        <Button size="lg" variant="outline" color="dark" fullWidth onClick={onLeave} data-testid="leave-portal">
          Leave the portal
        </Button>
        <Text fz="xs" c="dimmed" ta="center">
          On a shared phone or computer, leave the portal when you are done.
        </Text>
      </Stack>
    </Stack>
  );
}

/**
 * /portal: the code form until portal access is open; then a consent waiting to be signed,
 * first; then the patient's home (questionnaires due, schedule, preparation, journal, results,
 * discharge instructions and the continuing care plan).
 */
export function PortalHomePage() {
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const home = useResource('portal-home', getPortalHome, 'Your page could not be loaded.');
  const consent = useResource('portal-consent', getPortalConsent, 'Your consent could not be loaded.');
  const [signedNow, setSignedNow] = useState(false);
  const [consentDone, setConsentDone] = useState(false);

  const crisis = home.data?.crisisResources.body;
  useEffect(() => {
    if (crisis !== undefined) rememberCrisisResources(crisis);
  }, [crisis]);

  const reloadAll = () => {
    setSignedNow(false);
    setConsentDone(false);
    home.reload();
    consent.reload();
  };
  const leave = () => {
    void closePortalAccess().then(reloadAll);
  };

  const hs = home.state;
  const cs = consent.state;
  if ((hs.status === 'loading' && home.data === undefined) || (cs.status === 'loading' && consent.data === undefined)) {
    return (
      <Stack align="center" py="xl">
        <Loader size="lg" aria-label="Loading" />
      </Stack>
    );
  }
  if (hs.status === 'error' && (hs.httpStatus === 401 || hs.httpStatus === 403)) {
    return <PortalAccessCodeForm onEntered={reloadAll} {...(notice === undefined ? {} : { notice })} />;
  }

  // A consent waiting for the patient's signature comes first.
  if (consent.data !== undefined && consent.data.signed === null && !consentDone) {
    return (
      <Stack gap="lg">
        {!signedNow && (
          <Alert color="teal" title="Before you start">
            <Text>Please read your consent and sign it below.</Text>
          </Alert>
        )}
        <PortalConsentView consent={consent.data} onSigned={() => setSignedNow(true)} />
        {signedNow && (
          <Button
            size="xl"
            color="teal"
            fullWidth
            onClick={() => {
              setConsentDone(true);
              consent.reload();
              home.reload();
            }}
          >
            Continue to my page
          </Button>
        )}
      </Stack>
    );
  }

  if (hs.status === 'error' || home.data === undefined) {
    return (
      <Stack gap="lg">
        <Alert color="red" title="Something went wrong">
          <Text>{hs.status === 'error' ? hs.message : 'Your page could not be loaded.'}</Text>
        </Alert>
        <Button size="lg" variant="default" fullWidth onClick={reloadAll}>
          Try again
        </Button>
        <Button size="lg" variant="outline" color="dark" fullWidth onClick={leave}>
          Leave the portal
        </Button>
      </Stack>
    );
  }
  return <Home home={home.data} onLeave={leave} />;
}
