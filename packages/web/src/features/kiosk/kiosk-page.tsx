import { Alert, Box, Button, Container, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import type { KioskState } from '@kairos/api';
import { useEffect, useState, type FormEvent } from 'react';
import { Outlet } from 'react-router';
import { ApiError } from '../../api/client';
import { errorText, useResource } from '../../api/use-resource';
import { portalGet, portalSend } from '../portal-access/portal-access-api';
import { HandBack, PortalFrameContext, PortalProblem } from '../portal/portal-common';
import { CrisisButton, rememberCrisisResources } from '../portal/portal-crisis';
import { QuestionnaireCard } from '../portal/portal-home-page';
import { PORTAL_TYPE } from '../portal/portal-type';
import '../portal/portal.css';

const getKioskState = (): Promise<KioskState> => portalGet('/api/portal/kiosk');
const confirmBirthDate = (birthDate: string): Promise<void> => portalSend('POST', '/api/portal/kiosk/confirm', { birthDate });

const FRAME = { home: '/kiosk', kiosk: true } as const;

/**
 * /kiosk: the clinic tablet a staff member handed to a patient. The portal's look and its
 * "Get help now", without its navigation: only the questionnaires due now, after the date of birth.
 */
export function KioskLayout() {
  return (
    <PortalFrameContext.Provider value={FRAME}>
      <Box mih="100vh" bg="var(--mantine-color-gray-0)" style={PORTAL_TYPE} className="kairos-portal" data-testid="kiosk">
        <Box component="header" bg="teal.9" c="white" px="md" py={8} pos="sticky" top={0} style={{ zIndex: 100 }}>
          <Group justify="space-between" maw={640} mx="auto" wrap="nowrap" gap="sm">
            <div>
              <Text fw={700} fz={22} lh={1.1} c="white">
                Kairos
              </Text>
              <Text fz={14} lh={1.2} c="white">
                Questionnaires at the clinic
              </Text>
            </div>
            <CrisisButton />
          </Group>
        </Box>
        <Container size={640} px="md" py="lg" component="main">
          <Outlet />
        </Container>
      </Box>
    </PortalFrameContext.Provider>
  );
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The date of birth as day, month and year (easier on a tablet than a calendar reaching back decades). */
function BirthDateForm({ state, onConfirmed }: { state: KioskState; onConfirmed: () => void }) {
  const [day, setDay] = useState('');
  const [month, setMonth] = useState('');
  const [year, setYear] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [ended, setEnded] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const d = Number(day);
    const y = Number(year);
    if (!Number.isInteger(d) || d < 1 || d > 31 || month === '' || !/^\d{4}$/.test(year) || y < 1900) {
      setError('Enter the day, choose the month and enter the year with four digits.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await confirmBirthDate(`${year}-${month}-${String(d).padStart(2, '0')}`);
      onConfirmed();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setEnded(true);
      else
        setError(
          err instanceof ApiError && err.status === 422
            ? err.message.replace(/^birthDate: t/, 'T')
            : errorText(err, 'Your date of birth could not be checked. Try again.'),
        );
    } finally {
      setBusy(false);
    }
  };
  if (ended)
    return (
      <HandBack title="Let's check with the staff">
        <Text fz={20}>That date of birth does not match our record.</Text>
      </HandBack>
    );
  return (
    <Stack gap="lg" component="form" onSubmit={(e) => void submit(e)} data-testid="kiosk-birth-date">
      <Title order={1} fz={28}>
        Hello, {state.givenName}
      </Title>
      <Text fz={20}>Before you start, please confirm your date of birth.</Text>
      <Group grow align="flex-start" gap="sm">
        <TextInput label="Day" size="lg" inputMode="numeric" maxLength={2} value={day} onChange={(e) => setDay(e.currentTarget.value)} />
        <NativeSelect
          label="Month"
          size="lg"
          value={month}
          onChange={(e) => setMonth(e.currentTarget.value)}
          data={[{ value: '', label: 'Choose' }, ...MONTHS.map((m, i) => ({ value: String(i + 1).padStart(2, '0'), label: m }))]}
        />
        <TextInput label="Year" size="lg" inputMode="numeric" maxLength={4} value={year} onChange={(e) => setYear(e.currentTarget.value)} />
      </Group>
      {error !== undefined && (
        <Alert color="red" title="Not confirmed" data-testid="kiosk-birth-date-error">
          <Text>{error}</Text>
        </Alert>
      )}
      <Button type="submit" size="xl" color="teal" fullWidth loading={busy}>
        Continue
      </Button>
      <Text fz="sm" c="dimmed">
        Not {state.givenName}? Please hand the tablet back to the staff.
      </Text>
    </Stack>
  );
}

/** /kiosk: the date of birth first, then the questionnaires due now; when none is left, the tablet goes back to the staff. */
export function KioskPage() {
  const state = useResource('kiosk-state', getKioskState, 'The questionnaires could not be loaded.');
  const { data, reload } = state;
  const finished = data !== undefined && data.confirmed && data.questionnaires.length === 0;
  useEffect(() => {
    if (data !== undefined) rememberCrisisResources(data.crisisResources.body);
  }, [data]);
  // Nothing left (answered elsewhere meanwhile): the tablet's session ends here too.
  useEffect(() => {
    if (finished) void portalSend('DELETE', '/api/portal/session').catch(() => undefined);
  }, [finished]);
  if (data === undefined) return <PortalProblem state={state.state} />;
  if (!data.confirmed) return <BirthDateForm state={data} onConfirmed={reload} />;
  if (finished)
    return (
      <HandBack>
        <Text fz={20}>Nothing else is due today.</Text>
      </HandBack>
    );
  return (
    <Stack gap="lg" data-testid="kiosk-questionnaires">
      <Title order={1} fz={28}>
        Thank you, {data.givenName}
      </Title>
      <Text fz={20}>
        {data.questionnaires.length === 1
          ? 'One questionnaire is due today.'
          : `${data.questionnaires.length} questionnaires are due today.`}{' '}
        Your answers go to your care team at {data.site.name}.
      </Text>
      {data.questionnaires.map((t) => (
        <QuestionnaireCard key={t.key} task={t} />
      ))}
    </Stack>
  );
}
