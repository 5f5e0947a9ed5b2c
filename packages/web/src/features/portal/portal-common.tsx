import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { createContext, useContext, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { Resource } from '../../api/use-resource';
import type { PortalQuestionnaireTask } from './portal-api';

/**
 * Where the portal's pages go back to: the portal's home, or on a clinic tablet (kiosk) the
 * tablet's list of questionnaires, whose session ends after them.
 */
export const PortalFrameContext = createContext<{ home: string; kiosk: boolean }>({ home: '/portal', kiosk: false });
export const usePortalFrame = () => useContext(PortalFrameContext);

/** The clinic tablet's last screen: everything answered (or its session ended); staff sign in again. */
export function HandBack({ title = 'Thank you', children }: { title?: string; children?: ReactNode }) {
  return (
    <Stack gap="lg" data-testid="kiosk-hand-back">
      <Text component="h1" fz={28} fw={700}>
        {title}
      </Text>
      {children}
      <Text fz={20}>Please hand the tablet back to a member of staff.</Text>
      <Button component="a" href="/sign-in" size="lg" variant="default" fullWidth>
        Staff sign-in
      </Button>
    </Stack>
  );
}

/** What each questionnaire is about, in plain words, with its short name. */
export const QUESTIONNAIRE_NAMES: Record<PortalQuestionnaireTask['instrument'], { name: string; short: string }> = {
  'pcl5-month': { name: 'Stress after a difficult experience', short: 'PCL-5, past month' },
  'pcl5-week': { name: 'Stress after a difficult experience', short: 'PCL-5, past week' },
  phq9: { name: 'Mood', short: 'PHQ-9' },
  gad7: { name: 'Worry and anxiety', short: 'GAD-7' },
  cssrs: { name: 'Safety check', short: 'C-SSRS' },
};

/** Questions in each scale (the C-SSRS asks 2 to 7, depending on the answers). */
export const QUESTION_COUNTS: Partial<Record<PortalQuestionnaireTask['instrument'], number>> = {
  'pcl5-month': 20,
  'pcl5-week': 20,
  phq9: 9,
  gad7: 7,
};

/** "Wednesday 14 May" for an instant, in a time zone (the browser's language). */
export function formatDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(iso));
}

/** "9:30 AM" for an instant, in a time zone. */
export function formatTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** "14 May" (or "Wednesday 14 May") for a calendar date YYYY-MM-DD. */
export function formatDate(date: string, withWeekday = false): string {
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(undefined, {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    ...(withWeekday ? { weekday: 'long' } : {}),
  }).format(d);
}

export function BackHome({ label }: { label?: string }) {
  const { home, kiosk } = usePortalFrame();
  return (
    <Button component={Link} to={home} size="lg" variant="default" fullWidth>
      {label ?? (kiosk ? 'Back to my questionnaires' : 'Back to home')}
    </Button>
  );
}

/** Loading, or a plain message when a portal page could not load (closed portal access asks for the code again). */
export function PortalProblem({
  state,
  notFoundTitle,
  children,
}: {
  state: Resource<unknown>;
  notFoundTitle?: string;
  children?: ReactNode;
}) {
  const { kiosk } = usePortalFrame();
  if (state.status === 'loading') {
    return (
      <Stack align="center" py="xl">
        <Loader size="lg" aria-label="Loading" />
      </Stack>
    );
  }
  if (state.status !== 'error') return null;
  if (state.httpStatus === 401 && kiosk)
    return (
      <HandBack title="This tablet's session has ended">
        <Text>It ends after the questionnaires, when it has been open too long, or after dates of birth that did not match.</Text>
      </HandBack>
    );
  if (state.httpStatus === 401) {
    return (
      <Stack gap="lg" data-testid="portal-session-ended">
        <Alert color="yellow" title="Please enter your code again">
          <Text>Your time in the portal ended, or this device was not signed in. Enter the code from the clinic to continue.</Text>
        </Alert>
        <Button component={Link} to="/portal" size="lg" color="teal" fullWidth>
          Enter my code
        </Button>
      </Stack>
    );
  }
  const title =
    state.httpStatus === 404 ? (notFoundTitle ?? 'Not found') : state.httpStatus === 409 ? 'Nothing to do here' : 'Something went wrong';
  return (
    <Stack gap="lg" data-testid="portal-problem">
      <Alert
        color={state.httpStatus === 409 ? 'teal' : state.httpStatus === 404 || state.httpStatus === 403 ? 'gray' : 'red'}
        title={title}
      >
        <Text>{state.message}</Text>
      </Alert>
      {children}
      <BackHome />
    </Stack>
  );
}
