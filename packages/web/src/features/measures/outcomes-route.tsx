import { Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { SectionGate } from '../shell/section-gate';

/** The outcome view's code (with its charts) loads only when it is opened. */
const OutcomesPage = lazy(() => import('./outcomes-page'));

/** /patients/:id/outcomes: for the roles that read outcomes (the Outcomes section: director, prescriber, therapist). */
export function OutcomesRoute() {
  return (
    <SectionGate section="outcomes">
      <Suspense fallback={<Loader aria-label="Loading the outcome view" />}>
        <OutcomesPage />
      </Suspense>
    </SectionGate>
  );
}
