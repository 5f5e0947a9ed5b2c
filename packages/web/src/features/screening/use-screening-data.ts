import { useCallback } from 'react';
import { useResource } from '../../api/use-resource';
import { getDetails, listConditions, listEnrollments } from '../intake/intake-api';
import { getPatient } from '../patients/patients-api';
import { getScreening } from './screening-api';

/** Everything the screening workspace and its printable summary show. */
export function useScreeningData(patientId: string, enrollmentId: string) {
  const patient = useResource(`patient:${patientId}`, () => getPatient(patientId), 'The patient could not be loaded.');
  const enrollments = useResource(`enrollments:${patientId}`, () => listEnrollments(patientId));
  const screening = useResource(`screening:${enrollmentId}`, () => getScreening(enrollmentId), 'The screening could not be loaded.');
  const details = useResource(`details:${patientId}`, () => getDetails(patientId));
  const conditions = useResource('conditions', listConditions);
  const enrollment = enrollments.data?.items.find((e) => e.id === enrollmentId);
  const conditionRef = useCallback((code: string) => conditions.data?.items.find((c) => c.code === code), [conditions.data]);
  const conditionTitle = useCallback((code: string) => conditionRef(code)?.title, [conditionRef]);
  const { reload: reloadEnrollments } = enrollments;
  const { reload: reloadScreening } = screening;
  const reloadAll = useCallback(() => {
    reloadEnrollments();
    reloadScreening();
  }, [reloadEnrollments, reloadScreening]);
  return { patient, enrollment, enrollments, screening, details, conditionTitle, conditionRef, reloadAll };
}
