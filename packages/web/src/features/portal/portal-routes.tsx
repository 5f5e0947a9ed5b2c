import { Route } from 'react-router';
import { lazyPage } from '../../ui/lazy-page';

// Each portal page is fetched when first opened (ui/lazy-page.tsx); the frame and the home page come together.
const start = () => import('./portal-start');
const PortalLayout = lazyPage(() => start().then((m) => m.PortalLayout));
const PortalHomePage = lazyPage(() => start().then((m) => m.PortalHomePage));
const PortalAccessLinkPage = lazyPage(() => start().then((m) => m.PortalAccessLinkPage));
const PortalQuestionnairePage = lazyPage(() => import('./portal-questionnaire-page').then((m) => m.PortalQuestionnairePage));
const PortalJournalPage = lazyPage(() => import('./portal-journal-page').then((m) => m.PortalJournalPage));
// The results page (charts) loads only when opened.
const PortalResultsPage = lazyPage(() => import('./portal-results-page').then((m) => m.PortalResultsPage));
const PortalCarePlanPage = lazyPage(() => import('./portal-care-plan-page').then((m) => m.PortalCarePlanPage));

/** /portal: the patient portal (its own frame and portal access; no staff navigation). `/portal/enter` keeps its name: links already sent to patients use it. */
export function portalRoutes() {
  return (
    <Route path="portal" element={<PortalLayout />}>
      <Route index element={<PortalHomePage />} />
      <Route path="enter" element={<PortalAccessLinkPage />} />
      <Route path="questionnaires/:key" element={<PortalQuestionnairePage />} />
      <Route path="journal" element={<PortalJournalPage />} />
      <Route path="results" element={<PortalResultsPage />} />
      <Route path="care-plan" element={<PortalCarePlanPage />} />
      <Route path="*" element={<PortalHomePage />} />
    </Route>
  );
}
