import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import type { DischargeCondition } from '@kairos/core';
import { DischargeEscortBodySchema, type DischargeEscortBody } from '@kairos/api';
import { useForm } from '@mantine/form';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { useSignIn } from '../sign-in/sign-in-context';
import { AldreteForm } from './aldrete-form';
import { localizeInstants } from './chair-words';
import { formatClock, formatDuration } from './labels';
import { confirmDischargeEscort, type DosingSessionView } from './dosing-session-api';
import { useAct } from './use-act';

const STATUS: Record<DischargeCondition['status'], { icon: string; word: string; color: string }> = {
  met: { icon: '✓', word: 'met', color: 'green' },
  unmet: { icon: '✗', word: 'not yet', color: 'orange' },
  missing: { icon: '?', word: 'missing', color: 'red' },
  'not-applicable': { icon: '–', word: 'n/a', color: 'gray' },
};

/** Discharge readiness from core: each condition with its status in words, the escort confirmed at discharge, and the Aldrete entry. */
export function DischargeCard({
  session,
  nowMs,
  timeZone,
  onChange,
}: {
  session: DosingSessionView;
  nowMs: number;
  timeZone?: string;
  onChange: (s: DosingSessionView) => void;
}) {
  const d = session.discharge;
  if (d === null) return null;
  const endsAt = d.minimumObservationEndsAt;
  return (
    <Card withBorder radius="md" data-testid="discharge-card">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Discharge checklist</Title>
          <Badge size="xl" color={d.ready ? 'green' : 'orange'} variant="filled" data-testid="discharge-ready">
            {d.ready ? '✓ ready for discharge' : '✗ not ready'}
          </Badge>
        </Group>
        {endsAt !== undefined && (
          <Text size="sm">
            Minimum observation ends at {formatClock(endsAt, timeZone)}
            {Date.parse(endsAt) > nowMs ? ` (in ${formatDuration(Date.parse(endsAt) - nowMs)})` : ' (reached)'}
          </Text>
        )}
        <SimpleGrid cols={2} spacing="lg">
          <Stack gap={4}>
            {d.conditions.map((c) => (
              <Group key={c.id} gap="xs" wrap="nowrap" align="flex-start" data-condition={c.id} data-status={c.status}>
                <Badge color={STATUS[c.status].color} variant="light" miw={84}>
                  {STATUS[c.status].icon} {STATUS[c.status].word}
                </Badge>
                <Text size="sm">{localizeInstants(c.message, (iso) => formatClock(iso, timeZone))}</Text>
              </Group>
            ))}
          </Stack>
          <Stack gap="sm">
            <DischargeEscort session={session} timeZone={timeZone} onChange={onChange} />
            <AldreteForm session={session} onChange={onChange} />
          </Stack>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

/**
 * The adult taking the patient home, confirmed again at discharge (PUT discharge-escort): prefilled
 * with the escort's name from the pre-dose checklist. Readiness waits for it.
 */
function DischargeEscort({
  session,
  timeZone,
  onChange,
}: {
  session: DosingSessionView;
  timeZone?: string;
  onChange: (s: DosingSessionView) => void;
}) {
  const { signedIn: me } = useSignIn();
  const confirmed = session.dischargeEscort ?? null;
  const expected = session.checklist.values.escort;
  const [changing, setChanging] = useState(false);
  // The contract's rule (a name of 2 to 200 characters), checked here before sending.
  const form = useForm<DischargeEscortBody>({
    initialValues: { name: expected?.name ?? '' },
    validate: zod4Resolver(DischargeEscortBodySchema),
  });
  const { busy, error, setError, act } = useAct();
  const may = me?.user.licensed === true && session.state === 'observing';
  const submit = form.onSubmit(
    (values) =>
      void act(
        () => confirmDischargeEscort(session.id, values.name.trim()),
        (s) => {
          onChange(s);
          setChanging(false);
        },
      ),
  );

  if (confirmed !== null && !changing) {
    return (
      <Group justify="space-between" wrap="nowrap" data-testid="discharge-escort">
        <Text size="sm" style={{ flex: 1 }}>
          <span aria-hidden="true">✓</span> Going home with <b>{confirmed.name}</b> (confirmed at {formatClock(confirmed.at, timeZone)})
        </Text>
        {may && (
          <Button
            variant="subtle"
            size="md"
            style={{ flexShrink: 0 }}
            onClick={() => {
              form.setValues({ name: confirmed.name });
              setError(undefined);
              setChanging(true);
            }}
          >
            Change
          </Button>
        )}
      </Group>
    );
  }
  if (!may) {
    return (
      <Text size="sm" c="dimmed" data-testid="discharge-escort">
        The escort is confirmed by the nurse at discharge.
      </Text>
    );
  }
  return (
    <form onSubmit={submit} noValidate data-testid="discharge-escort-form">
      <Stack gap={6} p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
        <Text fw={600}>Who takes the patient home?</Text>
        <Text size="sm" c="dimmed">
          Confirm the adult who is here now to take the patient home
          {expected === undefined ? '' : ` (expected: ${expected.name}, ${expected.phone})`}.
        </Text>
        <Group align="flex-end" wrap="nowrap">
          <TextInput label="Escort present at discharge" size="md" {...form.getInputProps('name')} style={{ flex: 1 }} />
          <Button type="submit" size="md" loading={busy} disabled={!form.isValid()}>
            Confirm escort
          </Button>
        </Group>
        {error !== undefined && (
          <Alert color="red" role="alert" py="xs">
            {error}
          </Alert>
        )}
      </Stack>
    </form>
  );
}
