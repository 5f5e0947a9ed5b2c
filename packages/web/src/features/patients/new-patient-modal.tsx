import { Modal } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useSignIn } from '../sign-in/sign-in-context';
import { CareTeamFields, initialCareTeam, toCareTeam, type CareTeamChoice } from './care-team-fields';
import { EMPTY_PATIENT, PatientForm, toPatientInput } from './patient-form';
import { createPatient } from './patients-api';

/** "New patient": creates the patient, with a care team, and opens their page. */
export function NewPatientModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="New patient" size="lg" centered>
      {opened && <NewPatientForm onClose={onClose} />}
    </Modal>
  );
}

function NewPatientForm({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const { signedIn } = useSignIn();
  const [careTeam, setCareTeam] = useState<CareTeamChoice>(() => initialCareTeam(signedIn?.user));
  return (
    <PatientForm
      initial={EMPTY_PATIENT}
      submitLabel="Create patient"
      onCancel={onClose}
      onSubmit={async (values) => {
        const team = toCareTeam(careTeam);
        const patient = await createPatient({ ...toPatientInput(values), ...(team.length > 0 ? { careTeam: team } : {}) });
        onClose();
        await navigate(`/patients/${patient.id}`);
      }}
    >
      <CareTeamFields value={careTeam} onChange={setCareTeam} />
    </PatientForm>
  );
}
