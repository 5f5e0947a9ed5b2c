import { Alert, Anchor, Button, Container, Divider, Group, List, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { formatInstant } from '../../api/use-resource';
import { useSignIn } from '../sign-in/sign-in-context';
import { allergyText } from '../intake/fact-words';
import { stateLabel } from '../intake/intake-api';
import { patientName } from '../patients/patients-api';
import { holdReasonText, holdReleaser } from './check-labels';
import { ChecksTable } from './checks-table';
import { DecisionBadge } from './decision-badge';
import { InteractionList } from './interaction-list';
import { OverridesList } from './overrides-list';
import { COMPLETED_ITEMS, PRIOR_TREATMENTS } from './screening-api';
import { useScreeningData } from './use-screening-data';
import { LoadError } from '../../ui/load-error';

function Field({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}

const tri = (b: boolean | null) => (b === null ? 'not known' : b ? 'yes' : 'no');

/** /patients/:pid/enrollments/:eid/screening/print: the screening on paper, from the same data. */
export function ScreeningPrintPage() {
  const { pid = '', eid = '' } = useParams();
  const { signedIn } = useSignIn();
  const { patient, enrollment, screening, details, conditionTitle } = useScreeningData(pid, eid);
  const s = screening.data;
  const p = patient.data;
  if (screening.state.status === 'error') return <LoadError state={screening.state} />;
  if (patient.state.status === 'error') return <LoadError state={patient.state} />;
  if (s === undefined || p === undefined) return <Loader aria-label="Loading screening" m="xl" />;
  const a = s.assessment;
  return (
    <Container size="lg" py="md" data-testid="screening-print">
      <Group justify="space-between" className="no-print" mb="md">
        <Anchor component={Link} to={`/patients/${pid}/enrollments/${eid}/screening`} size="sm">
          ← Back to the screening workspace
        </Anchor>
        <Button onClick={() => window.print()}>Print</Button>
      </Group>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Title order={2}>Screening summary</Title>
          <Text size="sm" c="dimmed">
            Kairos · printed {formatInstant(new Date().toISOString())} by {signedIn?.user.displayName ?? '—'}
          </Text>
        </Group>
        <SimpleGrid cols={4}>
          <Field label="Patient" value={patientName(p)} />
          <Field label="MRN" value={p.mrn} />
          <Field label="Date of birth" value={p.birthDate} />
          <Field label="Program" value={enrollment === undefined ? '—' : `${enrollment.programTitle} (${stateLabel(enrollment.state)})`} />
          <Field label="Screening date" value={a?.asOf ?? '—'} />
          <Field label="Computed" value={formatInstant(a?.computedAt)} />
          <Field
            label="Consent"
            value={
              enrollment?.consent.signed === true
                ? `version ${enrollment.consent.documentVersion} signed ${formatInstant(enrollment.consent.signedAt)}`
                : 'not signed'
            }
          />
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Computed decision
            </Text>
            {a === null ? <Text size="sm">not computed</Text> : <DecisionBadge decision={a.decision} size="md" />}
          </div>
        </SimpleGrid>
        <Text size="sm">
          Prior treatments:{' '}
          {s.facts.priorTreatments.length === 0
            ? 'none recorded'
            : s.facts.priorTreatments.map((t) => PRIOR_TREATMENTS.find((p) => p.value === t)?.label ?? t).join(', ')}{' '}
          · Cardiovascular risk factors: {tri(s.facts.cardiovascularRiskFactors)} · Pregnancy possible: {tri(s.facts.pregnancyPossible)}
        </Text>
        <Text size="sm">Completed: {COMPLETED_ITEMS.map((i) => `${i.label} ${s.facts.completed[i.key] ?? '—'}`).join(' · ')}</Text>
        <Text size="sm" data-testid="printed-allergies">
          Allergies and intolerances:{' '}
          {details.data === undefined
            ? 'not loaded'
            : details.data.allergies.length === 0
              ? 'none recorded'
              : details.data.allergies.map((x) => allergyText(x.data)).join('; ')}
        </Text>
        {s.hold !== null && (
          <Alert
            color="red"
            variant="outline"
            title={`On review hold since ${formatInstant(s.hold.since)}: no dosing session can start`}
            data-testid="printed-hold"
          >
            <List size="sm">
              {s.hold.reasons.map((r) => (
                <List.Item key={r}>{holdReasonText(r, conditionTitle)}</List.Item>
              ))}
            </List>
            <Text size="sm" mt={4}>
              Released only by {holdReleaser(s.hold.kind)}.
            </Text>
          </Alert>
        )}
        <Divider />
        <Title order={4}>Checks</Title>
        {a === null ? (
          <Text>No assessment.</Text>
        ) : (
          <ChecksTable checks={a.checks} overrides={s.overrides} conditionTitle={conditionTitle} />
        )}
        {a !== null && a.interactions.length > 0 && (
          <>
            <Title order={4}>Medication interactions</Title>
            <InteractionList items={a.interactions} showMedication />
          </>
        )}
        <Title order={4}>Overrides</Title>
        <OverridesList overrides={s.overrides} conditionTitle={conditionTitle} />
        <Title order={4}>Decision</Title>
        {s.decision === null ? (
          <Text>Not decided yet.</Text>
        ) : (
          <Text data-testid="printed-decision">
            <b>{s.decision.outcome === 'eligible' ? 'Eligible' : 'Ineligible'}</b>, decided {formatInstant(s.decision.at)} by{' '}
            {s.decision.by}
            {s.decision.reason !== null && s.decision.reason !== '' ? `. Reason: ${s.decision.reason}` : ''}
          </Text>
        )}
      </Stack>
    </Container>
  );
}
