import { DOSING_ROUTE_LABELS, doseOrderWords } from '@kairos/core';
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useSignIn } from '../sign-in/sign-in-context';
import { StepUpDialog } from '../../ui/step-up-dialog';
import { DoseCalculationTable } from './dose-calculation';
import { DoseOrderForm, type DoseOrderDefaults } from './dose-order-form';
import { formatClock } from './labels';
import { doubleCheckDose, type DosingSessionView } from './dosing-session-api';
import { useAct } from './use-act';

export interface DoseCardProps {
  session: DosingSessionView;
  names: Map<string, string>;
  defaults: DoseOrderDefaults;
  timeZone?: string;
  onChange: (s: DosingSessionView) => void;
}

/** The dose: the order form (prescribers, before the infusion), every number of the calculation, and the double check. */
export function DoseCard({ session, names, defaults, timeZone, onChange }: DoseCardProps) {
  const { signedIn: me } = useSignIn();
  const roles = me?.user.roles ?? [];
  const prescriber = roles.includes('prescriber') || roles.includes('medical-director');
  const beforeInfusion = session.state === 'checked-in' || session.state === 'pre-dose';
  const order = session.doseOrder;
  const [checking, setChecking] = useState(false);
  const [reordering, setReordering] = useState(false);
  const { error, act } = useAct();
  const who = (id: string | null) => (id === null ? '—' : (names.get(id) ?? 'another user'));
  const checked = order !== null && order.doubleCheckedBy !== null;

  return (
    <Card withBorder radius="md" data-testid="dose-card">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Dose</Title>
          {order === null ? (
            <Badge size="lg" color="orange" variant="light">
              not ordered
            </Badge>
          ) : checked ? (
            <Badge size="lg" color="green" variant="filled" data-testid="double-checked">
              ✓ double-checked
            </Badge>
          ) : (
            <Badge size="lg" color="orange" variant="filled">
              ○ awaiting double check
            </Badge>
          )}
        </Group>
        {order !== null && (
          <>
            <Text size="sm">
              Ordered by <b>{who(order.orderedBy)}</b> at {formatClock(order.orderedAt, timeZone)}
              {checked && (
                <>
                  {' '}
                  · double-checked by <b>{who(order.doubleCheckedBy)}</b> at {formatClock(order.doubleCheckedAt, timeZone)}
                </>
              )}
            </Text>
            <DoseCalculationTable c={order.calculation} />
          </>
        )}
        {order === null && !prescriber && (
          <Text size="sm" c="dimmed">
            A prescriber orders the dose.
          </Text>
        )}
        {prescriber && beforeInfusion && (order === null || reordering) && (
          <DoseOrderForm
            session={session}
            defaults={defaults}
            onChange={(s) => {
              setReordering(false);
              onChange(s);
            }}
          />
        )}
        {order !== null && beforeInfusion && (
          <Group>
            {!checked && me?.user.licensed === true && (
              <Button size="lg" onClick={() => setChecking(true)}>
                Double check
              </Button>
            )}
            {prescriber && !reordering && (
              <Button size="md" variant="subtle" onClick={() => setReordering(true)}>
                Order again
              </Button>
            )}
          </Group>
        )}
        {error !== undefined && <Alert color="red">{error}</Alert>}
      </Stack>
      {order !== null && (
        <StepUpDialog
          opened={checking}
          onClose={() => setChecking(false)}
          purpose="dose.double-check"
          who="other-licensed"
          title="Independent double check of the dose"
          description={`${DOSING_ROUTE_LABELS[session.route]}: ${doseOrderWords(order.calculation).dose}; ${doseOrderWords(order.calculation).preparation}. A licensed person other than the orderer checks it.`}
          onVerified={(token) => {
            setChecking(false);
            void act(() => doubleCheckDose(session.id, token), onChange);
          }}
        />
      )}
    </Card>
  );
}
