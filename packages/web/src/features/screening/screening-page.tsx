import { ACTIVE_ENROLLMENT_STATES, CLEARED_ENROLLMENT_STATES } from '@kairos/api';
import type { InteractionSeverity } from '@kairos/core';
import { Alert, Button, Grid, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useRoles } from '../../ui/use-roles';
import { ChecksTable } from './checks-table';
import { checkLabel } from './check-labels';
import { DecisionPanel } from './decision-panel';
import { EarlierAssessments } from './earlier-assessments';
import { HoldPanel } from './hold-panel';
import { InteractionList } from './interaction-list';
import { OverrideModal } from './override-modal';
import { OverridesList } from './overrides-list';
import { RecordSummary } from './record-summary';
import { BaselineScores } from './baseline-scores';
import type { EnrollmentState } from '../intake/intake-api';
import { putScreeningFacts, type ScreeningCheck, type ScreeningView } from './screening-api';
import { ScreeningFactsForm } from './screening-facts-form';
import { ScreeningHeader } from './screening-header';
import { useScreeningData } from './use-screening-data';

/** Interaction severities that hold screening until a prescriber overrides them. */
const HOLDING: readonly InteractionSeverity[] = ['hold-before-session', 'contraindicated'];
/** Enrollments whose screening facts may still be recorded (every active state). */
const ACTIVE: readonly EnrollmentState[] = ACTIVE_ENROLLMENT_STATES;
/** Enrollments cleared by an eligible decision: a worse screening puts them on review hold. */
const CLEARED: readonly EnrollmentState[] = CLEARED_ENROLLMENT_STATES;

/** /patients/:pid/enrollments/:eid/screening: record the facts, read every check, override, decide. */
export function ScreeningPage() {
  const { pid = '', eid = '' } = useParams();
  const { patient, enrollment, screening, details, conditionTitle, conditionRef, reloadAll } = useScreeningData(pid, eid);
  const { has } = useRoles();
  const [overriding, setOverriding] = useState<ScreeningCheck>();
  const s = screening.data;
  const mayDecide = has('prescriber', 'medical-director');
  const put = (next: ScreeningView) => {
    screening.replace(next);
    reloadAll();
  };

  if (screening.state.status === 'error') {
    return (
      <Stack maw={720}>
        <ScreeningHeader patient={patient.data} enrollment={enrollment} />
        <Alert color="red">{screening.state.message}</Alert>
      </Stack>
    );
  }
  if (s === undefined) return <Loader aria-label="Loading screening" />;
  const current = s.assessment;
  return (
    <Stack>
      <ScreeningHeader patient={patient.data} enrollment={enrollment} printPath={`/patients/${pid}/enrollments/${eid}/screening/print`} />
      {s.hold !== null && (
        <HoldPanel
          enrollmentId={eid}
          hold={s.hold}
          mayRelease={s.hold.kind === 'absolute' ? has('medical-director') : has('prescriber', 'medical-director')}
          conditionTitle={conditionTitle}
          onReleased={put}
          onStale={reloadAll}
        />
      )}
      <DecisionPanel enrollmentId={eid} screening={s} mayDecide={mayDecide} onDecided={put} />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack>
            <ScreeningFactsForm
              key={eid}
              initial={s.facts}
              readOnly={enrollment !== undefined && !ACTIVE.includes(enrollment.state)}
              afterDecision={enrollment !== undefined && CLEARED.includes(enrollment.state)}
              onSave={async (facts) => {
                put(await putScreeningFacts(eid, facts));
              }}
            />
            <RecordSummary patientId={pid} details={details.data} enrollment={enrollment} conditionRef={conditionRef} />
            <BaselineScores patientId={pid} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack>
            <Paper withBorder p="md" radius="md">
              <Title order={4} mb="sm">
                Checks
              </Title>
              {current === null ? (
                <Text c="dimmed">No assessment yet.</Text>
              ) : (
                <ChecksTable
                  checks={current.checks}
                  overrides={s.overrides}
                  conditionTitle={conditionTitle}
                  policy={{ reviewable: mayDecide, absolute: has('medical-director') }}
                  onOverride={s.decision === null ? setOverriding : undefined}
                />
              )}
            </Paper>
            <Paper withBorder p="md" radius="md" data-testid="interactions">
              <Title order={4} mb="sm">
                Medication interactions
              </Title>
              {current === null || current.interactions.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No interaction flags.
                </Text>
              ) : (
                <InteractionList
                  items={current.interactions}
                  showMedication
                  renderAction={(i) => {
                    const id = `interaction:${i.class}`;
                    const done = s.overrides.find((o) => o.checkId === id);
                    if (done !== undefined) {
                      return (
                        <Text size="xs" c="orange" maw={220}>
                          Overridden by {done.by}: {done.reason}
                        </Text>
                      );
                    }
                    if (!HOLDING.includes(i.severity) || !mayDecide || s.decision !== null) return null;
                    return (
                      <Button
                        size="compact-xs"
                        variant="light"
                        color="orange"
                        className="no-print"
                        onClick={() => setOverriding({ id, outcome: 'warn', message: `${i.class}: ${i.message}`, sources: i.sources })}
                      >
                        Override
                      </Button>
                    );
                  }}
                />
              )}
              {current !== null && current.unrecognisedMedications.length > 0 && (
                <Alert color="gray" mt="sm" title="Not in the interaction table: check by hand">
                  {current.unrecognisedMedications.join(', ')}
                </Alert>
              )}
            </Paper>
            <Paper withBorder p="md" radius="md">
              <Title order={4} mb="sm">
                Overrides
              </Title>
              <OverridesList overrides={s.overrides} conditionTitle={conditionTitle} />
            </Paper>
            <Paper withBorder p="md" radius="md">
              <Title order={4} mb="sm">
                Earlier assessments
              </Title>
              <EarlierAssessments items={s.history.filter((a) => a.id !== current?.id)} conditionTitle={conditionTitle} />
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
      <OverrideModal
        enrollmentId={eid}
        check={overriding}
        label={overriding === undefined ? '' : checkLabel(overriding.id, conditionTitle)}
        onClose={() => setOverriding(undefined)}
        onDone={put}
      />
    </Stack>
  );
}
