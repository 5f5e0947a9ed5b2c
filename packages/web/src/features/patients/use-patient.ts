import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { getPatient, type Patient } from './patients-api';

export type PatientState =
  | { status: 'loading' }
  | { status: 'done'; patient: Patient }
  /** Refused; `emergencyAccess`: the server offers emergency access ("break the glass") to this clinician. */
  | { status: 'forbidden'; message: string; emergencyAccess: boolean }
  | { status: 'not-found' }
  | { status: 'error'; message: string };

/** Loads one patient; `replace` puts a saved version in place without a reload; `reload` asks again (after emergency access). */
export function usePatient(id: string): { state: PatientState; replace: (p: Patient) => void; reload: () => void } {
  const [state, setState] = useState<PatientState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    getPatient(id).then(
      (patient) => current && setState({ status: 'done', patient }),
      (e: unknown) => {
        if (!current) return;
        if (e instanceof ApiError && e.status === 403)
          setState({ status: 'forbidden', message: e.message, emergencyAccess: e.details.emergencyAccess === 'available' });
        else if (e instanceof ApiError && (e.status === 404 || e.status === 400)) setState({ status: 'not-found' });
        else setState({ status: 'error', message: e instanceof ApiError ? e.message : 'The patient could not be loaded.' });
      },
    );
    return () => {
      current = false;
    };
  }, [id, attempt]);
  const replace = useCallback((patient: Patient) => setState({ status: 'done', patient }), []);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, replace, reload };
}
