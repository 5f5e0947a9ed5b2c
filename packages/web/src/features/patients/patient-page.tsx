import { Alert, Anchor, Badge, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ClinicalDetails } from '../intake/clinical-details';
import { EnrollmentsPanel } from '../intake/enrollments-panel';
import { MeasuresPanel } from '../measures/measures-panel';
import { NotesCard } from '../notes/notes-card';
import { MessagesCard } from '../messages/messages-card';
import { PatientSchedule } from '../schedule/patient-schedule';
import { CareTeamCard } from './care-team-card';
import { PatientDetailsCard } from './patient-details-card';
import { PatientForm, type PatientFormValues } from './patient-form';
import { patientName, updatePatient, type Patient, type PatientInput } from './patients-api';
import { usePatient } from './use-patient';
import { useResource } from '../../api/use-resource';
import { useRoles } from '../../ui/use-roles';
import { AccessReportCard } from '../emergency-access/access-report-card';
import { BreakTheGlass } from '../emergency-access/break-the-glass';
import { EmergencyAccessBanner } from '../emergency-access/emergency-access-banner';
import { getMyEmergencyAccess } from '../emergency-access/emergency-access-api';

function BackLink() {
  return (
    <Anchor component={Link} to="/patients" size="sm">
      ← All patients
    </Anchor>
  );
}

/**
 * /patients/:id: details, care team, edit, enrollments, clinical details, who opened the record; a
 * clear refusal outside the care team, with emergency access ("break the glass") where the server
 * offers it, and a banner while the record is read under emergency access.
 */
export function PatientPage() {
  const { id = '' } = useParams();
  const { state, replace, reload } = usePatient(id);
  const { has } = useRoles();
  const [editing, setEditing] = useState(false);
  // Bumped when the patient's facts change: screening is recomputed and an enrollment may go on hold.
  const [factsVersion, setFactsVersion] = useState(0);
  const factsChanged = () => setFactsVersion((v) => v + 1);

  if (state.status === 'loading') return <Loader aria-label="Loading patient" />;
  if (state.status === 'forbidden') {
    return (
      <Stack maw={640} data-testid="patient-forbidden">
        <BackLink />
        <Alert color="red" title="You are not on this patient's care team">
          <Text size="sm">
            Access to a patient’s record follows their care team. This request was refused and recorded in the audit trail. If you need this
            record, ask the patient’s prescriber or a medical director to add you to the care team.
          </Text>
        </Alert>
        {state.emergencyAccess && <BreakTheGlass patientId={id} onOpened={reload} />}
      </Stack>
    );
  }
  if (state.status === 'not-found') {
    return (
      <Stack maw={640}>
        <BackLink />
        <Alert color="gray" title="No such patient">
          There is no patient at this address.
        </Alert>
      </Stack>
    );
  }
  if (state.status === 'error') {
    return (
      <Stack maw={640}>
        <BackLink />
        <Alert color="red">{state.message}</Alert>
      </Stack>
    );
  }

  const p = state.patient;
  return (
    <Stack>
      <BackLink />
      {has('prescriber', 'nurse', 'therapist') && <MyEmergencyAccess patientId={p.id} />}
      <Group gap="sm">
        <Title order={2}>{patientName(p)}</Title>
        <Badge variant="outline" ff="monospace">
          MRN {p.mrn}
        </Badge>
        {p.synthetic && (
          <Badge color="orange" variant="light">
            Synthetic
          </Badge>
        )}
      </Group>
      {editing ? (
        <Paper withBorder p="md" radius="md">
          <Title order={4} mb="sm">
            Edit details
          </Title>
          <PatientForm
            initial={toFormValues(p)}
            submitLabel="Save changes"
            onCancel={() => setEditing(false)}
            onSubmit={async (values) => {
              const changes = changedFields(p, values);
              const saved = Object.keys(changes).length === 0 ? p : await updatePatient(p.id, changes);
              replace({ ...saved, careTeam: saved.careTeam ?? p.careTeam });
              setEditing(false);
              if (Object.keys(changes).length > 0) factsChanged();
            }}
          />
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <PatientDetailsCard patient={p} onEdit={() => setEditing(true)} />
          <CareTeamCard careTeam={p.careTeam} />
        </SimpleGrid>
      )}
      <EnrollmentsPanel patientId={p.id} factsVersion={factsVersion} />
      <PatientSchedule patientId={p.id} />
      <MeasuresPanel patientId={p.id} onEnrolled={factsChanged} />
      <ClinicalDetails patientId={p.id} onFactsChanged={factsChanged} />
      <NotesCard patientId={p.id} />
      {has('coordinator', 'medical-director') && (
        <Paper withBorder p="md" radius="md">
          <Group justify="space-between">
            <div>
              <Title order={4}>Billing</Title>
              <Text size="sm" c="dimmed">
                The visits to bill with the codes Kairos proposes, the charges, payments and superbills.
              </Text>
            </div>
            <Anchor component={Link} to={`/patients/${p.id}/billing`} data-testid="patient-billing-link">
              Charges and superbills →
            </Anchor>
          </Group>
        </Paper>
      )}
      <MessagesCard patientId={p.id} />
      {has('medical-director', 'prescriber') && <AccessReportCard patientId={p.id} />}
    </Stack>
  );
}

/** The banner of the signed-in clinician's emergency access to this patient, while it is active. */
function MyEmergencyAccess({ patientId }: { patientId: string }) {
  const mine = useResource(`my-emergency-access:${patientId}`, () => getMyEmergencyAccess(patientId));
  const active = mine.data?.active;
  return active === null || active === undefined ? null : <EmergencyAccessBanner access={active} />;
}

function toFormValues(p: Patient): PatientFormValues {
  return {
    mrn: p.mrn,
    givenName: p.givenName,
    familyName: p.familyName,
    birthDate: p.birthDate,
    sex: p.sex ?? 'unknown',
    phone: p.phone ?? '',
    email: p.email ?? '',
    address: p.address ?? '',
  };
}

/** Only what changed; a cleared phone, email or address is sent as null. */
function changedFields(p: Patient, v: PatientFormValues): Partial<PatientInput> {
  const out: Partial<PatientInput> = {};
  for (const f of ['mrn', 'givenName', 'familyName', 'birthDate'] as const) if (v[f].trim() !== p[f]) out[f] = v[f].trim();
  if (v.sex !== p.sex) out.sex = v.sex;
  for (const f of ['phone', 'email', 'address'] as const) {
    const now = v[f].trim();
    if (now !== (p[f] ?? '')) out[f] = now === '' ? null : now;
  }
  return out;
}
