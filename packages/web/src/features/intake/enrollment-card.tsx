import { Anchor, Badge, Button, Collapse, Group, List, Paper, Spoiler, Stack, Text, Timeline } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatInstant } from '../../api/use-resource';
import { CLEARED_STATES, EnrollmentHold } from './enrollment-hold';
import { STATE_COLORS, stateLabel, type Enrollment, type EnrollmentState } from './intake-api';
import { ReferralCard } from './referral-card';
import { TabletConsentModal } from './tablet-consent-modal';
import { TransitionButtons } from './transition-buttons';

const SCREENING_STATES: readonly EnrollmentState[] = [
  'screening',
  'eligible',
  'ineligible',
  'scheduled',
  'in-treatment',
  'follow-up',
  'completed',
];
const OPEN_FOR_CONSENT: readonly EnrollmentState[] = ['referred', 'screening', 'eligible'];

/** Who took a step, in words: a staff member, Kairos following the course, or the patient in the portal. */
function historyBy(h: Enrollment['history'][number]): string {
  if (h.by !== null) return h.by;
  if (h.rule !== null)
    return `Kairos, as the course went on${h.protocolVersion === null ? '' : ` (protocol version ${h.protocolVersion})`}`;
  return 'the patient (portal)';
}

/** Where one enrollment stands, what it waits for, its history, and the steps it may take. */
export function EnrollmentCard({
  patientId,
  enrollment: e,
  siteName,
  onChanged,
  factsVersion = 0,
}: {
  patientId: string;
  enrollment: Enrollment;
  siteName: string;
  onChanged: (e?: Enrollment) => void;
  factsVersion?: number;
}) {
  const [showHistory, setShowHistory] = useState(false);
  const [tablet, setTablet] = useState(false);
  const screening = `/patients/${patientId}/enrollments/${e.id}/screening`;
  const decideHere = e.state === 'screening';
  return (
    <Paper withBorder p="md" radius="md" data-testid="enrollment-card" data-enrollment-id={e.id}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Group gap="sm">
              <Text fw={700}>{e.programTitle}</Text>
              <Badge color={STATE_COLORS[e.state]} data-testid="enrollment-state">
                {stateLabel(e.state)}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {siteName}
            </Text>
          </Stack>
          <Stack gap={2} align="flex-end">
            {e.consent.signed ? (
              <Badge color="teal" variant="light" data-testid="consent-status">
                consent v{e.consent.documentVersion} signed {formatInstant(e.consent.signedAt)}
              </Badge>
            ) : (
              <Badge color="yellow" variant="light" data-testid="consent-status">
                consent not signed
              </Badge>
            )}
          </Stack>
        </Group>
        {CLEARED_STATES.includes(e.state) && <EnrollmentHold enrollmentId={e.id} screeningPath={screening} version={factsVersion} />}
        {e.waitingFor.length > 0 && (
          <div data-testid="waiting-for">
            <Text size="sm" fw={600}>
              Waiting for
            </Text>
            <Spoiler
              maxHeight={90}
              showLabel="Show all"
              hideLabel="Show less"
              styles={{ control: { fontSize: 'var(--mantine-font-size-xs)' } }}
            >
              <List size="sm" spacing={0}>
                {e.waitingFor.map((w) => (
                  <List.Item key={w}>{w}</List.Item>
                ))}
              </List>
            </Spoiler>
          </div>
        )}
        <Group gap="xs" className="no-print">
          {SCREENING_STATES.includes(e.state) && (
            <Button component={Link} to={screening} size="xs">
              {decideHere ? 'Screening workspace: record facts and decide' : 'Screening workspace'}
            </Button>
          )}
          {!e.consent.signed && OPEN_FOR_CONSENT.includes(e.state) && (
            <Button size="xs" variant="light" onClick={() => setTablet(true)}>
              Sign consent on this tablet
            </Button>
          )}
          <TransitionButtons enrollment={e} onMoved={onChanged} />
        </Group>
        <Anchor component="button" type="button" size="sm" onClick={() => setShowHistory((s) => !s)} className="no-print">
          {showHistory ? 'Hide history' : `History (${e.history.length})`}
        </Anchor>
        <Collapse expanded={showHistory}>
          <Timeline bulletSize={12} lineWidth={2} active={e.history.length}>
            {e.history.map((h, i) => (
              <Timeline.Item key={i} title={`${h.from === null ? 'created' : stateLabel(h.from)} → ${stateLabel(h.to)}`}>
                <Text size="xs" c="dimmed" data-testid="enrollment-history-by">
                  {formatInstant(h.at)} · {historyBy(h)}
                </Text>
                {h.reason !== null && h.reason !== '' && <Text size="sm">Reason: {h.reason}</Text>}
              </Timeline.Item>
            ))}
          </Timeline>
        </Collapse>
        <ReferralCard enrollmentId={e.id} />
      </Stack>
      <TabletConsentModal enrollment={e} opened={tablet} onClose={() => setTablet(false)} onSigned={() => onChanged()} />
    </Paper>
  );
}
