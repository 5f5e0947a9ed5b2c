import { Loader, Stack } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Route } from 'react-router';
import { PortalCarePlanPage } from './portal-care-plan-page';
import { PortalAccessLinkPage } from '../portal-access/portal-access-link-page';
import { PortalHomePage } from './portal-home-page';
import { PortalJournalPage } from './portal-journal-page';
import { PortalLayout } from './portal-layout';
import { PortalQuestionnairePage } from './portal-questionnaire-page';

// The results page (charts) loads only when opened.
const PortalResultsPage = lazy(() => import('./portal-results-page'));

const loading = (
  <Stack align="center" py="xl">
    <Loader size="lg" aria-label="Loading" />
  </Stack>
);

/** /portal: the patient portal (its own frame and portal access; no staff navigation). `/portal/enter` keeps its name: links already sent to patients use it. */
export function portalRoutes() {
  return (
    <Route path="portal" element={<PortalLayout />}>
      <Route index element={<PortalHomePage />} />
      <Route path="enter" element={<PortalAccessLinkPage />} />
      <Route path="questionnaires/:key" element={<PortalQuestionnairePage />} />
      <Route path="journal" element={<PortalJournalPage />} />
      <Route
        path="results"
        element={
          <Suspense fallback={loading}>
            <PortalResultsPage />
          </Suspense>
        }
      />
      <Route path="care-plan" element={<PortalCarePlanPage />} />
      <Route path="*" element={<PortalHomePage />} />
    </Route>
  );
}
