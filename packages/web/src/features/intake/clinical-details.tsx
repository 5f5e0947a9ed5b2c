import { Loader, SimpleGrid, Stack, Title } from '@mantine/core';
import { useResource } from '../../api/use-resource';
import { AllergiesCard } from './allergies-card';
import { ConditionsCard } from './conditions-card';
import { DiagnosesCard } from './diagnoses-card';
import { EscortCard } from './escort-card';
import { getDetails, listConditions } from './intake-api';
import { MedicationsCard } from './medications-card';
import { VitalsCard } from './vitals-card';
import { LoadError } from '../../ui/load-error';

/** The patient's clinical details: escort, diagnoses, conditions, allergies, medications, vitals. */
export function ClinicalDetails({ patientId, onFactsChanged }: { patientId: string; onFactsChanged?: () => void }) {
  const {
    state,
    data,
    reload: reloadDetails,
  } = useResource(`details:${patientId}`, () => getDetails(patientId), 'The clinical details could not be loaded.');
  const reload = () => {
    reloadDetails();
    onFactsChanged?.();
  };
  const conditions = useResource('conditions', listConditions);
  return (
    <Stack gap="sm" data-testid="clinical-details">
      <Title order={3}>Clinical details</Title>
      {state.status === 'loading' && data === undefined && <Loader size="sm" aria-label="Loading clinical details" />}
      <LoadError state={state} />
      {data !== undefined && (
        <>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <EscortCard patientId={patientId} escort={data.escort} onSaved={reload} />
            <DiagnosesCard patientId={patientId} items={data.diagnoses} onChanged={reload} />
            <ConditionsCard patientId={patientId} items={data.conditions} reference={conditions.data?.items ?? []} onChanged={reload} />
            <AllergiesCard patientId={patientId} items={data.allergies} onChanged={reload} />
          </SimpleGrid>
          <MedicationsCard patientId={patientId} items={data.medications} onChanged={reload} />
          <VitalsCard patientId={patientId} items={data.vitals} onChanged={reload} />
        </>
      )}
    </Stack>
  );
}
