import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { getPatient, type Patient } from './patients-api';

export type PatientState =
  | { status: 'loading' }
  | { status: 'done'; patient: Patient }
  | { status: 'forbidden'; message: string }
  | { status: 'not-found' }
  | { status: 'error'; message: string };

/** Loads one patient; `replace` puts a saved version in place without a reload. */
export function usePatient(id: string): { state: PatientState; replace: (p: Patient) => void } {
  const [state, setState] = useState<PatientState>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    getPatient(id).then(
      (patient) => current && setState({ status: 'done', patient }),
      (e: unknown) => {
        if (!current) return;
        if (e instanceof ApiError && e.status === 403) setState({ status: 'forbidden', message: e.message });
        else if (e instanceof ApiError && (e.status === 404 || e.status === 400)) setState({ status: 'not-found' });
        else setState({ status: 'error', message: e instanceof ApiError ? e.message : 'The patient could not be loaded.' });
      },
    );
    return () => {
      current = false;
    };
  }, [id]);
  const replace = useCallback((patient: Patient) => setState({ status: 'done', patient }), []);
  return { state, replace };
}
