import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { searchPatients, type PatientSummary } from './patients-api';

export type SearchState =
  | { status: 'loading'; previous?: { items: PatientSummary[]; total: number } }
  | { status: 'done'; items: PatientSummary[]; total: number }
  | { status: 'error'; message: string };

/** Searches patients whenever the query or the page changes; the last answer wins. */
export function usePatientSearch(q: string, page: number): SearchState {
  const [state, setState] = useState<SearchState>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setState((s) => ({ status: 'loading', ...(s.status === 'done' ? { previous: { items: s.items, total: s.total } } : {}) }));
    searchPatients(q, page).then(
      (r) => current && setState({ status: 'done', items: r.items, total: r.total }),
      (e: unknown) =>
        current && setState({ status: 'error', message: e instanceof ApiError ? e.message : 'The patient list could not be loaded.' }),
    );
    return () => {
      current = false;
    };
  }, [q, page]);
  return state;
}
